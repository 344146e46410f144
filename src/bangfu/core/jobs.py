"""Background jobs (后台任务): long work started from a page, run in a thread of the web process.

    job = job_start(kind="assessment", user=request.user, parameters={...}, task=work, writes=True)
    state = job_state(job)  # status, stage, done/total, fraction — live while it runs

``task(progress)`` does the work through the ordinary services and returns the job's result (a JSON-able
dict, e.g. ``{"run_id": 12}``); ``progress(stage, done, total=None, *, final=False)`` is the callable the
services already take. An ``ApplicationError`` fails the job with its message (one line, in the user's
language); any other exception fails it with a short note and is logged.

Where things live, and why:

* **The row** (``core.BackgroundJob``) holds what lasts: kind, parameters, user, status, the final stage and
  counts, the message, the result, start and finish. It is written outside the task's own transaction:
  when the job starts and when it ends.
* **What was kept** (``BackgroundJob.kept``, e.g. ``{"run_id": 12}``) is the one place that says which
  records a job stored. The service that stores them calls ``job_keep(run_id=run.pk)`` *inside the same
  transaction* as the records: the row says "kept" exactly when the records are committed, and never
  otherwise (a rollback, a dry run, a crash before the commit take the mark with them). Whatever happens
  afterwards — the task fails on its last line, the server stops before the job is marked finished — the
  job's page and the jobs list read ``kept`` and link the stored records; the end-of-job messages say
  "nothing was kept" only when ``kept`` is empty. Outside a job (the CLI) ``job_keep`` does nothing.
* **Live progress** is kept in memory, in this module's registry keyed by job id, and read by the polling
  view. The services write all or nothing in one transaction; on SQLite that transaction holds the
  database's only write lock (``BEGIN IMMEDIATE``), so no other connection could write progress to the
  database while it is open — memory is the one path that never blocks. On PostgreSQL, whose writers do
  not block each other on different rows, the progress is *also* mirrored to the row through a separate
  connection (at most once a second), so that a city deployment with several web processes shows it from
  any of them. A polling request that lands on another process than the job's still sees the row: status,
  last stage, and the result once it ends. Once ``job_keep`` has locked the row in the job's transaction,
  the mirror stops (it would wait for that lock).
* **Stopped servers.** A job runs in a daemon thread: if the server stops, the job stops with it; a
  transaction still open is rolled back (nothing of it is kept — the services are all or nothing), one
  already committed stays, with its ``kept`` mark. The row still says ``running``; ``bangfu serve`` and
  ``bangfu demo`` call ``jobs_recover`` before they listen (and any process does on its first use of jobs),
  which marks such rows ``interrupted``, saying whether their results were stored. A row belongs to the
  process named in ``worker`` (host, pid, boot id): only rows of this host whose process is gone, or of an
  earlier boot of this very process id, are marked.
* **One writer at a time.** Jobs that write (``writes=True``: assessments, imports, dry runs) wait for each
  other within a process (status ``queued`` meanwhile), so that two of them never queue on SQLite's write
  lock; on SQLite they also wait for each other across the server's processes (a file lock,
  ``BANGFU_HOME/jobs-writer.lock``), where SQLite's 30-second busy timeout would otherwise fail the second;
  on PostgreSQL the database orders them.
* **Forked workers.** ``bangfu serve --workers N`` forks its workers after this module is imported: each
  child takes a boot id, live registry and locks of its own (``os.register_at_fork``), so its jobs are named
  by its own pid and boot, and its recovery marks only the jobs of processes that are gone.

Tests run jobs in the calling thread when ``settings.BANGFU_JOBS_INLINE`` is true.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from contextlib import contextmanager, nullcontext, suppress
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: one server process there, the thread lock is enough
    fcntl = None

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, OperationalError, connection, connections
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bangfu.core.errors import ApplicationError
from bangfu.core.models import BackgroundJob

logger = logging.getLogger(__name__)

Status = BackgroundJob.Status
#: ``task(progress) -> result``
Task = Callable[["JobProgress"], dict | None]

HOST = socket.gethostname()[:120]
BOOT = uuid.uuid4().hex[:12]  # this process's run; a pid of a later run that happens to match differs here
#: How often, at most, live progress is mirrored to the row on PostgreSQL (seconds).
MIRROR_INTERVAL = 1.0
#: How long the final write of a job's row is retried while another writer holds SQLite (seconds).
FINISH_PATIENCE = 600


def worker_id() -> str:
    return f"{HOST}:{os.getpid()}:{BOOT}"


@dataclass(frozen=True)
class Live:
    """A running job's progress as the polling view shows it."""

    status: str
    stage: str = ""
    done: int = 0
    total: int | None = None
    fraction: float | None = None  # of the whole job, 0–1, when the task knows its steps


@dataclass(frozen=True)
class JobState:
    """What a page shows of a job: the row, overlaid with live progress when this process runs it."""

    id: int
    kind: str
    status: str
    stage: str
    done: int
    total: int | None
    fraction: float | None
    message: str
    result: dict
    parameters: dict
    kept: dict = field(default_factory=dict)  # what the job stored for good (see the module's docstring)

    @property
    def stored(self) -> bool:
        return bool(self.kept)

    @property
    def finished(self) -> bool:
        return self.status in {Status.SUCCEEDED, Status.FAILED, Status.INTERRUPTED}

    @property
    def succeeded(self) -> bool:
        return self.status == Status.SUCCEEDED

    @property
    def percent(self) -> int | None:
        if self.status == Status.SUCCEEDED:
            return 100
        if self.fraction is not None:
            return max(0, min(99, int(self.fraction * 100)))
        if self.total:
            return max(0, min(99, int(self.done * 100 / self.total)))
        return None


_live: dict[int, Live] = {}
_live_lock = threading.Lock()
_write_lock = threading.Lock()  # one writing job at a time in this process
_recovered = False
_recover_lock = threading.Lock()
#: The job the current thread runs, and its progress mirror (for ``job_keep``).
_current: ContextVar[tuple[int, _Mirror | None] | None] = ContextVar("bangfu_job", default=None)


def _forked() -> None:
    """In a child forked by ``bangfu serve --workers``: a boot id, live registry and locks of its own."""
    global BOOT, _live, _live_lock, _write_lock, _recovered, _recover_lock
    BOOT = uuid.uuid4().hex[:12]
    _live, _live_lock, _write_lock = {}, threading.Lock(), threading.Lock()
    _recovered, _recover_lock = False, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forked)


@contextmanager
def _one_writer():
    """One writing job at a time: in this process, and on SQLite across the server's processes."""
    with _write_lock:
        if fcntl is None or connection.vendor != "sqlite":
            yield
            return
        path = Path(settings.BANGFU_HOME) / "jobs-writer.lock"
        with path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # waits (the job stays queued) while another process's writes
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _progress_file(job_id: int) -> Path:
    return Path(settings.BANGFU_HOME) / "jobs" / f"{job_id}.json"


def _progress_read(job_id: int) -> Live | None:
    """Another process's live progress of a job (SQLite), if it wrote any."""
    try:
        return Live(**json.loads(_progress_file(job_id).read_text()))
    except (OSError, ValueError, TypeError):
        return None


def _progress_forget(job_id: int) -> None:
    with suppress(OSError):
        _progress_file(job_id).unlink()


def _live_set(job_id: int, **changes) -> None:
    with _live_lock:
        _live[job_id] = replace(_live.get(job_id, Live(Status.QUEUED)), **changes)


def _live_get(job_id: int) -> Live | None:
    with _live_lock:
        return _live.get(job_id)


class _Mirror:
    """Writes live progress to the job's row through a connection of its own (PostgreSQL), or to the job's
    progress file (SQLite), for the server's other processes."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.connection = None
        self.last = 0.0
        self.enabled = connection.vendor == "postgresql"
        self.to_file = connection.vendor == "sqlite"

    def write(self, live: Live, *, force: bool = False) -> None:
        now = time.monotonic()
        if not (self.enabled or self.to_file) or (not force and now - self.last < MIRROR_INTERVAL):
            return
        self.last = now
        if self.to_file:
            self._write_file(live)
            return
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

    def _write_file(self, live: Live) -> None:
        path = _progress_file(self.job_id)
        try:
            path.parent.mkdir(exist_ok=True)
            partial = path.with_name(f"{path.name}.{os.getpid()}")
            partial.write_text(json.dumps(asdict(live)))
            partial.replace(path)
        except OSError:  # progress is a courtesy: never fail the job for it
            logger.warning("job %s: progress not written", self.job_id, exc_info=True)
            self.to_file = False

    def close(self) -> None:
        if self.to_file:
            _progress_forget(self.job_id)
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class JobProgress:
    """The ``progress`` callable a task hands to the services; keeps the job's live progress.

    ``steps``: the stages the task goes through, in order, with their totals when known; the share of the
    whole job is then ``(finished steps + done/total of this one) / steps``. Stages not listed keep the
    share where it was.
    """

    def __init__(self, job_id: int, mirror: _Mirror | None = None):
        self.job_id = job_id
        self.mirror = mirror
        self.steps: list[str] = []
        self.totals: dict[str, int] = {}

    def plan(self, steps: Sequence[str], totals: dict[str, int] | None = None) -> None:
        self.steps = list(steps)
        self.totals = dict(totals or {})

    def __call__(self, stage: str, done: int = 0, total: int | None = None, *, final: bool = False) -> None:
        total = total if total is not None else self.totals.get(stage)
        fraction = None
        if stage in self.steps:
            within = min(1.0, done / total) if total else (1.0 if final else 0.0)
            fraction = (self.steps.index(stage) + within) / len(self.steps)
        else:
            current = _live_get(self.job_id)
            fraction = current.fraction if current else None
        _live_set(self.job_id, status=Status.RUNNING, stage=str(stage), done=int(done or 0), total=total,
                  fraction=fraction)  # fmt: skip
        if self.mirror is not None:
            self.mirror.write(_live_get(self.job_id), force=final)


# ------------------------------------------------------------------------------------------------ start


def job_start(
    *, kind: str, user, parameters: dict | None = None, task: Task, writes: bool = True
) -> BackgroundJob:
    """Record a job and start ``task`` in a background thread (or here, with ``BANGFU_JOBS_INLINE``)."""
    jobs_recover()
    parameters = dict(parameters or {})
    lang = parameters.setdefault("lang", translation.get_language() or settings.LANGUAGE_CODE)
    job = BackgroundJob.objects.create(
        kind=kind, parameters=parameters, user=user, status=Status.QUEUED, worker=worker_id()
    )
    _live_set(job.pk, status=Status.QUEUED)
    if getattr(settings, "BANGFU_JOBS_INLINE", False):
        _run(job.pk, task, writes, lang, inline=True)
        job.refresh_from_db()
        return job
    thread = threading.Thread(
        target=_run, args=(job.pk, task, writes, lang), name=f"bangfu-job-{job.pk}", daemon=True
    )
    thread.start()
    return job


def _run(job_id: int, task: Task, writes: bool, lang: str, inline: bool = False) -> None:
    mirror = None if inline else _Mirror(job_id)
    token = _current.set((job_id, mirror))
    try:
        with translation.override(lang):
            with _one_writer() if writes else nullcontext():
                outcome = _outcome(job_id, task, JobProgress(job_id, mirror))
            _finish(job_id, *outcome, inline=inline)
    finally:
        _current.reset(token)
        if mirror is not None:
            mirror.close()
        if not inline:
            connections.close_all()  # this thread's connections; the next job's thread opens its own


def _outcome(job_id: int, task: Task, progress: JobProgress) -> tuple[str, str, dict, bool]:
    """Mark the job running, run the task; (status, message, result, whether the message is Bangfu's own
    rather than the service's — ``_finish`` then adds what was kept)."""
    try:
        BackgroundJob.objects.filter(pk=job_id).update(status=Status.RUNNING, started_at=timezone.now())
        _live_set(job_id, status=Status.RUNNING)
        result = task(progress) or {}
    except ApplicationError as error:  # the service's own words (its writes are all or nothing)
        return Status.FAILED, one_line(error.message), {}, False
    except OperationalError as error:
        logger.warning("background job %s: %s", job_id, error)
        if "locked" in str(error).lower() or "lock timeout" in str(error).lower():
            return Status.FAILED, _("The database was busy with other work. Try again later."), {}, True
        return Status.FAILED, _unexpected(error), {}, True
    except Exception as error:  # a bug: logged in full, the user gets one line
        logger.exception("background job %s failed", job_id)
        return Status.FAILED, _unexpected(error), {}, True
    return Status.SUCCEEDED, "", result, False


def _unexpected(error: Exception) -> str:
    text = _("The job stopped because of an unexpected error (%(error)s).")
    return one_line(text % {"error": type(error).__name__})


def _failure_message(message: str, kept: dict, *, ours: bool) -> str:
    """A failed job's message, saying what was kept: the records it stored, or (for our own messages)
    nothing."""
    if kept:
        return one_line(f"{message} " + _("The results it had stored are kept: see below."))
    if ours:
        return one_line(f"{message} " + _("Nothing of it was kept."))
    return message


def _finish(job_id: int, status: str, message: str, result: dict, ours: bool, *, inline: bool) -> None:
    """Write the end of the job; keeps trying while another process holds SQLite's write lock."""
    live = _live_get(job_id) or Live(status)
    changes = {"status": status, "result": result, "finished_at": timezone.now(),
               "stage": live.stage[:200], "done": live.done, "total": live.total}  # fmt: skip
    deadline = time.monotonic() + FINISH_PATIENCE
    while True:
        try:
            kept = BackgroundJob.objects.filter(pk=job_id).values_list("kept", flat=True).first() or {}
            text = _failure_message(message, kept, ours=ours) if status == Status.FAILED else message
            BackgroundJob.objects.filter(pk=job_id).update(message=text, **changes)
            break
        except DatabaseError:
            if inline or time.monotonic() > deadline:
                logger.exception("background job %s: its end could not be recorded", job_id)
                raise
            connection.close()  # a broken connection is opened afresh on the next try
            time.sleep(1)
    with _live_lock:
        _live.pop(job_id, None)


def job_keep(**kept) -> None:
    """Record in the running job's row what it stored (``job_keep(run_id=run.pk)``), in the caller's open
    transaction — call it inside the transaction that stores those records, so that the mark and the
    records are committed (or rolled back) together. Outside a job (commands, tests of services) it does
    nothing."""
    current = _current.get()
    if current is None:
        return
    if not connection.in_atomic_block:
        raise RuntimeError("job_keep must be called inside the transaction that stores the records")
    job_id, mirror = current
    if mirror is not None:
        mirror.enabled = False  # this transaction now holds the row: the mirror's connection would wait
    row = BackgroundJob.objects.filter(pk=job_id).values_list("kept", flat=True).first()
    BackgroundJob.objects.filter(pk=job_id).update(kept={**(row or {}), **kept})


def one_line(text: str) -> str:
    """The first line of a message, for a job's one-line reason."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0][:1000] if lines else ""


# ------------------------------------------------------------------------------------------------ read


def job_state(job: BackgroundJob) -> JobState:
    """The job as a page shows it: its row, with this process's live progress while it runs."""
    live = None if job.finished else _live_get(job.pk)
    if live is None and not job.finished and connection.vendor == "sqlite":
        live = _progress_read(job.pk)  # run by another of the server's processes
    if live is None:
        status, stage, done, total, fraction = job.status, job.stage, job.done, job.total, None
    else:  # the end is shown once the row says it (with its message and result), a moment later
        status = live.status if live.status in {Status.QUEUED, Status.RUNNING} else Status.RUNNING
        stage, done, total, fraction = live.stage, live.done, live.total, live.fraction
    return JobState(job.pk, job.kind, status, stage, done, total, fraction, job.message, job.result or {},
                    job.parameters or {}, job.kept or {})  # fmt: skip


def job_get(job_id: int, *, user, kinds: Sequence[str] | None = None) -> BackgroundJob | None:
    """The job if ``user`` started it (administrators: any job); ``None`` otherwise."""
    jobs_recover()
    jobs = BackgroundJob.objects.filter(pk=job_id)
    if kinds is not None:
        jobs = jobs.filter(kind__in=list(kinds))
    if not getattr(user, "is_superuser", False):
        jobs = jobs.filter(user_id=user.pk)
    return jobs.first()


def jobs_of(*, user, kinds: Sequence[str]):
    """The user's jobs of these kinds, newest first."""
    jobs_recover()
    return BackgroundJob.objects.filter(user_id=user.pk, kind__in=list(kinds))


def job_wait(job_id: int, timeout: float = 60.0) -> BackgroundJob:
    """Block until the job's row says it ended (for tests and commands); returns the row."""
    deadline = time.monotonic() + timeout
    while True:
        job = BackgroundJob.objects.get(pk=job_id)
        if job.finished or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


# ------------------------------------------------------------------------------------------------ recovery


def jobs_recover(*, force: bool = False) -> int:
    """Mark ``interrupted`` the queued or running jobs whose process is gone; once per process unless
    ``force``. Returns how many were marked."""
    global _recovered
    if _recovered and not force:
        return 0
    with _recover_lock:
        if _recovered and not force:
            return 0
        stale = [
            pk
            for pk, worker in BackgroundJob.objects.filter(
                status__in=[Status.QUEUED, Status.RUNNING]
            ).values_list("pk", "worker")
            if worker_gone(worker, pk)
        ]
        if stale:
            jobs = BackgroundJob.objects.filter(pk__in=stale, status__in=[Status.QUEUED, Status.RUNNING])
            now = timezone.now()
            jobs.exclude(kept={}).update(
                status=Status.INTERRUPTED,
                finished_at=now,
                message=_(
                    "The server stopped after this job had stored its results; they are kept: see below."
                ),
            )
            jobs.filter(kept={}).update(
                status=Status.INTERRUPTED,
                finished_at=now,
                message=_("The server stopped while this job ran; nothing of it was kept. Start it again."),
            )
            for pk in stale:
                _progress_forget(pk)
        _recovered = True
        return len(stale)


def worker_gone(worker: str, job_id: int | None = None) -> bool:
    """Whether the process that ran a job (``host:pid:boot``) has stopped. Other hosts: not known (False)."""
    host, _sep, rest = (worker or "").partition(":")
    pid_text, _sep, boot = rest.partition(":")
    if not worker or not pid_text.isdigit():
        return True  # no owner recorded
    if host != HOST:
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        if boot != BOOT:
            return True  # an earlier run of a process that had this same pid
        with _live_lock:
            return job_id not in _live  # this very process: gone when it does not run the job any more
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
