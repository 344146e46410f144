"""Re-running a finished job (重新运行): the same registered task with the same JSON arguments, as a new job.

    again = job_rerun(actor=request.user, job=job)   # the one service of the job pages and the admin's action

Who may: an administrator (any job), and the user who started a job (their own), as the job pages are scoped
(``job_get``). Only a job that has ended (succeeded, failed, interrupted, cancelled) is re-run; a queued or
running one is refused, in the user's language. The new job keeps the first one's kind, parameters and user
(the task acts for that user: an import with the uploader's area as it is now, an export into that user's
folder), so it shows on the same page; its parameters say which job it repeats (``rerun_of``) and who asked
(``rerun_by``), and the log says so too. The task's own service checks again what it checks at every run.
"""

from __future__ import annotations

import logging
import uuid

from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from bangfu.core.errors import ApplicationError
from bangfu.core.jobs.running import job_start
from bangfu.core.jobs.state import FINISHED
from bangfu.core.models import BackgroundJob

logger = logging.getLogger("bangfu.core.jobs")


def job_rerun_allowed(*, actor, job: BackgroundJob) -> bool:
    """Whether ``actor`` may re-run ``job``: administrators any job, a user their own."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    return bool(actor.is_superuser) or (job.user_id is not None and job.user_id == actor.pk)


@transaction.atomic
def job_rerun(*, actor, job: BackgroundJob) -> BackgroundJob:
    """Queue ``job``'s task again with its stored arguments, as a new job; returns the new job.

    ``ApplicationError`` when the actor may not, when the job has not ended, or when its task is not known."""
    job = BackgroundJob.objects.filter(pk=job.pk).first() or job  # as it is now, not as the page saw it
    if not job_rerun_allowed(actor=actor, job=job):
        raise ApplicationError(_("You may only re-run your own jobs."))
    if job.status not in FINISHED:
        raise ApplicationError(_("This job is still queued or running; it can be re-run once it has ended."))
    task, arguments = _stored_task(job)
    parameters = {**(job.parameters or {}), "rerun_of": job.pk, "rerun_by": actor.get_username()}
    again = job_start(kind=job.kind, user=job.user, parameters=parameters, task=task, arguments=arguments)
    logger.info("job %s (%s) re-run by %s as job %s", job.pk, job.kind, actor.get_username(), again.pk)
    return again


def _stored_task(job: BackgroundJob) -> tuple[Task, dict]:
    """The job's registered task and its JSON arguments (without ``job_id``): kept on the job, or, for a job
    queued before they were, on the queue's record of its task."""
    path, arguments = job.task_path, dict(job.arguments or {})
    if not path and job.task_id and job.task_id != "inline":
        row = DBTaskResult.objects.filter(id=job.task_id).first() if _uuid(job.task_id) else None
        if row is not None:
            path = row.task_path
            arguments = dict((row.args_kwargs or {}).get("kwargs") or {})
    arguments.pop("job_id", None)
    try:
        task = import_string(path) if path else None
    except ImportError:
        task = None
    if not isinstance(task, Task):
        raise ApplicationError(
            _("This job's task is not known any more; start the work again from its page.")
        )
    return task, arguments


def _uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
