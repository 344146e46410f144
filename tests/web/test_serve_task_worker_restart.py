"""``bangfu serve`` keeps its task worker: a worker killed (a crash, the OOM killer) is replaced, the queued job
is run by the new one, and stopping the server stops it. Real processes on a file-backed SQLite home, as users
run them; and the pause between restarts of a worker that dies right after starting, without a server."""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from pathlib import Path

import pytest

from bangfu.web.server import TASK_WORKER_PAUSE_MAX_S, TaskWorker, restart_pause
from tests.processes import bangfu
from tests.web.test_job_restart import PASSWORD, Browser, free_port, home_with_register
from tests.web.test_serve_workers import alive, children, job_rows, start_run, task_worker


def task_workers(pid: int) -> list[int]:
    """The ``bangfu worker`` processes of the server ``pid``, whichever of its threads started them (Linux
    /proc lists children per thread: a replacement is started by the thread that watches the worker)."""
    found = []
    for thread in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (thread / "children").read_text().split()]
        except OSError:
            continue
    return [child for child in found if task_worker(child)]


def until(condition, timeout: float = 120):
    """The condition's first true value, asked again every 0.1 s; a refused connection (the server not yet
    listening) counts as not yet."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
        except OSError:  # urllib's URLError included: nothing listens on the port yet
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_a_killed_task_worker_is_replaced_and_runs_the_queued_job(tmp_path, workers):
    home = home_with_register(tmp_path, households=300, seed=7)
    port = free_port()
    server = bangfu("serve", "--port", str(port), "--workers", str(workers), home=home, background=True)
    try:
        [first] = until(lambda: task_workers(server.pid))
        browser = Browser(f"http://127.0.0.1:{port}")
        web = workers if workers > 1 else 0  # one server process serves itself; more are forked beside it
        until(lambda: len(children(server.pid)) == web and browser.get("/login/"))
        browser.post("/login/", {"username": "admin", "password": PASSWORD})

        os.kill(first, signal.SIGKILL)  # as the OOM killer does
        job = start_run(browser, "gd-2016", "2020")  # queued while the worker is gone or starting again
        [second] = until(lambda: [pid for pid in task_workers(server.pid) if pid != first])
        until(lambda: job_rows(home)[job][0] in {"succeeded", "failed", "interrupted"})
        status, worker, message = job_rows(home)[job]
        assert status == "succeeded", message
        assert int(worker.split(":")[1]) == second  # run by the new worker
        assert not alive(first)
        page = browser.get(f"/assessments/jobs/{job}/")
        assert re.search(r'data-status="succeeded"', page)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(60)
    log = server.stderr.read().decode()
    assert f"task worker {first} stopped (exit -9); starting another" in log
    assert f"task worker {second} started" in log
    # stopped with the server: the system sends it SIGTERM when the server's process ends (one process: at once on
    # SIGTERM), and it may take a moment to finish after that
    until(lambda: not alive(second), timeout=60)


def test_the_pause_before_a_restart_grows_while_the_worker_dies_at_once_and_is_capped():
    assert [restart_pause(n) for n in range(5)] == [0, 1, 2, 4, 8]
    assert restart_pause(30) == TASK_WORKER_PAUSE_MAX_S


class Recording(TaskWorker):
    """A task worker whose command dies at once; records the pauses instead of waiting, stops after four."""

    def __init__(self):
        super().__init__([sys.executable, "-c", "raise SystemExit(3)"])
        self.pauses: list[float] = []
        self.pids: list[int] = []

    def _spawn(self) -> None:
        super()._spawn()
        self.pids.append(self.process.pid)

    def _pause(self, seconds: float) -> bool:
        self.pauses.append(seconds)
        if len(self.pauses) == 4:
            self.stopping.set()
        return self.stopping.is_set()


def test_a_worker_that_dies_right_after_starting_is_restarted_after_growing_pauses(capsys):
    worker = Recording().start()
    worker.watcher.join(60)
    worker.stop()
    assert worker.pauses == [1, 2, 4, 8]
    assert len(set(worker.pids)) == 4  # started four times: the first, then after each of three pauses
    log = capsys.readouterr().err
    assert f"task worker {worker.pids[0]} stopped (exit 3); starting another in 1 s" in log
