import os
from pathlib import Path

import pytest

from bangfu.regions.services import divisions_load_shipped

#: The hashers of the test runs: a fast one first (tests/hashers.py), then the production ones for hashes made by
#: servers the tests start in subprocesses.
TEST_PASSWORD_HASHERS = [
    "tests.hashers.OneIterationPBKDF2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]


#: Fixtures through which a test reaches the suite's database (pytest-django's; a ``django_db`` mark also does).
DATABASE_FIXTURES = {"django_db_setup", "live_server", "db", "transactional_db"}


def uses_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    """``BANGFU_TEST_SELECT=database`` keeps only the tests that use the suite's database, ``no-database`` only
    the others (unset: all).

    ``make test`` with PostgreSQL runs three at the same time: the database tests on SQLite, the database
    tests on PostgreSQL, and the tests that touch no database (the rules core, file parsing, ``bangfu``
    subprocesses on their own SQLite home — tests/processes.py drops BANGFU_DATABASE_URL), which give the same
    result whatever the database and so run once."""
    select = os.environ.get("BANGFU_TEST_SELECT", "")
    if select not in ("", "database", "no-database"):
        raise pytest.UsageError(f"BANGFU_TEST_SELECT={select!r}: use database, no-database or leave it unset")
    if not select:
        return
    wanted = select == "database"
    kept = [item for item in items if uses_database(item) == wanted]
    deselected = [item for item in items if uses_database(item) != wanted]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Hash passwords with one PBKDF2 iteration instead of Argon2 during the tests (tests/hashers.py)."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=TEST_PASSWORD_HASHERS):
        yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    """The SQLite test database is a file in WAL mode (``config.environment``). Before it is created afresh,
    remove the ``-wal``/``-shm`` files an interrupted session may have left: Django deletes only the database
    file, and a stale write-ahead log must never be replayed into the new one."""
    from django.conf import settings

    if request.config.getvalue("reuse_db"):
        return
    for database in settings.DATABASES.values():
        name = str(database.get("TEST", {}).get("NAME") or "")
        if (
            database["ENGINE"].endswith("sqlite3")
            and name
            and ":memory:" not in name
            and "mode=memory" not in name
        ):
            for suffix in ("-wal", "-shm", "-journal"):
                Path(name + suffix).unlink(missing_ok=True)


@pytest.fixture
def divisions(db):
    """The shipped divisions: Guangdong, Shanwei and its county-level divisions."""
    divisions_load_shipped()
