"""Everything the deployment decides, read from the environment in one place.

``BANGFU_HOME`` (default ``./var``) holds the SQLite file, the secret key, collected static files and
generated data. ``BANGFU_DATABASE_URL`` chooses the database (default: SQLite in ``BANGFU_HOME``;
``postgresql://user:pass@host:port/name`` for a multi-user deployment).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

SQLITE_OPTIONS = {
    # WAL lets readers (the web server) work while a load or an assessment writes.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    # Take the write lock at BEGIN so that two writers queue instead of failing mid-transaction.
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
}
#: Seconds a connection is kept between requests by default (``BANGFU_DB_CONN_MAX_AGE``; 0 closes it after each).
CONN_MAX_AGE_S = 600
#: The test suite's SQLite database, a file in ``BANGFU_HOME`` next to the real one.
TEST_DATABASE = "test-bangfu.sqlite3"


#: Files Bangfu creates (the database and its -wal/-shm, uploads, exports, backups, the secret key) are
#: readable by their owner only: mode 600, folders 700.
PRIVATE_UMASK = 0o077


def private_files() -> None:
    """Every file and folder this process creates from now on is its owner's only (``umask 077``)."""
    os.umask(PRIVATE_UMASK)


def home() -> Path:
    path = Path(os.environ.get("BANGFU_HOME", "var")).expanduser().resolve()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def secret_key(home_dir: Path) -> str:
    """The key from ``BANGFU_SECRET_KEY``, else one generated on first run and kept in ``BANGFU_HOME``."""
    if key := os.environ.get("BANGFU_SECRET_KEY"):
        return key
    key_file = home_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="ascii")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="ascii").strip()


def database(home_dir: Path) -> dict:
    url = os.environ.get("BANGFU_DATABASE_URL") or f"sqlite:///{home_dir / 'bangfu.sqlite3'}"
    # A server thread keeps its connection between requests (opening one costs more than most pages: SQLite
    # reads the schema again, PostgreSQL authenticates); checked before reuse, closed after this many seconds.
    config = dj_database_url.parse(
        url, conn_max_age=integer("BANGFU_DB_CONN_MAX_AGE", CONN_MAX_AGE_S), conn_health_checks=True
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
        # Tests run on what users run: a file in WAL mode, not Django's default in-memory test database
        # (which missed that runs started from the web corrupted the file). Only the test runner uses it.
        config.setdefault("TEST", {}).setdefault("NAME", str(home_dir / TEST_DATABASE))
    return config


def flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def integer(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}") from None


def listing(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def switch(name: str, default: bool) -> bool:
    """A flag whose default is decided elsewhere (e.g. by ``BANGFU_HTTPS``): unset or empty keeps it."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SystemExit(f"{name} must be 1 or 0 (on or off), not {value!r}")


def text(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


def number(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise SystemExit(f"{name} must be a number, not {value!r}") from None
