"""Cancelling a background job from its page (取消): a POST button, for the user who started the job or an
administrator. A queued job is dropped; a running one stops at its next progress step and keeps nothing
(``core.jobs.job_cancel``)."""

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
