"""Two imports at once: one waits for the other (or fails cleanly); nothing is mixed."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

import pytest
from django.db import OperationalError, connection

from bangfu.core.errors import ApplicationError
from bangfu.demo.generator import generate_register, scaled_profile
from bangfu.regions.services import divisions_load_shipped
from bangfu.registry.importing import apply
from bangfu.registry.importing.apply import folder_rows, register_import_apply
from bangfu.registry.models import Household, ImportRecord, Member
from tests.processes import bangfu
from tests.registry.importing.builders import write_folder
from tests.registry.importing.test_apply import base_rows, database_state

HOUSEHOLDS = 3000


@pytest.fixture(scope="module")
def register_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("register") / "register"
    generate_register(scaled_profile(households=HOUSEHOLDS), folder, seed=11)
    return folder


def utc(stored: str) -> datetime:
    """A datetime as Django stores it in SQLite (UTC, without zone)."""
    return datetime.fromisoformat(stored).replace(tzinfo=UTC)


#: Holds the SQLite database's write lock, as a long import would, until told to let go.
LOCKER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
db.execute("COMMIT")
"""


@pytest.mark.slow
def test_two_import_processes_at_once_wait_for_the_writer_and_do_not_mix(tmp_path, register_folder):
    """SQLite, real processes: imports queue on the database's write lock (BEGIN IMMEDIATE), one after the
    other, each seeing what the one before committed."""
    home = tmp_path / "home"
    bangfu("migrate", "-v0", home=home, check=True)
    load = "from bangfu.regions.services import divisions_load_shipped; divisions_load_shipped()"
    bangfu("shell", "-c", load, home=home, check=True)
    database = home / "bangfu.sqlite3"
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert locker.stdout.readline() == "locked\n"
    processes = [bangfu("import", str(register_folder), home=home, background=True) for _ in range(2)]
    time.sleep(4)  # both validate meanwhile (reading is not blocked), then wait for the write lock
    released = datetime.now(UTC)
    locker.communicate("\n", timeout=30)
    errors = [process.communicate(timeout=300)[1].decode() for process in processes]
    assert [process.returncode for process in processes] == [0, 0], errors
    with sqlite3.connect(database) as db:
        records = db.execute(
            "SELECT started_at, finished_at, summary FROM registry_importrecord ORDER BY started_at"
        ).fetchall()
        households, household_history = (
            db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("registry_household", "registry_historicalhousehold")
        )
    (first_start, first_end, first), (second_start, _, second) = records
    first, second = json.loads(first), json.loads(second)
    # Both waited for the lock, then ran one after the other …
    assert released <= utc(first_start) and utc(first_end) <= utc(second_start)
    # … the second finding everything the first added.
    assert first["households"]["added"] == HOUSEHOLDS and first["members"]["unchanged"] == 0
    assert second["households"] == {**second["households"], "added": 0, "changed": 0, "unchanged": HOUSEHOLDS}
    assert second["members"]["added"] == second["members"]["changed"] == 0
    assert households == household_history == HOUSEHOLDS


@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_on_postgresql_one_waits_for_the_other(tmp_path):
    """PostgreSQL: a transaction-level advisory lock queues the second import; it sees the first's result."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's test database is in memory; the real-process test covers SQLite")
    divisions_load_shipped()
    folder = write_folder(tmp_path / "base", base_rows())
    inside, results, stages = threading.Event(), {}, {"first": [], "second": []}

    def first_progress(stage, done):
        stages["first"].append(stage)
        if stage == "户" and not inside.is_set():
            inside.set()
            time.sleep(1.5)  # hold the lock while the second import starts

    def run(name, progress):
        try:
            results[name] = register_import_apply(folder_rows(folder), file_name=name, progress=progress)
        finally:
            connection.close()

    first = threading.Thread(target=run, args=("first", first_progress))
    first.start()
    assert inside.wait(30)
    second = threading.Thread(target=run, args=("second", lambda stage, done: stages["second"].append(stage)))
    second.start()
    first.join(60)
    second.join(60)
    assert stages["second"][0] == "等待另一个导入完成"
    assert results["first"].households.added == 3 and not results["second"].has_changes
    first_record, second_record = ImportRecord.objects.order_by("pk")
    assert second_record.started_at >= first_record.finished_at
    assert Household.objects.count() == 3 and Member.history.count() == Member.objects.count() == 5


def test_an_import_that_cannot_get_the_register_fails_cleanly(base_register, monkeypatch, tmp_path):
    before = database_state()

    def busy(report, lang):
        raise OperationalError("database is locked")

    monkeypatch.setattr(apply, "_lock_register", busy)
    with pytest.raises(
        ApplicationError, match="另一个导入正在写入档案库，等待超时。请等它完成后再试（未写入任何数据）"
    ):
        register_import_apply(folder_rows(base_register), file_name="again")
    assert database_state() == before


@pytest.fixture
def base_register(divisions, tmp_path):
    folder = write_folder(tmp_path / "base", base_rows())
    register_import_apply(folder_rows(folder), file_name="base")
    return folder
