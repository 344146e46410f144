"""The register export from the web as a background job (导出档案后台任务): progress, then a file for its user.

    job = register_export_start(user=request.user, scope=scope, area="441521000000", unmask=False)
    found = register_export_file(job_id=job.pk, user=request.user)  # (path, download name) or None

A county's register of 10⁵ households takes minutes to write, longer than a request should wait, so the
upload page queues ``register_export_task`` (``registry.tasks``), which calls ``register_export``, the very
service ``bangfu export`` calls, in ``bangfu worker`` (``core.jobs``).
What is decided when the user asks, and kept in the job's parameters: the area (one of
``register_export_areas`` of the user's scope then) and the masking (unmasked only for a user with
``core.view_personal_data``; the service checks it again when it runs and logs the disclosure).

The file is written to ``BANGFU_HOME/exports/<user id>/<random>/`` and served only to the user who asked
(administrators included: no one fetches another user's file). ``register_export`` writes to a temporary file
that replaces the target only when complete, so a job stopped midway (the server stopped, an error) leaves no
file to serve: its page says it was interrupted or failed. Folders older than ``KEEP_DAYS`` are removed when the
same user starts another export.
"""

from __future__ import annotations

import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from bangfu.accounts.scope import Scope
from bangfu.core import jobs
from bangfu.core.errors import ApplicationError
from bangfu.core.models import BackgroundJob
from bangfu.registry.exporting.areas import register_export_areas
from bangfu.registry.exporting.task import EXPORT_FILE, register_export_task

KIND = "register_export"
KEEP_DAYS = 7
FILE_NAME = EXPORT_FILE


def exports_root() -> Path:
    return Path(settings.BANGFU_HOME) / "exports"


def _user_folder(user) -> Path:
    return exports_root() / str(int(user.pk))


def download_name(area_name: str, unmask: bool) -> str:
    """``档案-海丰县-脱敏.xlsx``: what the browser saves the file as."""
    return f"档案{'-' + area_name if area_name else ''}{'' if unmask else '-脱敏'}.xlsx"


def register_export_start(*, user, scope: Scope, area: str, unmask: bool) -> BackgroundJob:
    """Start exporting ``area`` (``""``: the whole register, administrators only) for ``user`` in the background.

    ``ApplicationError`` when the area is not one the user may export or the user may not unmask."""
    areas = dict(register_export_areas(scope=scope))
    if area not in areas:
        raise ApplicationError(_("You may only export your own area."))
    if unmask and not scope.may_view_personal_data:
        raise ApplicationError(_("You may not see full ID numbers and phones."))
    _prune(_user_folder(user))
    folder = _user_folder(user) / uuid.uuid4().hex
    name = download_name(areas[area], unmask)
    parameters = {"area": area, "area_name": areas[area], "unmask": unmask, "file_name": name}
    arguments = {"user_id": user.pk, "folder": str(folder), "area": area, "unmask": unmask, "name": name}
    return jobs.job_start(kind=KIND, user=user, parameters=parameters, task=register_export_task,
                          arguments=arguments)  # fmt: skip


def register_export_file(*, job_id: int, user) -> tuple[Path, str] | None:
    """The finished export of job ``job_id`` if ``user`` started it and its file is there: (path, name)."""
    job = BackgroundJob.objects.filter(
        pk=job_id, kind=KIND, user_id=user.pk, status=BackgroundJob.Status.SUCCEEDED
    ).first()
    folder_name = str((job.result or {}).get("folder", "")) if job else ""
    if not folder_name.isalnum():
        return None
    path = _user_folder(user) / folder_name / FILE_NAME
    if not path.is_file():
        return None
    return path, str(job.result.get("name") or download_name("", False))


def register_export_jobs(*, user):
    """The user's own register exports, newest first."""
    return jobs.jobs_of(user=user, kinds=[KIND]).order_by("-pk")


def _prune(folder: Path) -> None:
    """Remove the user's exports older than ``KEEP_DAYS``."""
    if not folder.is_dir():
        return
    cutoff = time.time() - KEEP_DAYS * 86400
    for child in folder.iterdir():
        try:
            if child.is_dir() and child.stat().st_mtime < cutoff:
                shutil.rmtree(child, ignore_errors=True)
        except OSError:
            continue
