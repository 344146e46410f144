"""Queued tasks as users run them: ``bangfu serve`` (which starts ``bangfu worker``) on a file-backed SQLite
home, a register uploaded over HTTP, checked and imported by the worker process.

The complaint: a job was a closure in a thread of the web process, so it could not be queued, re-run or run by
another process, nor cancelled. Here the web process only queues; the worker runs; the page shows its progress
(read from the worker's progress file), its end, and a cancellation or a killed worker leave nothing written.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import time
import urllib.request
import uuid
import zipfile
from pathlib import Path

import pytest

from tests.processes import bangfu
from tests.registry.importing.builders import valid_rows, write_workbook
from tests.web.test_job_restart import PASSWORD, Browser, free_port, serve, with_administrator

pytestmark = pytest.mark.slow


def fresh_home(tmp_path: Path) -> Path:
    return with_administrator(tmp_path / "home")


def generated_zip(tmp_path: Path, households: int) -> Path:
    folder = tmp_path / "generated"
    made = bangfu(
        "generate", "--households", str(households), "--seed", "5", "--out", str(folder), home=tmp_path
    )
    assert made.returncode == 0, made.stderr
    archive = tmp_path / "register.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for csv in sorted(folder.glob("*.csv")):
            out.write(csv, csv.name)
    return archive


def upload(browser: Browser, path: Path) -> int:
    """POST the file to the upload form as a browser does (multipart); returns the check job's id."""
    boundary = uuid.uuid4().hex
    body = b"".join(
        [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{browser.csrf()}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode(),
            path.read_bytes(),
            f"\r\n--{boundary}--\r\n".encode(),
        ]
    )
    request = urllib.request.Request(
        browser.base + "/register/upload/", data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}",
                 "Referer": browser.base + "/register/upload/"},
    )  # fmt: skip
    with browser.opener.open(request, timeout=60) as response:
        return int(re.search(r"/register/upload/(\d+)/", response.geturl()).group(1))


def signed_in(port: int) -> Browser:
    browser = Browser(f"http://127.0.0.1:{port}")
    browser.get("/login/")
    browser.post("/login/", {"username": "admin", "password": PASSWORD})
    return browser


def status(browser: Browser, job_id: int) -> str:
    page = browser.get(f"/register/upload/{job_id}/")
    return re.search(r'data-status="(\w+)"', page).group(1)


def wait_for(browser: Browser, job_id: int, statuses: set[str], timeout: float = 300) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = status(browser, job_id)
        if now in statuses:
            return now
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} still {now}")


def confirm(browser: Browser, check_id: int) -> int:
    url = browser.post(f"/register/upload/{check_id}/confirm/", {})
    return int(re.search(r"/register/upload/(\d+)/", url).group(1))


def wait_writing(home: Path, job_id: int, timeout: float = 300) -> None:
    """Until the worker's progress file says the import writes (its transaction is open)."""
    deadline = time.monotonic() + timeout
    path = home / "jobs" / f"{job_id}.json"
    while time.monotonic() < deadline:
        try:
            if json.loads(path.read_text()).get("stage", "").startswith("write:"):
                return
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    raise AssertionError("the import never started writing")


def database(home: Path, query: str, *args) -> list[tuple]:
    connection = sqlite3.connect(home / "bangfu.sqlite3")
    try:
        rows = connection.execute(query, args).fetchall()
        connection.commit()  # a DELETE of the test's own counts (sqlite3 opened a transaction for it)
        return rows
    finally:
        connection.close()


def households(home: Path) -> int:
    return database(home, "SELECT COUNT(*) FROM registry_household")[0][0]


def test_a_workbook_uploaded_to_the_server_is_checked_and_imported_by_its_worker(tmp_path):
    home = fresh_home(tmp_path)
    workbook = write_workbook(tmp_path / "台账.xlsx", valid_rows())
    port = free_port()
    server = serve(home, port)
    try:
        browser = signed_in(port)
        check = upload(browser, workbook)
        assert wait_for(browser, check, {"succeeded", "failed", "interrupted"}) == "succeeded"
        assert households(home) == 0  # the check is a dry run
        imported = confirm(browser, check)
        assert wait_for(browser, imported, {"succeeded", "failed", "interrupted"}) == "succeeded"
        assert households(home) == len(valid_rows()["户"])
        page = browser.get(f"/register/upload/{imported}/")
        assert "新增" in page or "added" in page
        tasks = database(
            home, "SELECT status, task_path FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at"
        )
        assert tasks == [
            ("SUCCESSFUL", "bangfu.registry.importing.tasks.register_check_task"),
            ("SUCCESSFUL", "bangfu.registry.importing.tasks.register_import_task"),
        ]
    finally:
        server.terminate()
        server.wait(60)


def test_a_cancelled_import_keeps_nothing_and_a_killed_worker_leaves_nothing_half_written(tmp_path):
    home = fresh_home(tmp_path)
    archive = generated_zip(tmp_path, households=1500)
    port = free_port()
    server = serve(home, port)
    try:
        browser = signed_in(port)
        check = upload(browser, archive)
        assert wait_for(browser, check, {"succeeded", "failed", "interrupted"}) == "succeeded"

        # cancelled while it writes: rolled back, "cancelled, nothing of it was kept"
        first = confirm(browser, check)
        wait_writing(home, first)
        browser.post(f"/register/upload/{first}/cancel/", {})
        assert wait_for(browser, first, {"cancelled", "succeeded", "failed"}) == "cancelled"
        assert households(home) == 0
        row = database(home, "SELECT kept, message FROM core_backgroundjob WHERE id = ?", first)[0]
        assert row[0] == "{}" and "已取消" in row[1] and "未保存任何结果" in row[1]

        # the worker killed outright while it writes: SQLite rolls the transaction back, the page says so
        database(home, "DELETE FROM core_backgroundjob WHERE kind = 'register_import'")  # confirm again
        second = confirm(browser, check)
        wait_writing(home, second)
        worker = database(home, "SELECT worker FROM core_backgroundjob WHERE id = ?", second)[0][0]
        os.kill(int(worker.split(":")[1]), signal.SIGKILL)
        assert wait_for(browser, second, {"interrupted", "succeeded", "failed"}, timeout=60) == "interrupted"
        assert households(home) == 0
        assert database(home, "PRAGMA integrity_check") == [("ok",)]
    finally:
        server.terminate()
        server.wait(60)


def test_a_worker_stopped_with_sigterm_rolls_its_task_back_and_marks_the_job_interrupted(tmp_path):
    home = fresh_home(tmp_path)
    archive = generated_zip(tmp_path, households=1500)
    port = free_port()
    server = bangfu("serve", "--port", str(port), "--no-worker", home=home, background=True)
    worker = None
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                browser = signed_in(port)
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.2)
        check = upload(browser, archive)
        time.sleep(1)
        assert status(browser, check) == "queued"  # no worker: it waits, stored in the queue
        worker = bangfu("worker", home=home, background=True)
        assert wait_for(browser, check, {"succeeded", "failed", "interrupted"}) == "succeeded"
        imported = confirm(browser, check)
        wait_writing(home, imported)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(60) == 0
        assert (
            wait_for(browser, imported, {"interrupted", "succeeded", "failed"}, timeout=30) == "interrupted"
        )
        assert households(home) == 0
        message = database(home, "SELECT message FROM core_backgroundjob WHERE id = ?", imported)[0][0]
        assert "未保存任何结果" in message
    finally:
        for process in (worker, server):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(60)
