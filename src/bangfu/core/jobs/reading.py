"""Reading jobs for pages, and marking those whose process stopped (``interrupted``)."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from bangfu.core.jobs import state
from bangfu.core.jobs.state import JobState, Status
from bangfu.core.models import BackgroundJob


def job_state(job: BackgroundJob) -> JobState:
    """The job as a page shows it: its row, with the live progress of the process that runs it."""
    live = None if job.finished else state.live_get(job.pk)
    if live is None and not job.finished:
        live = state.progress_read(job.pk)  # run by the worker, another process
    if live is None:
        status, stage, done, total, fraction = job.status, job.stage, job.done, job.total, None
    else:  # the end is shown once the row says it (with its message and result), a moment later
        status = live.status if live.status in {Status.QUEUED, Status.RUNNING} else Status.RUNNING
        stage, done, total, fraction = live.stage, live.done, live.total, live.fraction
    return JobState(job.pk, job.kind, status, stage, done, total, fraction, job.message, job.result or {},
                    job.parameters or {}, job.kept or {})  # fmt: skip


def job_get(job_id: int, *, user, kinds: Sequence[str] | None = None) -> BackgroundJob | None:
    """The job if ``user`` started it (administrators: any job); ``None`` otherwise. A running job whose
    worker has stopped is marked interrupted first."""
    jobs_recover()
    jobs = BackgroundJob.objects.filter(pk=job_id)
    if kinds is not None:
        jobs = jobs.filter(kind__in=list(kinds))
    if not getattr(user, "is_superuser", False):
        jobs = jobs.filter(user_id=user.pk)
    job = jobs.first()
    if job is not None and job.status == Status.RUNNING and worker_gone(job.worker, job.pk):
        _interrupt([job.pk])
        job.refresh_from_db()
    return job


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


def jobs_recover(*, force: bool = False) -> int:
    """Mark ``interrupted`` the running jobs whose process is gone (and queued ones that no task will run);
    once per process unless ``force``. Returns how many were marked. Queued jobs with a task stay queued:
    the next worker runs them."""
    if state.flags["recovered"] and not force:
        return 0
    with state._locks["recover"]:
        if state.flags["recovered"] and not force:
            return 0
        rows = BackgroundJob.objects.filter(status__in=[Status.QUEUED, Status.RUNNING])
        stale = [
            pk
            for pk, status, worker, task_id in rows.values_list("pk", "status", "worker", "task_id")
            if (status == Status.RUNNING or not task_id) and worker_gone(worker, pk)
        ]
        _interrupt(stale)
        state.flags["recovered"] = True
        return len(stale)


def _interrupt(stale: list[int]) -> None:
    if not stale:
        return
    jobs = BackgroundJob.objects.filter(pk__in=stale, status__in=[Status.QUEUED, Status.RUNNING])
    tasks = [task_id for task_id in jobs.values_list("task_id", flat=True) if task_id and task_id != "inline"]
    now = timezone.now()
    jobs.exclude(kept={}).update(
        status=Status.INTERRUPTED,
        finished_at=now,
        message=_("The server stopped after this job had stored its results; they are kept: see below."),
    )
    jobs.filter(kept={}).update(
        status=Status.INTERRUPTED,
        finished_at=now,
        message=_("The server stopped while this job ran; nothing of it was kept. Start it again."),
    )
    # the worker that ran them is gone: its task results would say "running" for ever
    DBTaskResult.objects.filter(id__in=tasks, status__in=["READY", "RUNNING"]).update(
        status="FAILED", finished_at=now, exception_class_path="bangfu.core.jobs.WorkerStopped"
    )
    for pk in stale:
        state.files_forget(pk)


def worker_gone(worker: str, job_id: int | None = None) -> bool:
    """Whether the process that ran a job (``host:pid:boot``) has stopped. Other hosts: not known (False)."""
    host, _sep, rest = (worker or "").partition(":")
    pid_text, _sep, boot = rest.partition(":")
    if not worker or not pid_text.isdigit():
        return True  # no owner recorded
    if host != state.HOST:
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        if boot != state.BOOT:
            return True  # an earlier run of a process that had this same pid
        return not state.runs_here(job_id)  # this very process: gone when it does not run the job any more
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return _zombie(pid)


def _zombie(pid: int) -> bool:
    """Whether ``pid`` has died and waits to be reaped by its parent (a worker killed under ``bangfu serve``):
    signal 0 still reaches it, but it runs nothing. Linux's /proc says so; elsewhere: not known (False)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]
