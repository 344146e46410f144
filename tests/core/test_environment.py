"""Deployment settings come from the environment, with safe defaults."""

import pytest

from bangfu.config import environment


def test_the_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("BANGFU_SECRET_KEY", raising=False)
    first = environment.secret_key(tmp_path)
    assert len(first) >= 50
    assert environment.secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_a_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("BANGFU_SECRET_KEY", "from-env")
    assert environment.secret_key(tmp_path) == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_the_default_database_is_sqlite_in_wal_mode_inside_home(tmp_path, monkeypatch):
    monkeypatch.delenv("BANGFU_DATABASE_URL", raising=False)
    config = environment.database(tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "bangfu.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["TEST"]["NAME"] == str(tmp_path / "test-bangfu.sqlite3")  # tests run on a file too


def test_server_threads_keep_their_connection_unless_told_not_to(tmp_path, monkeypatch):
    monkeypatch.delenv("BANGFU_DB_CONN_MAX_AGE", raising=False)
    config = environment.database(tmp_path)
    assert (config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (environment.CONN_MAX_AGE_S, True)
    assert environment.CONN_MAX_AGE_S > 0
    monkeypatch.setenv("BANGFU_DB_CONN_MAX_AGE", "0")
    assert environment.database(tmp_path)["CONN_MAX_AGE"] == 0
    monkeypatch.setenv("BANGFU_DB_CONN_MAX_AGE", "ten")
    with pytest.raises(SystemExit, match="BANGFU_DB_CONN_MAX_AGE must be a whole number"):
        environment.database(tmp_path)


def test_a_postgresql_url_selects_postgresql(tmp_path, monkeypatch):
    monkeypatch.setenv("BANGFU_DATABASE_URL", "postgresql://bangfu:secret@db.example:5433/register")
    config = environment.database(tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.example",
        5433,
        "register",
        "bangfu",
    )
    assert "OPTIONS" not in config or "init_command" not in config["OPTIONS"]


def test_debug_is_off_unless_asked_for(monkeypatch):
    monkeypatch.delenv("BANGFU_DEBUG", raising=False)
    assert environment.flag("BANGFU_DEBUG") is False
    monkeypatch.setenv("BANGFU_DEBUG", "1")
    assert environment.flag("BANGFU_DEBUG") is True


def test_home_defaults_to_var_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("BANGFU_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    assert environment.home() == tmp_path / "var"
    assert (tmp_path / "var").is_dir()


def test_sqlite_really_runs_in_wal_mode(db, settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    assert not connection.is_in_memory_db()  # the test database is a file, as users run it
    assert mode == "wal"
