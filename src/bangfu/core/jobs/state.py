"""A job's live state: the process's identity, the in-memory registry, and the files other processes read.

A job runs in ``bangfu worker`` (or inline in tests); the web process that shows it is another process. What
crosses between them while the job's transaction may hold SQLite's only write lock goes through small files
under ``BANGFU_HOME/jobs/``: ``<id>.json`` (live progress, written by the worker) and ``<id>.cancel`` (a
cancellation asked from a page, read by the worker's progress callback).
"""

from __future__ import annotations

import json
import os
import socket
import threading
import uuid
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings

from bangfu.core.models import BackgroundJob

Status = BackgroundJob.Status
FINISHED = {Status.SUCCEEDED, Status.FAILED, Status.INTERRUPTED, Status.CANCELLED}

HOST = socket.gethostname()[:120]
BOOT = uuid.uuid4().hex[:12]  # this process's run; a pid of a later run that happens to match differs here


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
    """What a page shows of a job: the row, overlaid with live progress while it runs."""

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
    kept: dict = field(default_factory=dict)  # what the job stored for good (see the package's docstring)

    @property
    def stored(self) -> bool:
        return bool(self.kept)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def succeeded(self) -> bool:
        return self.status == Status.SUCCEEDED

    @property
    def cancellable(self) -> bool:
        return self.status in {Status.QUEUED, Status.RUNNING}

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
_locks = {"live": threading.Lock(), "write": threading.Lock(), "recover": threading.Lock()}
#: ``recovered``: whether this process already marked the jobs of stopped processes (``jobs_recover``).
flags = {"recovered": False}


def _forked() -> None:
    """In a forked child (``bangfu serve --workers``): a boot id, live registry and locks of its own."""
    global BOOT
    BOOT = uuid.uuid4().hex[:12]
    _live.clear()
    for name in _locks:
        _locks[name] = threading.Lock()
    flags["recovered"] = False


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forked)


def live_set(job_id: int, **changes) -> None:
    with _locks["live"]:
        _live[job_id] = replace(_live.get(job_id, Live(Status.QUEUED)), **changes)


def live_get(job_id: int) -> Live | None:
    with _locks["live"]:
        return _live.get(job_id)


def live_forget(job_id: int) -> None:
    with _locks["live"]:
        _live.pop(job_id, None)


def runs_here(job_id: int) -> bool:
    with _locks["live"]:
        return job_id in _live


# ------------------------------------------------------------------------------------------------ files


def jobs_folder() -> Path:
    return Path(settings.BANGFU_HOME) / "jobs"


def progress_file(job_id: int) -> Path:
    return jobs_folder() / f"{job_id}.json"


def cancel_file(job_id: int) -> Path:
    return jobs_folder() / f"{job_id}.cancel"


def progress_read(job_id: int) -> Live | None:
    """Another process's live progress of a job, if it wrote any."""
    try:
        return Live(**json.loads(progress_file(job_id).read_text()))
    except (OSError, ValueError, TypeError):
        return None


def progress_write(job_id: int, live: Live) -> None:
    path = progress_file(job_id)
    path.parent.mkdir(exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(live.__dict__))
    partial.replace(path)


def files_forget(job_id: int) -> None:
    for path in (progress_file(job_id), cancel_file(job_id)):
        with suppress(OSError):
            path.unlink()


def cancel_ask(job_id: int) -> None:
    path = cancel_file(job_id)
    path.parent.mkdir(exist_ok=True)
    path.touch()


def cancel_asked(job_id: int) -> bool:
    return cancel_file(job_id).exists()
