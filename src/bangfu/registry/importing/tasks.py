"""The register upload's queued tasks (``bangfu worker`` runs them; see ``core.jobs``): a file's check (a dry
run of the import) and its import. Each takes JSON arguments — the job's id, the uploader's id, paths as
strings — and calls ``register_import``, the service ``bangfu import`` calls.

The check keeps its issues in the upload's folder (``issues.json`` for the preview, ``issues.xlsx`` and
``issues.txt`` for download), built once here.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django_tasks import task

from bangfu.accounts.scope import scope_for
from bangfu.core.errors import ApplicationError
from bangfu.core.jobs import JobProgress, job_run
from bangfu.registry import contract
from bangfu.registry.importing.issues import ImportIssue, ValidationReport
from bangfu.registry.importing.report import issues_text, report_write
from bangfu.registry.importing.service import ImportOutcome, register_import

SHEET_NAMES = tuple(sheet.name for sheet in contract.SHEETS)
ISSUES_FILE = "issues.json"
REPORT_FILES = {"xlsx": "issues.xlsx", "txt": "issues.txt"}


def _user(user_id: int | None):
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


def _import(*, user_id: int | None, folder: str, source: str, file_name: str, lang: str, dry_run: bool,
            progress: JobProgress) -> ImportOutcome:  # fmt: skip
    """The upload's import with its uploader's access, as it is now (the area may have changed)."""
    user = _user(user_id)
    if user is None:
        raise ApplicationError(_("The user who uploaded this file no longer exists; nothing was written."))
    return register_import(
        path=Path(folder) / source, user=user, scope=scope_for(user), file_name=file_name, lang=lang,
        dry_run=dry_run, progress=progress,
    )  # fmt: skip


def _steps(second: str) -> list[str]:
    return [f"check:{sheet}" for sheet in SHEET_NAMES] + [f"{second}:{sheet}" for sheet in SHEET_NAMES]


@task()
def register_check_task(*, job_id: int, user_id: int | None, folder: str, source: str, file_name: str,
                        lang: str) -> dict:  # fmt: skip
    """Check an uploaded file and work out what importing it would change (nothing is written)."""

    def work(progress: JobProgress) -> dict:
        progress.plan(_steps("preview"))
        outcome = _import(user_id=user_id, folder=folder, source=source, file_name=file_name, lang=lang,
                          dry_run=True, progress=progress)  # fmt: skip
        issues_save(Path(folder), outcome.report, lang)
        report = outcome.report
        if outcome.source_error is not None:
            return {"ok": False, "errors": 1, "warnings": 0, "rows": {}}
        result = {"ok": report.ok, "errors": report.error_count, "warnings": len(report.warnings),
                  "rows": report.counts}  # fmt: skip
        if outcome.summary is None:
            return result
        return result | {"summary": outcome.summary.as_json(), "lines": outcome.summary.lines(lang)}

    return job_run(job_id, work)


@task()
def register_import_task(*, job_id: int, user_id: int | None, folder: str, source: str, file_name: str,
                         lang: str) -> dict:  # fmt: skip
    """Check an uploaded file again (the register or the user's area may have changed) and import it."""

    def work(progress: JobProgress) -> dict:
        progress.plan(_steps("write"))
        outcome = _import(user_id=user_id, folder=folder, source=source, file_name=file_name, lang=lang,
                          dry_run=False, progress=progress)  # fmt: skip
        if outcome.source_error is not None:
            raise ApplicationError(outcome.source_error.message)
        if outcome.summary is None:
            raise ApplicationError(
                _(
                    "The file no longer passes the checks (%(count)d errors); nothing was written. "
                    "Upload it again to see them."
                )
                % {"count": outcome.report.error_count}
            )
        return {"summary": outcome.summary.as_json(), "lines": outcome.summary.lines(lang)}

    return job_run(job_id, work)


# ------------------------------------------------------------------------------------------------ issues


def issues_save(folder: Path, report: ValidationReport, lang: str) -> None:
    """The check's issues, kept with the job in the upload's folder: for the preview (``issues.json``) and,
    built once here, the downloadable reports (``问题.xlsx``, ``问题.txt``). Errors are capped
    (``BANGFU_IMPORT_ERROR_LIMIT``) and warnings counted per kind, so each file stays small."""
    rows = [[*_issue_cells(issue), "error"] for issue in report.errors]
    rows += [[*_issue_cells(issue), "warning"] for issue in report.warnings]
    (folder / ISSUES_FILE).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    report_write(report.issues, folder / REPORT_FILES["xlsx"])
    (folder / REPORT_FILES["txt"]).write_text(issues_text(report.issues, lang) + "\n", encoding="utf-8")


def _issue_cells(issue: ImportIssue) -> list:
    return [issue.sheet, issue.row, issue.column, issue.value, issue.message, issue.rule]


def issues_load(folder: Path) -> list[list]:
    path = folder / ISSUES_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
