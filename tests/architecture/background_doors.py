"""The doors of background work (checking and importing a register workbook, starting and running an
assessment, exporting the register): the pages queue a task, which ``BANGFU_JOBS_INLINE`` runs at once here,
and the commands call the service directly."""

from __future__ import annotations

import contextlib
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings

from bangfu.core.models import BackgroundJob
from tests.architecture.doors import World, _ok
from tests.registry.importing.builders import valid_rows, write_workbook


def _inline(w: World):
    return override_settings(BANGFU_JOBS_INLINE=True, BANGFU_HOME=w.folder / "home")


def _register_workbook(w: World):
    return write_workbook(w.folder / "台账.xlsx", valid_rows())


def upload_check_page(w: World) -> None:
    with _inline(w):
        upload = SimpleUploadedFile("台账.xlsx", _register_workbook(w).read_bytes())
        _ok(w.admin.post("/register/upload/", {"file": upload}), 302)


def import_command(w: World) -> None:
    with contextlib.suppress(CommandError):  # a refusal is the service's answer: it was called
        call_command(
            "import", str(_register_workbook(w)), "--dry-run", stdout=io.StringIO(), stderr=io.StringIO()
        )


RUN = {"standard": "gd-2016", "year": "2020", "level": "household"}


def run_start_page(w: World) -> None:
    with _inline(w):
        _ok(w.admin.post("/assessments/start/", RUN), 302)


def assess_command(w: World) -> None:
    call_command(
        "assess", "--standard", "gd-2016", "--year", "2020", stdout=io.StringIO(), stderr=io.StringIO()
    )


def export_page(w: World) -> None:
    with _inline(w):
        _ok(w.admin.post("/register/upload/export/", {"area": ""}), 302)


def export_command(w: World) -> None:
    call_command("export", str(w.folder / "导出.xlsx"), stdout=io.StringIO(), stderr=io.StringIO())


def _finished_job(w: World) -> BackgroundJob:
    """A run started (and ended) on the assessments page: the job re-run below."""
    run_start_page(w)
    return BackgroundJob.objects.filter(kind="assessment").latest("pk")


def rerun_page(w: World) -> None:
    job = _finished_job(w)
    with _inline(w):
        _ok(w.admin.post(f"/assessments/jobs/{job.pk}/rerun/"), 302)


def rerun_admin(w: World) -> None:
    job = _finished_job(w)
    with _inline(w):
        _ok(
            w.admin.post("/admin/core/backgroundjob/", {"action": "rerun", "_selected_action": [job.pk]}), 302
        )
