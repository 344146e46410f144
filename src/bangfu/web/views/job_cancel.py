"""Cancelling a background job from its page (取消), and re-running a finished one (重新运行): POST buttons, for
the user who started the job or an administrator. A queued job is dropped; a running one stops at its next
progress step and keeps nothing (``core.jobs.job_cancel``). A re-run queues the same task with the same
arguments as a new job (``core.jobs.job_rerun``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangfu.core import jobs
from bangfu.core.errors import ApplicationError


@require_POST
def job_cancel(request: HttpRequest, job_id: int, *, kinds: tuple[str, ...], page: str) -> HttpResponse:
    job = jobs.job_get(job_id, user=request.user, kinds=kinds)
    if job is None:
        raise Http404
    try:
        job = jobs.job_cancel(job)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if job.status == jobs.Status.CANCELLED:
            messages.success(request, _("The job was cancelled; nothing of it was kept."))
        else:
            messages.info(request, _("The job will stop at its next step; nothing of it will be kept."))
    return redirect(page, job_id=job.pk)


@require_POST
def job_rerun(request: HttpRequest, job_id: int, *, kinds: tuple[str, ...], page: str) -> HttpResponse:
    """Re-run a finished job (重新运行) from its page: the same task and arguments as a new job
    (``core.jobs.job_rerun``), whose page this opens."""
    job = jobs.job_get(job_id, user=request.user, kinds=kinds)
    if job is None:
        raise Http404
    try:
        again = jobs.job_rerun(actor=request.user, job=job)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(page, job_id=job.pk)
    messages.success(request, _("The job was started again."))
    return redirect(page, job_id=again.pk)
