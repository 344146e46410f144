"""The worker that runs queued tasks (``bangfu worker``): django-tasks-db's loop, stopped cleanly.

The loop claims the oldest ready task in a transaction of its own (exclusive on SQLite), runs it, records its
return value, and looks again after ``interval`` seconds when nothing is queued. SIGTERM or Ctrl-C while a
task runs raises ``WorkerStopped`` inside it: the service's transaction is rolled back (all or nothing), the
job is marked interrupted, and the worker exits; while idle it exits at once.
"""

from __future__ import annotations

import logging
import signal
from types import FrameType

from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker

from bangfu.core.jobs.progress import WorkerStopped
from bangfu.core.jobs.reading import jobs_recover
from bangfu.core.jobs.state import worker_id

logger = logging.getLogger("bangfu.core.jobs")


class Worker(DatabaseWorker):
    def __init__(self, *, interval: float = 0.5, batch: bool = False, max_tasks: int | None = None):
        super().__init__(
            queue_names=["default"], interval=interval, batch=batch, backend_name="default",
            startup_delay=False, max_tasks=max_tasks, worker_id=worker_id(), excluded_queue_names=[],
        )  # fmt: skip

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        self.running = False
        if self.running_task:
            logger.warning("%s: stopping the task in progress", signal.strsignal(signum))
            self.running_task = False  # a second signal while the task unwinds exits at once
            raise WorkerStopped
        raise SystemExit(0)

    def run(self) -> None:
        jobs_recover(force=True)  # jobs of a worker that was killed: interrupted before any new one starts
        self.configure_signals()
        try:
            super().run()
        finally:
            self.reset_signals()
