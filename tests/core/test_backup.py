"""``bangfu backup`` / ``bangfu restore`` as users run them: real processes on real homes and databases.

A small register (generated and loaded), programme records, accounts and an assessment run are backed up,
restored into a fresh home (SQLite) or an emptied database (PostgreSQL), and compared: the results report,
the unmasked register export and the accounts must be identical.
"""

from __future__ import annotations

import gzip
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection, connections

SETUP = """
import django, json, sys
django.setup()
from bangfu.accounts.models import Role
from bangfu.accounts.services import user_create_or_update
from bangfu.registry.models import Village
from tests.programme import records
user_create_or_update(username="admin", password="pw-Bangfu-2020", role=Role.ADMINISTRATOR,
                      may_view_personal_data=True)
user_create_or_update(username="haifeng", password="pw-Haifeng-2020", role=Role.OFFICER,
                      division_codes=["441521000000"])
programme = records.programme()
unit = records.unit()
records.cadre(unit)
records.project(programme, Village.objects.order_by("division__code").first())
"""

ACCOUNTS = """
import django, json
django.setup()
from django.contrib.auth import get_user_model
from bangfu.accounts.models import Profile
users = [
    [u.username, u.password, u.is_superuser, u.is_staff, u.is_active, sorted(g.name for g in u.groups.all())]
    for u in get_user_model().objects.order_by("username")
]
profiles = sorted(map(str, Profile.objects.values_list()))
print(json.dumps({"users": users, "profiles": profiles}, ensure_ascii=False))
"""

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, home: Path, database_url: str = "", check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "BANGFU_HOME": str(home), "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["BANGFU_DATABASE_URL"] = database_url
    if args[0] == "python":
        command = [sys.executable, "-c", args[1]]
        env["DJANGO_SETTINGS_MODULE"] = "bangfu.config.settings"
    else:
        command = [sys.executable, "-m", "bangfu.cli.main", *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, cwd=ROOT)
    if check:
        assert done.returncode == 0, done.stderr[-2000:]
    return done


def build(home: Path, tmp: Path, database_url: str = "") -> None:
    register = tmp / "register"
    if not register.exists():
        run("generate", "--households", "300", "--seed", "5", "--out", str(register), home=home)
    run("migrate", "--verbosity", "0", home=home, database_url=database_url)
    run("load", str(register), home=home, database_url=database_url)
    run("python", SETUP, home=home, database_url=database_url)
    run("assess", "--standard", "gd-2016", "--year", "2020", "--out", str(tmp / "run.csv"), home=home,
        database_url=database_url)  # fmt: skip
    (home / "uploads" / "abc").mkdir(parents=True)
    (home / "uploads" / "abc" / "register.xlsx").write_bytes(b"an uploaded file \x00\x01")
    (home / "standards").mkdir()
    (home / "standards" / "county.toml").write_text('id = "county"\n', encoding="utf-8")


def snapshot(home: Path, out: Path, database_url: str = "") -> dict:
    """What must survive a round trip: the report, the unmasked export, the accounts, the user files."""
    report = run("report", "results", "--format", "json", home=home, database_url=database_url).stdout
    export = out / "export"
    run("export", str(export), "--unmask", "--user", "admin", home=home, database_url=database_url)
    accounts = run("python", ACCOUNTS, home=home, database_url=database_url).stdout
    files = {
        path.relative_to(home).as_posix(): path.read_bytes()
        for folder in ("uploads", "standards")
        for path in sorted((home / folder).rglob("*"))
        if path.is_file()
    }
    return {
        "report": json.loads(report),
        "export": {path.name: path.read_bytes() for path in sorted(export.iterdir())},
        "accounts": json.loads(accounts),
        "files": files,
        "secret_key": (home / "secret_key").read_text(),
    }


@pytest.mark.slow
def test_sqlite_round_trip_keeps_report_export_accounts_and_files(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    build(source, tmp_path)
    before = snapshot(source, tmp_path / "before")
    assert before["report"]["poor_villages"] > 0 and len(before["accounts"]["users"]) == 2
    archive = tmp_path / "nightly.tar.gz"
    run("backup", str(archive), home=source)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    restored = run("restore", str(archive), home=target)
    assert "已恢复" in restored.stdout
    after = snapshot(target, tmp_path / "after")
    assert after == before

    # A second restore into the now non-empty home is refused, and changes nothing.
    again = run("restore", str(archive), home=target, check=False)
    assert again.returncode != 0 and "不是空的" in again.stderr and "Traceback" not in again.stderr
    assert len(again.stderr.strip().splitlines()[-1:]) == 1

    # A truncated backup is refused before anything is touched.
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    fresh = tmp_path / "fresh"
    refused = run("restore", str(truncated), home=fresh, check=False)
    assert refused.returncode != 0 and "已损坏" in refused.stderr and "Traceback" not in refused.stderr
    assert not (fresh / "bangfu.sqlite3").exists() and not (fresh / "uploads").exists()


def _altered(archive: Path, out: Path, edit) -> Path:
    """The archive with its uncompressed bytes edited (a valid gzip stream of altered content)."""
    data = bytearray(gzip.decompress(archive.read_bytes()))
    edit(data)
    out.write_bytes(gzip.compress(bytes(data)))
    return out


@pytest.mark.slow
def test_an_altered_or_newer_backup_is_refused_with_one_line(tmp_path):
    source = tmp_path / "source"
    run("migrate", "--verbosity", "0", home=source)
    (source / "uploads").mkdir()
    (source / "uploads" / "file.csv").write_text("户编号\n4415211012010001\n", encoding="utf-8")
    archive = tmp_path / "b.tar.gz"
    run("backup", str(archive), home=source)

    def flip(data: bytearray) -> None:  # one byte of the uploaded file's content
        at = bytes(data).index(b"4415211012010001")
        data[at] = ord("5")

    def newer(data: bytearray) -> None:  # a migration this code does not have (same length: tar stays valid)
        manifest = bytes(data).rindex(b'"format": "bangfu-backup"')
        at = bytes(data).index(b'"0001_initial"', bytes(data).index(b'"migrations"', manifest))
        data[at : at + 14] = b'"9999_initial"'

    for edit, expected in ((flip, "校验和不符"), (newer, "更新的 Bangfu")):
        altered = _altered(archive, tmp_path / f"{edit.__name__}.tar.gz", edit)
        target = tmp_path / edit.__name__
        done = run("restore", str(altered), home=target, check=False)
        assert done.returncode != 0 and expected in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
        assert not (target / "uploads").exists() and not (target / "bangfu.sqlite3").exists()


@pytest.mark.django_db(transaction=True)
def test_backup_while_another_thread_writes_is_a_consistent_snapshot(tmp_path, settings):
    """The site keeps writing (here: a thread) while the backup copies the database."""
    import sqlite3
    import threading

    from bangfu.core.backup import backup_write
    from bangfu.core.backup.archive import archive_read
    from bangfu.core.models import PersonalDataAccess

    if connection.vendor != "sqlite":
        pytest.skip("the SQLite online backup; PostgreSQL is covered by the round trip")
    settings.BANGFU_HOME = tmp_path / "home"
    settings.BANGFU_HOME.mkdir()
    stop = threading.Event()
    written = []

    def writer():
        try:
            while not stop.is_set():
                PersonalDataAccess.objects.create(username="w", purpose="test", records=1)
                written.append(1)
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 20:
            pass
        summary = backup_write(target=tmp_path / "live.tar.gz")
    finally:
        stop.set()
        thread.join(20)
    manifest = archive_read(summary.path, tmp_path / "staged", report=lambda name, size: None)
    copy = sqlite3.connect(tmp_path / "staged" / manifest["database"]["member"])
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kept = copy.execute("SELECT count(*) FROM core_personaldataaccess").fetchone()[0]
    copy.close()
    assert 20 <= kept <= len(written)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_postgresql_round_trip_into_an_emptied_database(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (BANGFU_DATABASE_URL=postgresql://…)")
    settings = connection.settings_dict
    url = f"postgresql://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    source, target = tmp_path / "source", tmp_path / "target"
    connections.close_all()
    build(source, tmp_path, url)
    before = snapshot(source, tmp_path / "before", url)
    archive = tmp_path / "pg.tar.gz"
    run("backup", str(archive), home=source, database_url=url)
    with connection.cursor() as cursor:  # a fresh database: no tables at all
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connections.close_all()
    run("restore", str(archive), home=target, database_url=url)
    after = snapshot(target, tmp_path / "after", url)
    assert after == before
    refused = run("restore", str(archive), home=tmp_path / "again", database_url=url, check=False)
    assert refused.returncode != 0 and "不是空的" in refused.stderr


@pytest.mark.slow
def test_a_backup_from_an_older_schema_is_restored_then_migrated(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    run("migrate", "--verbosity", "0", home=source)
    run(
        "migrate", "core", "0002_background_job", "--verbosity", "0", home=source
    )  # as an older Bangfu left it
    archive = tmp_path / "old.tar.gz"
    run("backup", str(archive), home=source)
    restored = run("restore", str(archive), home=target)
    assert "已升级数据库结构" in restored.stdout
    shown = run("showmigrations", "core", home=target).stdout
    assert "[X] 0003_background_job_kept" in shown
