"""``bangfu worker``'s loop in a thread, for tests whose pages queue jobs on a live server (signals belong to
the main thread, so it is stopped by its flag rather than SIGTERM)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker

from bangfu.core.jobs.worker import Worker


@contextmanager
def worker_thread(interval: float = 0.1) -> Iterator[Worker]:
    worker = Worker(interval=interval)

    def run():
        try:
            DatabaseWorker.run(worker)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield worker
    finally:
        worker.running = False
        thread.join(60)
