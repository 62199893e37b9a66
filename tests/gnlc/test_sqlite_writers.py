"""The zero-setup portal (SQLite) with two writers at once: the second waits for the first
instead of failing with "database is locked", which the portal shows as a 503 page (seen:
staff clicking "Approve" twice)."""

import sqlite3
import threading

from django.db.backends.sqlite3.base import DatabaseWrapper

from gnlc.settings.base import SQLITE_OPTIONS


def connection_to(path, options):
    return DatabaseWrapper(
        {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": options,
            "ATOMIC_REQUESTS": False,
            "AUTOCOMMIT": True,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "TIME_ZONE": None,
            "USER": "",
            "PASSWORD": "",
            "HOST": "",
            "PORT": "",
            "TEST": {},
        }
    )


def two_approvals_at_once(path, options):
    """Two transactions that read the application, then write it, the second starting while
    the first holds its write; what each ended with."""
    setup = sqlite3.connect(path)
    setup.execute("CREATE TABLE application (id INTEGER PRIMARY KEY, state TEXT, approvals INT)")
    setup.execute("INSERT INTO application VALUES (1, 'under_review', 0)")
    setup.commit()
    setup.close()
    first_wrote, outcomes = threading.Event(), {}

    def approve(name, wait_for=None):
        connection = connection_to(path, {**options, "timeout": 2})
        try:
            if wait_for:
                wait_for.wait(5)
            connection.ensure_connection()
            connection._start_transaction_under_autocommit()  # as transaction.atomic() does
            cursor = connection.cursor()
            cursor.execute("SELECT state FROM application WHERE id = 1")
            state = cursor.fetchone()[0]
            if state == "under_review":
                cursor.execute("UPDATE application SET state = 'approved' WHERE id = 1")
            cursor.execute("UPDATE application SET approvals = approvals + 1 WHERE id = 1")
            if name == "first":
                first_wrote.set()
                threading.Event().wait(0.3)  # still holding the write
            cursor.execute("COMMIT")
            outcomes[name] = f"saw {state}"
        except Exception as error:
            outcomes[name] = f"failed: {error}"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=approve, args=("first",)),
        threading.Thread(target=approve, args=("second", first_wrote)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    return outcomes


def test_with_the_portals_options_the_second_approval_waits_and_sees_the_first(
    tmp_path, django_db_blocker
):
    with django_db_blocker.unblock():  # a database of its own, not the tests' one
        outcomes = two_approvals_at_once(tmp_path / "portal.sqlite3", SQLITE_OPTIONS)

    assert outcomes == {"first": "saw under_review", "second": "saw approved"}


def test_without_them_the_second_approval_fails_with_database_is_locked(
    tmp_path, django_db_blocker
):
    # The control: SQLite's default (a read lock, upgraded when writing) cannot wait; the two
    # block each other, and the first may fail too.
    with django_db_blocker.unblock():
        outcomes = two_approvals_at_once(tmp_path / "default.sqlite3", {})

    assert outcomes["second"] == "failed: database is locked"
