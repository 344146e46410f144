"""``bangfu serve --workers N`` on Linux: each web worker listens on a socket of its own (``SO_REUSEPORT``), so
the kernel spreads new connections over the workers by a hash of their addresses; the supervisor only holds the
port. On one shared socket, the worker that woke first took most of a burst of connections (docs/performance.md).
"""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import pytest

from tests.processes import bangfu
from tests.web.test_job_restart import free_port
from tests.web.test_serve_workers import children

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SO_REUSEPORT balancing is Linux's"),
]


def listening_inodes(port: int) -> set[str]:
    """Socket inodes listening (TCP state 0A) on ``port`` of 127.0.0.1."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, state, inode = fields[1], fields[3], fields[9]
        if state == "0A" and local == f"0100007F:{port:04X}":
            found.add(inode)
    return found


def sockets_of(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = fd.readlink().as_posix()
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    return inodes


def test_each_worker_listens_on_its_own_socket_and_the_supervisor_on_none(tmp_path):
    home = tmp_path / "home"
    assert bangfu("migrate", home=home).returncode == 0
    port = free_port()
    server = bangfu("serve", "--port", str(port), "--workers", "3", "--no-worker", home=home, background=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(listening_inodes(port)) < 3:
            assert server.poll() is None, server.stderr.read().decode()
            time.sleep(0.2)
        listening = listening_inodes(port)
        workers = children(server.pid)
        assert len(workers) == 3 and len(listening) == 3
        owned = [sockets_of(pid) & listening for pid in workers]
        assert all(len(mine) == 1 for mine in owned)  # one listening socket each, none shared
        assert len(set().union(*owned)) == 3
        assert not sockets_of(server.pid) & listening  # the supervisor holds the port without listening
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(60)
