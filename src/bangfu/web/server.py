"""Serving the web application with waitress, a production-grade pure-Python WSGI server.

One process (``workers=1``) serves with ``threads`` threads. Python runs one thread at a time per process, so
on a machine with several cores ``workers=N`` forks N processes that each run waitress on the same listening
socket (the kernel hands each new connection to one of them); a supervising process starts them, starts a
new one when one dies, and stops them all on Ctrl-C or SIGTERM. Background jobs (``core.jobs``) are queued tasks run by one
``bangfu worker`` process that ``serve`` starts beside the server (``TaskWorker``) and stops with it; should
that worker die (a crash, the kernel's OOM killer), a new one is started (logged, with a growing pause when
it keeps dying right after it starts); the system sends it SIGTERM should the server's process be killed.
See docs/deployment.md.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time

from django.core.management import call_command
from django.core.wsgi import get_wsgi_application

#: Threads per server process. Python runs one at a time per process, and pages are CPU-bound: on 2 cores, 4 were
#: ahead of or level with 8 on every page of bench/web.py at 10^6 households (docs/performance.md).
DEFAULT_THREADS = 4
#: A worker that dies within this many seconds of starting counts as failing to start.
QUICK_DEATH_S = 5.0
#: After this many quick deaths in a row the supervisor gives up (a broken set-up, not a crash).
QUICK_DEATHS_MAX = 5
#: How long the supervisor waits for its workers to stop before killing them (seconds).
STOP_PATIENCE_S = 20.0
#: The longest pause before starting the task worker again when it keeps dying right after it starts (seconds).
TASK_WORKER_PAUSE_MAX_S = 60.0
#: How often the supervisor looks whether one of its web workers stopped (seconds).
REAP_INTERVAL_S = 0.2


def serve(
    *, host: str, port: int, threads: int = DEFAULT_THREADS, workers: int = 1, task_worker: bool = True
) -> None:
    """Mark the jobs of a stopped server interrupted, collect static files, start ``bangfu worker`` (unless
    ``task_worker`` is false), then serve until interrupted; the worker is stopped with the server.

    WhiteNoise indexes ``STATIC_ROOT`` when the WSGI application is built, so the files must be collected
    before the application is imported.
    """
    import waitress
    from django.conf import settings

    from bangfu.core.jobs import jobs_recover  # reads models: imported once `bangfu serve` has set Django up

    jobs_recover(force=True)  # jobs of a server that stopped: marked interrupted before anyone looks
    call_command("collectstatic", interactive=False, verbosity=0)
    application = get_wsgi_application()  # what bangfu.config.wsgi builds, once the files are collected

    options = {"threads": threads, "ident": "bangfu", **proxy_options(settings)}
    if workers > 1 and not hasattr(os, "fork"):
        raise SystemExit("--workers above 1 needs a system with fork() (Linux, macOS); use one worker here")
    tasks = TaskWorker().start() if task_worker else None
    try:
        if workers <= 1:
            waitress.serve(application, host=host, port=port, **options)
            return
        Supervisor(
            listening_socket(host, port),
            workers,
            lambda sock: waitress.serve(application, sockets=[worker_socket(sock)], **options),
        ).run()
    finally:
        if tasks is not None:
            tasks.stop()


class TaskWorker:
    """``bangfu worker`` in a process of its own beside the server, started again whenever it dies, until
    ``stop``. A thread of the server's process waits for it; a worker that dies within ``QUICK_DEATH_S`` of
    starting is started again after a pause that doubles each time (1 s, 2 s, … up to
    ``TASK_WORKER_PAUSE_MAX_S``), so a broken set-up does not spin; one that ran longer is replaced at once.
    The new worker marks the job its predecessor was running interrupted (``jobs_recover``) and runs the
    queued ones."""

    def __init__(self, command: list[str] | None = None):
        self.command = command or [sys.executable, "-m", "bangfu.cli.main", "worker"]
        self.process: subprocess.Popen | None = None
        self.started = 0.0
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.watcher: threading.Thread | None = None

    def start(self) -> TaskWorker:
        self._spawn()
        self.watcher = threading.Thread(target=self._watch, name="bangfu-task-worker", daemon=True)
        self.watcher.start()
        return self

    def _spawn(self) -> None:
        """Start a worker (the caller's thread must outlive it: Linux's parent-death signal is per thread)."""
        with self.lock:
            if self.stopping.is_set():
                return
            preexec = _die_with_parent if sys.platform == "linux" else None
            self.process = subprocess.Popen(self.command, preexec_fn=preexec)
            self.started = time.monotonic()
        print(f"task worker {self.process.pid} started", file=sys.stderr, flush=True)

    def _watch(self) -> None:
        quick_deaths = 0
        while not self.stopping.is_set():
            process = self.process
            code = process.wait()
            if self.stopping.is_set():
                return
            quick_deaths = quick_deaths + 1 if time.monotonic() - self.started < QUICK_DEATH_S else 0
            pause = restart_pause(quick_deaths)
            after = f" in {pause:g} s" if pause else ""
            print(f"task worker {process.pid} stopped (exit {code}); starting another{after}", file=sys.stderr,
                  flush=True)  # fmt: skip
            if self._pause(pause):
                return
            self._spawn()

    def _pause(self, seconds: float) -> bool:
        """Wait before starting another worker; true when the server is stopping meanwhile."""
        return self.stopping.wait(seconds)

    def stop(self) -> None:
        """Stop the worker (SIGTERM rolls back a task in progress and marks its job interrupted) and start no
        other."""
        self.stopping.set()
        with self.lock:
            process = self.process
        if process is not None:
            task_worker_stop(process)
        if self.watcher is not None:
            self.watcher.join(STOP_PATIENCE_S)


def restart_pause(quick_deaths: int) -> float:
    """Seconds to wait before starting the task worker again after ``quick_deaths`` deaths in a row right after
    starting: none after a worker that ran a while, then 1, 2, 4, … up to ``TASK_WORKER_PAUSE_MAX_S``."""
    return min(2.0 ** (quick_deaths - 1), TASK_WORKER_PAUSE_MAX_S) if quick_deaths > 0 else 0.0


def _die_with_parent() -> None:
    """In the worker's process, before it runs: SIGTERM when the thread that started it ends, and so when the
    server's process ends, even by SIGKILL."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def task_worker_stop(process: subprocess.Popen) -> None:
    """Stop a worker: SIGTERM rolls back a task in progress and marks its job interrupted."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(STOP_PATIENCE_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


#: On Linux every web worker listens on a socket of its own, all bound to the port with ``SO_REUSEPORT``, and
#: the kernel hands each new connection to one of them by a hash of its addresses: connections spread evenly
#: over the workers. On one shared socket, whichever worker woke first took most of a burst of new connections
#: (splits of 3:17 to 8:12 over two workers were measured), and a browser's keep-alive connection stays with
#: the worker that took it, so one core did most of the work (docs/performance.md). Elsewhere the workers share
#: one socket.
BALANCED = sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int) -> socket.socket:
    """The supervisor's socket, made before any worker starts (so a port in use is reported at once). With
    ``BALANCED`` it holds the port without listening (``worker_socket`` listens in each worker); else every
    worker accepts on it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        if BALANCED:
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((host, port))
        else:
            sock = socket.create_server((host, port), family=family, backlog=1024, reuse_port=False)
    except OSError as error:
        raise SystemExit(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    sock.setblocking(False)
    return sock


def worker_socket(shared: socket.socket) -> socket.socket:
    """The socket a web worker accepts on: with ``BALANCED`` its own, bound beside ``shared`` (the supervisor's,
    which this process then closes), else ``shared`` itself."""
    if not BALANCED:
        return shared
    sock = socket.create_server(shared.getsockname()[:2], family=shared.family, backlog=1024, reuse_port=True)
    sock.setblocking(False)
    shared.close()
    return sock


class Supervisor:
    """Forks ``workers`` processes that each call ``work(sock)``; restarts one that dies; stops them all."""

    def __init__(self, sock: socket.socket, workers: int, work):
        self.sock, self.workers, self.work = sock, workers, work
        self.children: dict[int, float] = {}  # pid → when it started
        self.stopping = False

    def run(self) -> None:
        from django.db import connections

        connections.close_all()  # no connection may be shared with the children
        previous = signal.signal(signal.SIGTERM, self._terminate)
        quick_deaths = 0
        try:
            for _ in range(self.workers):
                self._spawn()
            while self.children:
                pid, status = self._next_stopped()
                started = self.children.pop(pid, None)
                if started is None or self.stopping:
                    continue
                code = os.waitstatus_to_exitcode(status)
                quick_deaths = quick_deaths + 1 if time.monotonic() - started < QUICK_DEATH_S else 0
                print(f"worker {pid} stopped (exit {code}); starting another", file=sys.stderr, flush=True)
                if quick_deaths >= QUICK_DEATHS_MAX:
                    raise SystemExit(f"workers keep stopping right after they start (exit {code}); see above")
                time.sleep(min(quick_deaths, 3))
                self._spawn()
        except KeyboardInterrupt:
            pass
        finally:
            self.stopping = True
            signal.signal(signal.SIGTERM, previous)
            self._stop_children()
            self.sock.close()

    def _next_stopped(self) -> tuple[int, int]:
        """The next of the web workers to stop, and its wait status. Only they are waited for: the task worker
        is this process's child too, and its own thread waits for it (``TaskWorker``)."""
        while True:
            for pid in list(self.children):
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    return done, status
            time.sleep(REAP_INTERVAL_S)

    def _terminate(self, signum, frame) -> None:
        raise KeyboardInterrupt  # leaves the wait; ``run`` stops the workers

    def _spawn(self) -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            code = 0
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.default_int_handler)
                self.work(self.sock)
            except KeyboardInterrupt:
                pass
            except BaseException:
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                sys.stderr.flush()
                os._exit(code)
        self.children[pid] = time.monotonic()
        print(f"worker {pid} started", file=sys.stderr, flush=True)

    def _stop_children(self) -> None:
        for pid in list(self.children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                self.children.pop(pid, None)
        deadline = time.monotonic() + STOP_PATIENCE_S
        while self.children and time.monotonic() < deadline:
            for pid in list(self.children):
                done, _status = os.waitpid(pid, os.WNOHANG)
                if done:
                    self.children.pop(pid, None)
            time.sleep(0.05)
        for pid in list(self.children):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            self.children.pop(pid, None)


def proxy_options(settings) -> dict:
    """Behind a reverse proxy (``BANGFU_TRUSTED_PROXY``): take the client's address and scheme from the
    proxy's X-Forwarded-For/-Proto (lock-outs and logs see users, not the proxy), and drop those headers
    when anyone else sends them, so that Django's ``SECURE_PROXY_SSL_HEADER`` cannot be spoofed."""
    if not settings.TRUSTED_PROXY:
        return {}
    return {
        "trusted_proxy": settings.TRUSTED_PROXY,
        "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
        "clear_untrusted_proxy_headers": True,
    }
