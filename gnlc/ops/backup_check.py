"""Back up the portal's database and media, restore both into empty places, compare.

    python -m gnlc.ops.backup_check [--database-url URL] [--media DIR ...] [--backup-dir DIR]

1. Opens a REPEATABLE READ transaction on the database, exports its snapshot and counts the
   rows of every table in it, then `pg_dump --format=custom --snapshot=...` dumps exactly
   that state (so the check holds on a live database that keeps changing).
2. Archives every media directory (tar.gz), noting each file's size and SHA-256.
3. Creates a new, empty database (`createdb`), restores the dump into it (`pg_restore
   --no-owner --exit-on-error`) and extracts each archive into an empty directory.
4. Compares: the same tables with the same row counts, the same files with the same
   checksums. Prints a report; exits 0 when everything matches, 1 on any difference, 2 when
   a tool fails. The restored database and directories are removed afterwards.

Defaults come from the Django settings (DATABASES["default"], MEDIA_ROOT and
PRIVATE_MEDIA_ROOT when they are local directories). With --backup-dir the dump and the
archives are kept there (named by date and time): the same command is the nightly backup and
its proof. PostgreSQL's client tools (pg_dump, pg_restore, createdb, dropdb) of the server's
major version must be on the PATH. docs/operations.md explains the whole procedure.
"""

import argparse
import datetime
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


class ToolFailed(Exception):
    pass


@dataclass
class Database:
    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, settings_dict):
        if settings_dict.get("ENGINE") != "django.db.backends.postgresql":
            raise SystemExit(
                "The backup check needs PostgreSQL: set DATABASE_URL=postgres://... "
                f"(the database is {settings_dict.get('ENGINE')})."
            )
        return cls(
            name=settings_dict["NAME"],
            host=str(settings_dict.get("HOST") or ""),
            port=str(settings_dict.get("PORT") or ""),
            user=str(settings_dict.get("USER") or ""),
            password=str(settings_dict.get("PASSWORD") or ""),
        )

    def named(self, name):
        return Database(name, self.host, self.port, self.user, self.password)

    def environment(self):
        """The environment for the PostgreSQL command-line tools (no password on argv)."""
        env = dict(os.environ)
        for variable, value in (
            ("PGHOST", self.host),
            ("PGPORT", self.port),
            ("PGUSER", self.user),
            ("PGPASSWORD", self.password),
        ):
            if value:
                env[variable] = value
        return env

    def connect(self, **kwargs):
        import psycopg

        params = {"dbname": self.name, "host": self.host, "port": self.port}
        params.update(user=self.user, password=self.password)
        return psycopg.connect(**{k: v for k, v in params.items() if v}, **kwargs)


@dataclass
class Report:
    tables: dict = field(default_factory=dict)  # table -> (source rows, restored rows)
    files: dict = field(default_factory=dict)  # directory -> (source files, restored files)
    differences: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.differences


def run_tool(command, database):
    result = subprocess.run(
        command, env=database.environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise ToolFailed(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()}")
    return result


def count_rows(cursor):
    """Rows of every table outside PostgreSQL's own schemas: {"schema.table": count}."""
    from psycopg import sql

    cursor.execute(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_type = 'BASE TABLE' "
        "AND table_schema NOT IN ('pg_catalog', 'information_schema') "
        "ORDER BY table_schema, table_name"
    )
    counts = {}
    for schema, table in cursor.fetchall():
        cursor.execute(
            sql.SQL("SELECT count(*) FROM {}.{}").format(
                sql.Identifier(schema), sql.Identifier(table)
            )
        )
        counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def dump(database, path):
    """pg_dump in custom format of one consistent snapshot; returns its row counts."""
    with database.connect(autocommit=True) as connection, connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = count_rows(cursor)
        run_tool(
            [
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={path}",
                database.name,
            ],
            database,
        )
        cursor.execute("COMMIT")
    return counts


def restore(path, database):
    """createdb (empty, from template0) and pg_restore into it."""
    run_tool(["createdb", "--template=template0", database.name], database)
    run_tool(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={database.name}",
            str(path),
        ],
        database,
    )
    with database.connect() as connection, connection.cursor() as cursor:
        return count_rows(cursor)


def drop(database):
    run_tool(["dropdb", "--if-exists", database.name], database)


def checksums(directory):
    """{relative path: (size, sha256)} of every file under `directory`."""
    directory = Path(directory)
    found = {}
    for path in sorted(directory.rglob("*")):
        if path.is_file() and not path.is_symlink():
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for block in iter(lambda handle=handle: handle.read(1 << 20), b""):
                    digest.update(block)
            found[path.relative_to(directory).as_posix()] = (
                path.stat().st_size,
                digest.hexdigest(),
            )
    return found


def archive(directory, path):
    """tar.gz of `directory`; returns the checksums of what went in."""
    with tarfile.open(path, "w:gz") as tar:
        tar.add(directory, arcname=".")
    return checksums(directory)


def extract(path, directory):
    with tarfile.open(path, "r:gz") as tar:
        tar.extractall(directory, filter="data")
    return checksums(directory)


def compare(report, source_counts, restored_counts, media):
    """Fill the report and its list of differences (empty when everything matches)."""
    for table in sorted(set(source_counts) | set(restored_counts)):
        before, after = source_counts.get(table), restored_counts.get(table)
        report.tables[table] = (before, after)
        if before != after:
            report.differences.append(f"table {table}: {before} rows backed up, {after} restored")
    for directory, (before, after) in media.items():
        report.files[directory] = (len(before), len(after))
        for name in sorted(set(before) | set(after)):
            if name not in after:
                report.differences.append(f"{directory}: {name} missing after the restore")
            elif name not in before:
                report.differences.append(f"{directory}: {name} appeared in the restore")
            elif before[name] != after[name]:
                report.differences.append(f"{directory}: {name} differs after the restore")
    return report


def check(database, media_dirs, *, backup_dir=None, keep_database=False, out=print):
    """The whole check; returns the Report. Raises ToolFailed when a tool fails."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    work = Path(tempfile.mkdtemp(prefix="gnlc-backup-check-"))
    target = Path(backup_dir) if backup_dir else work
    target.mkdir(parents=True, exist_ok=True)
    # PostgreSQL names have at most 63 characters.
    restored = database.named(f"{database.name[:30]}_restore_check_{stamp.replace('-', '_')}")
    report = Report()
    try:
        dump_path = target / f"{database.name}-{stamp}.dump"
        out(f"Dumping {database.name} to {dump_path} ...")
        source_counts = dump(database, dump_path)
        media = {}
        for index, directory in enumerate(media_dirs):
            directory = Path(directory)
            archive_path = target / f"media-{index}-{directory.name}-{stamp}.tar.gz"
            out(f"Archiving {directory} to {archive_path} ...")
            before = archive(directory, archive_path)
            after = extract(archive_path, work / f"restored-media-{index}")
            media[str(directory)] = (before, after)
        out(f"Restoring into the new database {restored.name} ...")
        try:
            restored_counts = restore(dump_path, restored)
        finally:
            if not keep_database:
                drop(restored)
        compare(report, source_counts, restored_counts, media)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for table, (before, after) in report.tables.items():
        mark = "ok" if before == after else "DIFFERS"
        out(f"  {table:<55} {before!s:>9} {after!s:>9}  {mark}")
    for directory, (before, after) in report.files.items():
        out(f"  files in {directory}: {before} backed up, {after} restored")
    if report.ok:
        files = sum(before for before, _ in report.files.values())
        out(f"OK: {len(report.tables)} tables and {files} file(s) restored identically.")
    else:
        out(f"FAILED: {len(report.differences)} differences")
        for difference in report.differences:
            out(f"  - {difference}")
    return report


def default_media_dirs(settings):
    dirs = []
    for name in ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"):
        value = getattr(settings, name, None)
        if value and Path(value).is_dir():
            dirs.append(Path(value))
    return dirs


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m gnlc.ops.backup_check",
        description="Back up the database and media, restore them into empty places and "
        "compare row counts and file checksums.",
    )
    parser.add_argument("--database-url", help="default: DATABASE_URL / the Django settings")
    parser.add_argument(
        "--media",
        action="append",
        help="a media directory to include (repeat); default: MEDIA_ROOT and "
        "PRIVATE_MEDIA_ROOT when they exist",
    )
    parser.add_argument("--backup-dir", help="keep the dump and archives here")
    parser.add_argument(
        "--keep-database", action="store_true", help="leave the restored database in place"
    )
    args = parser.parse_args(argv)

    if args.database_url:
        import dj_database_url

        database = Database.from_settings(dj_database_url.parse(args.database_url))
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gnlc.settings.base")
        from django.conf import settings

        database = Database.from_settings(settings.DATABASES["default"])
    if args.media is not None:
        media_dirs = [Path(directory) for directory in args.media]
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gnlc.settings.base")
        from django.conf import settings

        media_dirs = default_media_dirs(settings)
    for directory in media_dirs:
        if not directory.is_dir():
            parser.error(f"{directory} is not a directory")
    import psycopg

    try:
        report = check(
            database, media_dirs, backup_dir=args.backup_dir, keep_database=args.keep_database
        )
    except (ToolFailed, psycopg.Error) as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 2
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
