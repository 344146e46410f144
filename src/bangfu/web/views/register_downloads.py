"""The upload page's downloads: the empty register template and the register itself in the import layout.

Both are the services the CLI uses (``register_template``; ``register_export``, which the web runs in a
background job through ``register_export_start``: one service for every door). Only those who may upload
(administrators, officers) download; the register export covers one area the user may export
(``register_export_areas``) and is masked, unless the user may see personal data and asks for the unmasked
file, which the service logs in the personal-data access log.

The register export: a POST starts the job → its page shows the progress (htmx polls it) → then a link to the
file, which only the user who asked may fetch.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from bangfu.accounts.scope import scope_for
from bangfu.core import jobs
from bangfu.core.errors import ApplicationError
from bangfu.registry.exporting import register_template
from bangfu.registry.exporting.areas import register_export_areas
from bangfu.registry.exporting.background import KEEP_DAYS, KIND, register_export_file, register_export_start
from bangfu.web.views.assessments import stage_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_response(path: Path, name: str) -> FileResponse:
    """Stream ``path`` (a temporary file may be removed at once: the open handle keeps it readable)."""
    handle = path.open("rb")
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def template_download(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).may_change_register:
        raise PermissionDenied
    with tempfile.TemporaryDirectory(prefix="bangfu-template-") as folder:
        path = register_template(Path(folder) / "template.xlsx")
        return _file_response(path, "档案导入模板.xlsx")


@require_POST
def register_export_begin(request: HttpRequest) -> HttpResponse:
    """``area=<code>`` (one of the user's export areas; empty: the whole register, administrators only) and
    ``unmask=1`` for users who may see personal data: starts the export and shows its job."""
    scope = scope_for(request.user)
    areas = dict(register_export_areas(scope=scope))
    if not areas:
        raise PermissionDenied
    area = request.POST.get("area", "" if "" in areas else next(iter(areas)))
    if area not in areas:
        raise Http404
    unmask = request.POST.get("unmask") == "1"
    if unmask and not scope.may_view_personal_data:
        raise PermissionDenied
    try:
        job = register_export_start(user=request.user, scope=scope, area=area, unmask=unmask)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("register-upload")
    return redirect("register-export-job", job_id=job.pk)


def _own_job(request: HttpRequest, job_id: int):
    """The export job if the signed-in user started it (no one sees another user's export)."""
    job = jobs.job_get(job_id, user=request.user, kinds=[KIND])
    if job is None or job.user_id != request.user.pk:
        raise Http404
    return job


@require_GET
def register_export_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _own_job(request, job_id)
    state = jobs.job_state(job)
    context = {
        "job": job,
        "state": state,
        "stage": stage_label(state.stage),
        "poll_url": request.path,
        "keep_days": KEEP_DAYS,
    }
    if state.succeeded and register_export_file(job_id=job.pk, user=request.user) is not None:
        context["ready"] = True
    template = "web/upload/export_job_state.html" if request.htmx else "web/upload/export_job.html"
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def register_export_download(request: HttpRequest, job_id: int) -> HttpResponse:
    found = register_export_file(job_id=_own_job(request, job_id).pk, user=request.user)
    if found is None:
        raise Http404
    path, name = found
    return _file_response(path, name)
