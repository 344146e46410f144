"""``bangfu serve --workers 2`` as users run it: a file-backed SQLite home in WAL mode, real processes.

Checks that both workers answer, that runs started from the web succeed while pages load (two writing runs
at once wait for each other across the processes instead of failing on SQLite's busy timeout), that a worker
killed and restarted by the supervisor does not mark the running job interrupted (the task worker, a process
of its own, runs it), that the job's progress is visible whichever worker answers, and that stopping the
supervisor stops every worker and the task worker.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.processes import bangfu
from tests.web.test_job_restart import PASSWORD, Browser, free_port, home_with_register

pytestmark = pytest.mark.slow


def serve_workers(home: Path, port: int, workers: int = 2):
    server = bangfu("serve", "--port", str(port), "--workers", str(workers), home=home, background=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(server.stderr.read().decode())
        if len(children(server.pid)) == workers:
            try:
                Browser(f"http://127.0.0.1:{port}").get("/health/")
                return server
            except OSError:
                pass
        time.sleep(0.2)
    server.kill()
    raise AssertionError("the server did not start")


def children(pid: int, *, tasks: bool = False) -> list[int]:
    """The web worker processes of the supervisor ``pid`` (Linux /proc); ``tasks``: its task worker instead
    (``bangfu worker``, started beside them)."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split() if task_worker(int(child)) == tasks]


def task_worker(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[-2:-1] == [b"worker"]
    except OSError:
        return False


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def job_rows(home: Path) -> dict[int, tuple]:
    database = sqlite3.connect(home / "bangfu.sqlite3")
    try:
        rows = database.execute("SELECT id, status, worker, message FROM core_backgroundjob").fetchall()
        return {row[0]: row[1:] for row in rows}
    finally:
        database.close()


def start_run(browser: Browser, standard: str, year: str) -> int:
    url = browser.post("/assessments/start/", {"standard": standard, "year": year, "level": "household"})
    return int(re.search(r"/assessments/jobs/(\d+)/", url).group(1))


def wait_for(home: Path, browser: Browser, jobs: list[int]) -> set[str]:
    """Poll the first job's page (each request lands on either worker; both recover jobs on first use)
    until every job's row says it ended; returns the statuses the page showed."""
    deadline = time.monotonic() + 300
    statuses: set[str] = set()
    while time.monotonic() < deadline:
        page = browser.get(f"/assessments/jobs/{jobs[0]}/")
        statuses.add(re.search(r'data-status="(\w+)"', page).group(1))
        rows = job_rows(home)
        if all(rows[job][0] in {"succeeded", "failed", "interrupted"} for job in jobs):
            break
        time.sleep(0.2)
    return statuses


def test_two_workers_serve_runs_and_survive_a_sibling_restart(tmp_path):
    home = home_with_register(tmp_path, households=6000, seed=5)
    port = free_port()
    server = serve_workers(home, port)
    workers = children(server.pid)
    errors: list[str] = []
    stop, browsing, idle = threading.Event(), threading.Event(), threading.Semaphore(0)
    browsing.set()

    def reader() -> None:  # another user browsing while the runs go on, over fresh connections
        browser = Browser(f"http://127.0.0.1:{port}")
        browser.get("/login/")
        browser.post("/login/", {"username": "admin", "password": PASSWORD})
        while not stop.is_set():
            if not browsing.is_set():  # paused while a worker is killed: a request in flight would be lost
                idle.release()
                browsing.wait()
            for page in ("/", "/villages/", "/households/"):
                try:
                    browser.get(page)
                except Exception as error:
                    errors.append(f"{page}: {error!r}")

    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        browser.get("/login/")
        browser.post("/login/", {"username": "admin", "password": PASSWORD})
        threads = [threading.Thread(target=reader) for _ in range(2)]
        for thread in threads:
            thread.start()
        # Two writing runs at once; each lands on whichever worker accepts the request (often different
        # ones): the second waits for the first, across processes, instead of failing as "busy".
        first = start_run(browser, "gd-2016", "2020")
        second = start_run(browser, "monitoring", "2021")
        wait_for(home, browser, [first, second])
        rows = job_rows(home)
        assert rows[first][0] == "succeeded", rows[first]
        assert rows[second][0] == "succeeded", rows[second]

        # A third run, run by the task worker; a web worker is killed and replaced while it runs: the new
        # one's recovery leaves the running job alone.
        third = start_run(browser, "gd-2016", "2019")
        deadline = time.monotonic() + 120
        while job_rows(home)[third][0] == "queued" and time.monotonic() < deadline:
            time.sleep(0.05)
        owner = int(job_rows(home)[third][1].split(":")[1])
        assert children(server.pid, tasks=True) == [owner]
        sibling = workers[0]
        browsing.clear()
        for _thread in threads:
            assert idle.acquire(timeout=120)
        os.kill(sibling, signal.SIGKILL)  # the supervisor starts another worker, whose recovery runs
        while len(children(server.pid)) < 2 or sibling in children(server.pid):
            time.sleep(0.1)
        browsing.set()
        statuses = wait_for(home, browser, [third])
        stop.set()
        for thread in threads:
            thread.join(60)
        assert job_rows(home)[third][0] == "succeeded", job_rows(home)[third]
        assert "interrupted" not in statuses
        assert errors == []
        now = children(server.pid)
        assert len(now) == 2 and sibling not in now  # the killed one was replaced
        assert children(server.pid, tasks=True) == [owner]
    finally:
        stop.set()
        browsing.set()
        server.send_signal(signal.SIGTERM)
        server.wait(60)
    assert not any(alive(pid) for pid in [*workers, *now, owner])  # stopping the supervisor stopped them all
    database = sqlite3.connect(home / "bangfu.sqlite3")
    try:
        assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert database.execute("SELECT COUNT(*) FROM assessment_assessmentrun").fetchone()[0] == 3
    finally:
        database.close()
