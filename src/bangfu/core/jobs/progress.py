"""The ``progress`` callable a job hands to the services, and where its progress goes.

The services call ``progress(stage, done, total=None, *, final=False)``. Each call updates the job's live state
in this process, mirrors it for the web process (a file on SQLite, the row through a connection of its own on
PostgreSQL, at most once a second) and, at most a few times a second, looks whether the job was cancelled: if
so it raises ``JobCancelled``, which leaves the service's transaction (rolled back: the services write all or
nothing) and ends the job "cancelled".
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections

from bangfu.core.jobs import state
from bangfu.core.jobs.state import Live, Status
from bangfu.core.models import BackgroundJob

logger = logging.getLogger("bangfu.core.jobs")

#: How often, at most, live progress is mirrored to the row on PostgreSQL (seconds).
MIRROR_INTERVAL = 1.0
#: How often, at most, the progress callback looks for a cancellation (seconds).
CANCEL_INTERVAL = 0.2


class JobCancelled(BaseException):
    """Raised by the progress callback of a job whose user cancelled it."""


class WorkerStopped(BaseException):
    """Raised in a running task when ``bangfu worker`` is stopped (SIGTERM, Ctrl-C)."""


class Mirror:
    """Writes live progress to the job's row through a connection of its own (PostgreSQL), or to the job's
    progress file (SQLite), for the web's processes."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.connection = None
        self.last = 0.0
        self.enabled = connection.vendor == "postgresql"
        self.to_file = True  # the web process reads it on SQLite, and on PostgreSQL while the row is locked

    def write(self, live: Live, *, force: bool = False) -> None:
        now = time.monotonic()
        if not (self.enabled or self.to_file) or (not force and now - self.last < MIRROR_INTERVAL):
            return
        self.last = now
        if self.to_file:
            try:
                state.progress_write(self.job_id, live)
            except OSError:  # progress is a courtesy: never fail the job for it
                logger.warning("job %s: progress not written", self.job_id, exc_info=True)
                self.to_file = False
        if self.enabled:
            self._write_row(live)

    def _write_row(self, live: Live) -> None:
        try:
            if self.connection is None:
                default = connections[DEFAULT_DB_ALIAS]
                self.connection = default.__class__(copy.deepcopy(default.settings_dict), DEFAULT_DB_ALIAS)
            table = self.connection.ops.quote_name(BackgroundJob._meta.db_table)
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET stage = %s, done = %s, total = %s WHERE id = %s AND status = %s",
                    [live.stage[:200], live.done, live.total, self.job_id, Status.RUNNING],
                )
        except DatabaseError:  # progress is a courtesy: never fail the job for it
            logger.warning("job %s: progress not mirrored", self.job_id, exc_info=True)
            self.enabled = False

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class JobProgress:
    """The ``progress`` callable a task hands to the services; keeps the job's live progress.

    ``steps``: the stages the task goes through, in order, with their totals when known; the share of the
    whole job is then ``(finished steps + done/total of this one) / steps``. Stages not listed keep the
    share where it was. A total passed with a call counts as that stage's total.
    """

    def __init__(self, job_id: int, mirror: Mirror | None = None):
        self.job_id = job_id
        self.mirror = mirror
        self.steps: list[str] = []
        self.totals: dict[str, int] = {}
        self.checked = 0.0

    def plan(self, steps: Sequence[str], totals: dict[str, int] | None = None) -> None:
        self.steps = list(steps)
        self.totals = dict(totals or {})

    def __call__(self, stage: str, done: int = 0, total: int | None = None, *, final: bool = False) -> None:
        self.cancel_check()
        total = total if total is not None else self.totals.get(stage)
        fraction = None
        if stage in self.steps:
            within = min(1.0, done / total) if total else (1.0 if final else 0.0)
            fraction = (self.steps.index(stage) + within) / len(self.steps)
        else:
            current = state.live_get(self.job_id)
            fraction = current.fraction if current else None
        state.live_set(self.job_id, status=Status.RUNNING, stage=str(stage), done=int(done or 0), total=total,
                       fraction=fraction)  # fmt: skip
        if self.mirror is not None:
            self.mirror.write(state.live_get(self.job_id), force=final)

    def cancel_check(self) -> None:
        now = time.monotonic()
        if now - self.checked < CANCEL_INTERVAL:
            return
        self.checked = now
        if state.cancel_asked(self.job_id):
            raise JobCancelled
