"""Starting a job (a row and a queued task), running it in the worker, ending it, cancelling it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: one worker process there, the thread lock is enough
    fcntl = None

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from bangfu.core.errors import ApplicationError
from bangfu.core.jobs import state
from bangfu.core.jobs.progress import JobCancelled, JobProgress, Mirror, WorkerStopped
from bangfu.core.jobs.state import Live, Status
from bangfu.core.models import BackgroundJob

logger = logging.getLogger("bangfu.core.jobs")

#: ``work(progress) -> result``: what a task does once it has its job.
Work = Callable[[JobProgress], dict | None]
#: How long the final write of a job's row is retried while another writer holds SQLite (seconds).
FINISH_PATIENCE = 600
#: The job the current thread runs, and its progress mirror (for ``job_keep``).
_current: ContextVar[tuple[int, Mirror | None] | None] = ContextVar("bangfu_job", default=None)


def job_start(*, kind: str, user, parameters: dict | None = None, task, arguments: dict) -> BackgroundJob:
    """Record a job and queue ``task`` (a ``@task`` function) with ``job_id`` and the JSON ``arguments``.

    ``bangfu worker`` runs it; with ``BANGFU_JOBS_INLINE`` (tests) it runs here, before this returns."""
    parameters = dict(parameters or {})
    parameters.setdefault("lang", translation.get_language() or settings.LANGUAGE_CODE)
    job = BackgroundJob.objects.create(kind=kind, parameters=parameters, user=user, status=Status.QUEUED,
                                       task_path=task.module_path, arguments=arguments)  # fmt: skip
    inline = getattr(settings, "BANGFU_JOBS_INLINE", False)
    queued = task.using(backend="inline" if inline else "default")
    if inline:
        BackgroundJob.objects.filter(pk=job.pk).update(task_id="inline")
        queued.enqueue(job_id=job.pk, **arguments)
    else:
        with transaction.atomic():  # the worker must never see the task without the row's link
            result = queued.enqueue(job_id=job.pk, **arguments)
            BackgroundJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def job_run(job_id: int, work: Work, *, writes: bool = True) -> dict:
    """Run a queued job: called by its task in the worker (or inline). Returns the job's result."""
    job = BackgroundJob.objects.filter(pk=job_id).first()
    if job is None or job.status != Status.QUEUED:
        return {}  # cancelled while it waited (or already run): nothing to do
    inline = job.task_id == "inline"
    mirror = None if inline else Mirror(job_id)
    token = _current.set((job_id, mirror))
    state.live_set(job_id, status=Status.QUEUED)
    try:
        with translation.override(job.parameters.get("lang") or settings.LANGUAGE_CODE):
            with one_writer() if writes else nullcontext():
                outcome = _outcome(job_id, work, JobProgress(job_id, mirror))
            _finish(job_id, *outcome, inline=inline)
    except WorkerStopped:
        _finish(
            job_id, Status.INTERRUPTED, _("The worker stopped while this job ran."), {}, True, inline=inline
        )
        raise
    finally:
        _current.reset(token)
        if mirror is not None:
            mirror.close()
        state.files_forget(job_id)
    return BackgroundJob.objects.filter(pk=job_id).values_list("result", flat=True).first() or {}


@contextmanager
def one_writer():
    """One writing job at a time: in this process, and on SQLite across processes (a file lock)."""
    with state._locks["write"]:
        if fcntl is None or connection.vendor != "sqlite":
            yield
            return
        path = Path(settings.BANGFU_HOME) / "jobs-writer.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # waits (the job stays queued) while another process writes
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _outcome(job_id: int, work: Work, progress: JobProgress) -> tuple[str, str, dict, bool]:
    """Mark the job running, run the work; (status, message, result, whether the message is Bangfu's own
    rather than the service's — ``_finish`` then adds what was kept)."""
    try:
        started = BackgroundJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
            status=Status.RUNNING, started_at=timezone.now(), worker=state.worker_id()
        )
        if not started:
            return Status.CANCELLED, _("Cancelled before it started; nothing was done."), {}, False
        state.live_set(job_id, status=Status.RUNNING)
        progress.cancel_check()
        result = work(progress) or {}
    except JobCancelled:
        return Status.CANCELLED, _("Cancelled."), {}, True
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


def _ending_message(message: str, kept: dict, *, ours: bool) -> str:
    """A job's closing message, saying what was kept: the records it stored, or (for our own messages)
    nothing."""
    if kept:
        return one_line(f"{message} " + _("The results it had stored are kept: see below."))
    if ours:
        return one_line(f"{message} " + _("Nothing of it was kept."))
    return message


def _finish(job_id: int, status: str, message: str, result: dict, ours: bool, *, inline: bool) -> None:
    """Write the end of the job; keeps trying while another process holds SQLite's write lock."""
    live = state.live_get(job_id) or Live(status)
    changes = {"status": status, "result": result, "finished_at": timezone.now(),
               "stage": live.stage[:200], "done": live.done, "total": live.total}  # fmt: skip
    deadline = time.monotonic() + FINISH_PATIENCE
    while True:
        try:
            kept = BackgroundJob.objects.filter(pk=job_id).values_list("kept", flat=True).first() or {}
            text = message if status == Status.SUCCEEDED else _ending_message(message, kept, ours=ours)
            BackgroundJob.objects.filter(pk=job_id).update(message=text, **changes)
            break
        except DatabaseError:
            if inline or time.monotonic() > deadline:
                logger.exception("background job %s: its end could not be recorded", job_id)
                raise
            connection.close()  # a broken connection is opened afresh on the next try
            time.sleep(1)
    state.live_forget(job_id)


def job_keep(**kept) -> None:
    """Record in the running job's row what it stored (``job_keep(run_id=run.pk)``), in the caller's open
    transaction — call it inside the transaction that stores those records, so that the mark and the
    records are committed (or rolled back) together. A cancellation asked before this call (however recent)
    raises ``JobCancelled`` here, so the transaction is rolled back. Outside a job (commands, tests of
    services) it does nothing."""
    current = _current.get()
    if current is None:
        return
    if not connection.in_atomic_block:
        raise RuntimeError("job_keep must be called inside the transaction that stores the records")
    job_id, mirror = current
    if state.cancel_asked(job_id):  # asked before the records are kept: they are rolled back with the mark
        raise JobCancelled
    if mirror is not None:
        mirror.enabled = False  # this transaction now holds the row: the mirror's connection would wait
    row = BackgroundJob.objects.filter(pk=job_id).values_list("kept", flat=True).first()
    BackgroundJob.objects.filter(pk=job_id).update(kept={**(row or {}), **kept})


def job_cancel(job: BackgroundJob) -> BackgroundJob:
    """Cancel a queued or running job (the caller checked who may). A queued one is dropped at once; a
    running one is asked to stop: its next progress call raises, its transaction is rolled back, and it
    ends "cancelled". ``ApplicationError`` when the job has already ended."""
    if job.status not in {Status.QUEUED, Status.RUNNING}:
        raise ApplicationError(_("This job has already ended; there is nothing to cancel."))
    state.cancel_ask(job.pk)  # a file, not a row: on SQLite the running job's transaction holds the database
    if job.status == Status.QUEUED:  # dropped, unless the worker has just taken it (the file stops it then)
        dropped = BackgroundJob.objects.filter(pk=job.pk, status=Status.QUEUED).update(
            status=Status.CANCELLED, finished_at=timezone.now(),
            message=_("Cancelled before it started; nothing was done."),
        )  # fmt: skip
        if dropped:
            state.files_forget(job.pk)
            if job.task_id and job.task_id != "inline":
                DBTaskResult.objects.filter(id=job.task_id, status="READY").delete()
    job.refresh_from_db()
    return job


def one_line(text: str) -> str:
    """The first line of a message, for a job's one-line reason."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0][:1000] if lines else ""
