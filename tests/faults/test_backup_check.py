"""The backup check (gnlc/ops/backup_check.py, `make backup-check`): pg_dump of a seeded
PostgreSQL database and its media, restored into a new empty database and directories, row
counts and checksums compared."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from gnlc.ops import backup_check

from .conftest import ROOT, complete_draft, database_url, make_applicant


@pytest.fixture
def seeded(network, open_call, themes, irish_commission, tmp_path):
    """The small network, an application with its pledge, and two media directories."""
    from cities.services import applications as workflow

    applicant = make_applicant("focal@galway.example")
    workflow.submit_application(complete_draft(applicant, open_call, themes), by=applicant)
    public, private = tmp_path / "media", tmp_path / "private-media"
    (public / "cities" / "cork").mkdir(parents=True)
    (public / "cities" / "cork" / "harbour.jpg").write_bytes(bytes(range(256)) * 40)
    (public / "cities" / "espoo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 500)
    (private / "pledges").mkdir(parents=True)
    (private / "pledges" / "a81f0c.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    return public, private


def restore_databases():
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", ["%restore_check%"])
        return [name for (name,) in cursor.fetchall() if name.startswith(_name()[:30])]


def _name():
    return connection.settings_dict["NAME"]


@pytest.mark.postgresql("pg_dump and pg_restore of a real database")
@pytest.mark.django_db(transaction=True)
def test_the_backup_restores_into_an_empty_database_with_every_row_and_file(seeded, tmp_path):
    public, private = seeded
    backups = tmp_path / "backups"
    port = int(connection.settings_dict.get("PORT") or 5432)

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gnlc.ops.backup_check",
            f"--database-url={database_url(port=port)}",
            f"--media={public}",
            f"--media={private}",
            f"--backup-dir={backups}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    lines = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line}
    assert lines["public.cities_city"] == ["7", "7", "ok"]
    assert lines["public.cities_membershipapplication"] == ["1", "1", "ok"]
    assert lines["public.cities_applicationevent"] == ["2", "2", "ok"]
    assert lines["public.post_office_email"] == ["2", "2", "ok"]
    assert f"files in {public}: 2 backed up, 2 restored" in result.stdout
    assert f"files in {private}: 1 backed up, 1 restored" in result.stdout
    assert "OK: " in result.stdout
    # The backup is kept (dump and archives); the restored copy is gone.
    kept = sorted(path.suffix for path in backups.iterdir())
    assert kept == [".dump", ".gz", ".gz"]
    assert restore_databases() == []


@pytest.mark.postgresql("pg_dump and pg_restore of a real database")
@pytest.mark.django_db(transaction=True)
def test_a_restore_that_lost_rows_or_changed_a_file_is_reported(seeded, tmp_path):
    public, _private = seeded
    database = backup_check.Database.from_settings(connection.settings_dict)
    restored = database.named(f"{_name()[:30]}_restore_check_probe")
    source_counts = backup_check.dump(database, tmp_path / "probe.dump")
    try:
        backup_check.restore(tmp_path / "probe.dump", restored)
        with restored.connect(autocommit=True) as other, other.cursor() as cursor:
            cursor.execute("DELETE FROM cities_citycluster")
            restored_counts = backup_check.count_rows(cursor)
    finally:
        backup_check.drop(restored)
    before = backup_check.archive(public, tmp_path / "media.tar.gz")
    after = backup_check.extract(tmp_path / "media.tar.gz", tmp_path / "restored")
    Path(tmp_path / "restored" / "cities" / "espoo.png").write_bytes(b"not the same")
    after = backup_check.checksums(tmp_path / "restored")

    report = backup_check.compare(
        backup_check.Report(), source_counts, restored_counts, {"media": (before, after)}
    )

    assert not report.ok
    assert report.differences == [
        "table public.cities_citycluster: 2 rows backed up, 0 restored",
        "media: cities/espoo.png differs after the restore",
    ]
    assert restore_databases() == []


def test_a_database_that_cannot_be_reached_fails_the_check(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gnlc.ops.backup_check",
            "--database-url=postgres://postgres@127.0.0.1:8239/no_such_database",
            f"--media={tmp_path}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "ERROR:" in result.stderr
