"""Register upload in the browser (上传导入): upload → check in the background → preview → confirm → import.

1. The file (an .xlsx workbook, a .zip of CSV files, or the CSV files themselves) is streamed to
   ``BANGFU_HOME/uploads/<uuid>/`` — Django keeps uploads above 2.5 MB in a temporary file, never in memory,
   and the view copies it into place chunk by chunk while the request is open. Uploads above
   ``BANGFU_UPLOAD_MAX_MB`` are stopped while they stream in (``web/upload_limit.py``) and get a message.
2. A queued task (``registry.tasks.register_check_task``, run by ``bangfu worker``) checks it with
   ``register_import(dry_run=True)`` — the service ``bangfu import`` calls, with the uploader's area: rows
   outside it are errors — and, when there is no error, works out what the import would change (computed in a
   transaction that is rolled back). Every issue is kept in the upload's
   folder (``issues.json``) for the preview and the downloadable report.
3. The preview lists every error (sheet, row, column, value, reason) — or, with none, the changes; nothing
   has been written. Confirming queues a second task (``register_import_task``) that checks the file again (the register or the user's
   area may have changed meanwhile) and applies it in one transaction: all or nothing.

Only users who may change the register (administrators, officers) see these pages; others get 403.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangfu.accounts.scope import Scope, scope_for
from bangfu.core import jobs
from bangfu.core.errors import ApplicationError
from bangfu.core.models import BackgroundJob
from bangfu.registry import contract
from bangfu.registry.exporting.areas import register_export_areas
from bangfu.registry.exporting.background import register_export_jobs
from bangfu.registry.importing.apply import ENTITIES
from bangfu.registry.importing.apply import message as summary_message
from bangfu.registry.importing.conflicts import import_conflicts_visible
from bangfu.registry.importing.tasks import (
    REPORT_FILES,
    issues_load,
    register_check_task,
    register_import_task,
)
from bangfu.web.upload_limit import MB, upload_limit_bytes
from bangfu.web.views.assessments import stage_label

CHECK, IMPORT = "register_check", "register_import"
KINDS = (CHECK, IMPORT)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
ISSUES_PAGE = 100


def uploads_root() -> Path:
    return Path(settings.BANGFU_HOME) / "uploads"


def _may_upload(request: HttpRequest) -> Scope:
    scope = scope_for(request.user)
    if not scope.may_change_register:
        raise PermissionDenied
    return scope


def _import_lang() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh"


# ------------------------------------------------------------------------------------------------ pages


def upload_form(request: HttpRequest) -> HttpResponse:
    scope = _may_upload(request)
    if request.method == "POST":
        files = request.FILES.getlist("file")  # parses the request: the limit handler runs here at the latest
        if getattr(request, "upload_too_large", None):
            messages.error(request, _too_large_message())
            return redirect("register-upload")
        try:
            folder, source, name = _store(files)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("register-upload")
        parameters = {
            "upload": folder.name,
            "source": str(source.relative_to(folder)),
            "file_name": name,
            "import_lang": _import_lang(),
        }
        job = jobs.job_start(
            kind=CHECK, user=request.user, parameters=parameters, task=register_check_task,
            arguments=_arguments(request.user, folder, parameters),
        )  # fmt: skip
        return redirect("upload-job", job_id=job.pk)
    recent = [jobs.job_state(job) for job in jobs.jobs_of(user=request.user, kinds=KINDS)[:10]]
    conflicts = import_conflicts_visible(scope=scope).filter(resolved=False).count()
    return render(
        request,
        "web/upload/form.html",
        {"recent": recent, "sheets": contract.SHEETS, "limited": not scope.everything,
         "limit_mb": upload_limit_bytes() // MB, "open_conflicts": conflicts,
         "export_areas": register_export_areas(scope=scope), "may_unmask": scope.may_view_personal_data,
         "exports": [jobs.job_state(job) for job in register_export_jobs(user=request.user)[:5]]},
    )  # fmt: skip


def _too_large_message() -> str:
    return _(
        "The file is larger than the upload limit of %(limit)d MB (BANGFU_UPLOAD_MAX_MB); nothing was kept. "
        "Split the register into several files (e.g. by town), or ask the administrator to raise the limit."
    ) % {"limit": upload_limit_bytes() // MB}


def _store(files) -> tuple[Path, Path, str]:
    """Save the upload under a new folder: (folder, what to open — a file or a folder of CSVs, its name)."""
    if not files:
        raise ApplicationError(_("Choose a file to upload."))
    suffixes = {Path(f.name).suffix.lower() for f in files}
    csv_files = suffixes == {".csv"}
    if not csv_files and (len(files) != 1 or suffixes - {*WORKBOOK_SUFFIXES, ".zip"}):
        raise ApplicationError(
            _(
                "Upload one .xlsx workbook, one .zip of CSV files, or the CSV files (村.csv, 户.csv, …) together."
            )
        )
    folder = uploads_root() / uuid.uuid4().hex
    folder.mkdir(parents=True)
    try:
        if csv_files:
            source = folder / "register"
            source.mkdir()
            for upload in files:
                _save(upload, source / Path(upload.name).name)
            name = "、".join(sorted(Path(f.name).name for f in files))
        else:
            upload = files[0]
            source = folder / f"register{Path(upload.name).suffix.lower()}"
            _save(upload, source)
            name = Path(upload.name).name
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder, source, name[:255]


def _save(upload, target: Path) -> None:
    """Copy the upload into place chunk by chunk while the request is open (Django deletes its temporary
    file when the request ends; moving it once the file was closed failed above 2.5 MB)."""
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)


def _arguments(user, folder: Path, parameters: dict) -> dict:
    """The task's JSON arguments: who, which file, in which language its messages are."""
    return {"user_id": user.pk, "folder": str(folder), "source": parameters["source"],
            "file_name": parameters["file_name"], "lang": parameters["import_lang"]}  # fmt: skip


def _job(request: HttpRequest, job_id: int) -> BackgroundJob:
    _may_upload(request)
    job = jobs.job_get(job_id, user=request.user, kinds=KINDS)
    if job is None:
        raise Http404
    return job


def _folder(job: BackgroundJob) -> Path:
    name = str(job.parameters.get("upload", ""))
    if len(name) != 32 or not name.isalnum():
        raise Http404
    return uploads_root() / name


def upload_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """The check (then the preview) or the import of one upload; the fragment polls itself while it runs."""
    job = _job(request, job_id)
    state = jobs.job_state(job)
    context = {"job": job, "state": state, "stage": stage_label(state.stage), "poll_url": request.path}
    if state.succeeded or state.kept:  # an import written before the job was interrupted still shows it
        context |= _outcome(request, job, state)
    template = "web/upload/job_state.html" if request.htmx else "web/upload/job.html"
    return render(request, template, context)


def _outcome(request: HttpRequest, job: BackgroundJob, state: jobs.JobState) -> dict:
    result = state.result
    context: dict = {"result": result}
    summary = state.kept.get("summary") or result.get("summary")  # kept: committed with the import
    if summary:
        lang = job.parameters.get("import_lang", "zh")
        context["summary_rows"] = _summary_rows(summary, lang)
    if job.kind == CHECK:
        issues = issues_load(_folder(job))
        errors = [row for row in issues if row[-1] == "error"]
        warnings = [row for row in issues if row[-1] == "warning"]
        shown = errors if errors else warnings
        context["issues_page"] = page = Paginator(shown, ISSUES_PAGE).get_page(request.GET.get("page"))
        context["issues"] = page.object_list
        context["page"] = page
        context["showing_errors"] = bool(errors)
        context["import_job"] = (
            BackgroundJob.objects.filter(kind=IMPORT, parameters__check_job=job.pk).order_by("-pk").first()
        )
    return context


def _summary_rows(summary: dict, lang: str) -> list[dict]:
    return [
        {"label": summary_message(f"entity.{name}", lang), **{k: summary[name].get(k, 0) for k in
         ("added", "changed", "unchanged", "removed_from_file", "moved")}}
        for name in ENTITIES
        if name in summary
    ]  # fmt: skip


@require_POST
def upload_confirm(request: HttpRequest, job_id: int) -> HttpResponse:
    """Apply a checked upload: a second background job that checks the file again and imports it."""
    _may_upload(request)
    job = _job(request, job_id)
    if job.kind != CHECK or job.status != BackgroundJob.Status.SUCCEEDED or not job.result.get("ok"):
        messages.error(request, _("Only a file that passed the checks can be imported."))
        return redirect("upload-job", job_id=job.pk)
    started = BackgroundJob.objects.filter(kind=IMPORT, parameters__check_job=job.pk).order_by("-pk").first()
    if started is not None:
        return redirect("upload-job", job_id=started.pk)
    folder = _folder(job)
    parameters = {"upload": folder.name, "source": job.parameters["source"],
                  "file_name": job.parameters["file_name"], "import_lang": job.parameters.get("import_lang", "zh"),
                  "check_job": job.pk}  # fmt: skip
    started = jobs.job_start(
        kind=IMPORT, user=request.user, parameters=parameters, task=register_import_task,
        arguments=_arguments(request.user, folder, parameters),
    )  # fmt: skip
    return redirect("upload-job", job_id=started.pk)


def upload_report(request: HttpRequest, job_id: int, kind: str = "xlsx") -> HttpResponse:
    """Every error and warning of a checked upload (as ``bangfu import --report``), .xlsx or .txt: the file
    built once when the check finished, never rebuilt on download."""
    job = _job(request, job_id)
    if job.kind != CHECK or job.status != BackgroundJob.Status.SUCCEEDED:
        raise Http404
    path = _folder(job) / REPORT_FILES[kind]
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"问题.{kind}")
