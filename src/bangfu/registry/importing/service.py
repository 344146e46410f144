"""Importing a register file (导入档案), the one pipeline behind every door: ``bangfu import``, the upload
page's check (a dry run) and its import (both queued tasks, ``registry.tasks``).

    outcome = register_import(path=path, user=user, file_name="register.xlsx", lang="zh", dry_run=False)
    outcome.report   # every error and warning (sheet, row, column, value, reason)
    outcome.summary  # what was written (or, dry run, what would be); None when the file has errors

The file is checked in full first (with the importer's area: rows outside it are errors, ``importing/scope.py``;
no scope — a command run by the operator — means no area check); with any error nothing is written. A database
without divisions first gets the shipped ones (Shanwei's), in the same transaction, so that villages can be
attached to their county. Then the file is applied in one transaction: all or nothing, each change kept in
history and the import recorded (``ImportRecord``, the audit of who imported which file).

``progress(stage, done, total=None)`` gets ``check:<sheet>`` while checking, then ``preview:<sheet>`` (dry run)
or ``write:<sheet>`` with the sheet's row count as ``total``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from bangfu.accounts.scope import Scope
from bangfu.core.errors import ApplicationError
from bangfu.regions.models import Division
from bangfu.regions.services import divisions_load_shipped
from bangfu.registry.importing.apply import register_import_apply
from bangfu.registry.importing.apply_summary import ImportSummary
from bangfu.registry.importing.formats import open_source
from bangfu.registry.importing.history import file_sha256
from bangfu.registry.importing.issues import SourceError, ValidationReport
from bangfu.registry.importing.typed import validated_rows
from bangfu.registry.importing.validate import register_validate
from bangfu.registry.models import Village

Progress = Callable[..., None]


@dataclass
class ImportOutcome:
    report: ValidationReport
    summary: ImportSummary | None  # None: the file has errors, nothing was written
    source_error: SourceError | None = None  # the file could not be read at all (one located error)

    @property
    def ok(self) -> bool:
        return self.summary is not None


def allowed_division_paths(scope: Scope) -> list[str] | None:
    """The importer's area for the import's scope check; ``None`` for administrators (everything)."""
    if scope.everything:
        return None
    paths = set(scope.area.division_paths)
    if scope.area.village_ids:
        villages = Village.objects.filter(id__in=sorted(scope.area.village_ids))
        paths |= set(villages.values_list("division__path", flat=True))
    return sorted(paths)


def register_import(
    *,
    path: Path | str,
    user=None,
    scope: Scope | None = None,
    file_name: str = "",
    lang: str = "zh",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Check the register file at ``path`` in full, then (no error) apply it; see the module's docstring.

    ``user``: who imports (history, the import record). ``scope``: the importer's access (``scope_for(user)``,
    what the pages' tasks pass): rows outside its area are errors; ``None`` — the operator's command — checks
    no area. ``ApplicationError`` when the scope may not change the register, or from the apply step (e.g.
    the register is busy); nothing is written then."""
    path = Path(path)
    name = file_name or path.name
    allowed = None
    if scope is not None:
        if not scope.may_change_register:
            raise ApplicationError(_("You may not change the register."))
        allowed = allowed_division_paths(scope)
    report_progress = progress or (lambda *args, **kwargs: None)
    fresh = not Division.objects.exists()
    try:
        with transaction.atomic() if fresh else nullcontext(), open_source(path) as source:
            if fresh:
                divisions_load_shipped()
            report = register_validate(
                source, lang=lang, progress=lambda sheet, done: report_progress(f"check:{sheet}", done),
                allowed_division_paths=allowed, user=user, file_name=name,
            )  # fmt: skip
            if not report.ok:
                if fresh:
                    transaction.set_rollback(True)
                return ImportOutcome(report, None)
            stage = "preview" if dry_run else "write"
            summary = register_import_apply(
                validated_rows(source),
                file_name=name,
                user=user,
                dry_run=dry_run,
                progress=lambda sheet, done: report_progress(
                    f"{stage}:{sheet}", done, report.counts.get(sheet)
                ),
                sha256=file_sha256(path),
                lang=lang,
            )
            if fresh and dry_run:
                transaction.set_rollback(True)
    except SourceError as error:
        return ImportOutcome(ValidationReport(errors=[error.issue(lang)]), None, error)
    return ImportOutcome(report, summary)
