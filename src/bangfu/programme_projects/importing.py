"""The programme import (对口帮扶导入): a workbook or CSV folder in the layout of ``contract.py``, all or nothing.

    result = programme_import(path=path, actor=user, dry_run=False, lang="zh")
    if result.issues: …  # every problem, located: sheet, row, column, value as given, reason

``actor``: who imports, a user (an administrator: the workbook spans the whole programme) or ``None`` for the
operator's command without ``--user``. It is kept in the import's record (``ProgrammeImport``, the audit of
who loaded which file into which programme), written in the same transaction as the records.

Reading uses the register import's sources (xlsx with calamine, a folder or .zip of CSV files) and its
lenient cell readers (full-width digits, Excel dates and numbers, 1,234元, …). Then the rows go, in one
transaction, to ``programme_records_bulk_load``, whose problems are located back to sheet and row, and the
import is recorded. Nothing is written when there is any problem, nor with ``dry_run``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from bangfu.accounts.scope import scope_for
from bangfu.core.errors import ApplicationError
from bangfu.programme import contract
from bangfu.programme.contract import Kind
from bangfu.programme.models import Programme
from bangfu.programme.services import programme_create
from bangfu.programme_projects.bulk import BulkLoadError, programme_records_bulk_load
from bangfu.programme_projects.bulk.spec import ENTITIES
from bangfu.programme_projects.models import ProgrammeImport
from bangfu.projects.choices import FundSource
from bangfu.regions.models import Division
from bangfu.registry.contract import Column, Sheet
from bangfu.registry.importing.formats import open_source
from bangfu.registry.importing.history import file_sha256
from bangfu.registry.importing.issues import ImportIssue, SourceError
from bangfu.registry.importing.messages import message
from bangfu.registry.importing.normalise import (
    CellProblem,
    cell_text,
    is_empty,
    parse_bool,
    parse_date,
    parse_division,
    parse_id_number,
    parse_int,
    parse_money,
    parse_text,
    parse_year,
)

Progress = Callable[[str, int], None]
LANGUAGE_CODES = {"zh": "zh-hans", "en": "en"}

_PARSERS = {
    Kind.TEXT: parse_text,
    Kind.DIVISION: parse_division,
    Kind.ID_NUMBER: parse_id_number,
    Kind.YEAR: parse_year,
    Kind.INT: parse_int,
    Kind.MONEY: parse_money,
    Kind.QUANTITY: parse_money,
    Kind.DATE: parse_date,
    Kind.BOOL: parse_bool,  # the markets' sheets (培训学员 结业)
}


@dataclass
class ImportResult:
    """What an import found and did: ``issues`` (errors; nothing written when any), rows written per entity."""

    issues: list[ImportIssue] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    rows_read: dict[str, int] = field(default_factory=dict)
    programme: str = ""
    programme_created: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.issues


@dataclass
class _SheetData:
    sheet: Sheet
    rows: list[dict] = field(default_factory=list)  # field → typed value (empty cells left out)
    numbers: list[int] = field(default_factory=list)  # row number as the user sees it
    raw: list[dict] = field(default_factory=list)  # field → cell as given


class _Refused(Exception):
    """Rolls the transaction back when the load found problems (or for a dry run)."""


def programme_import(
    *,
    path: Path | str,
    actor,
    file_name: str = "",
    dry_run: bool = False,
    lang: str = "zh",
    progress: Progress | None = None,
) -> ImportResult:
    """Check the whole file, then (unless ``dry_run`` or any problem) load it and record the import, in one
    transaction. ``ApplicationError`` when ``actor`` (a user; ``None``: the operator) may not import it."""
    path = Path(path)
    report = progress or (lambda stage, count: None)
    with translation.override(LANGUAGE_CODES.get(lang, "zh-hans")):
        if actor is not None and not scope_for(actor).everything:
            raise ApplicationError(_("Only an administrator may import a programme workbook."))
        result = ImportResult(dry_run=dry_run)
        try:
            with open_source(path) as source:
                data = {}
                for name, sheet in [("programme", contract.PROGRAMME), *contract.ENTITY_SHEETS.items()]:
                    if name == "programme" or source.has_sheet(sheet):
                        data[name] = _read_sheet(source, sheet, name, lang, result, _donor_city(data))
                        result.rows_read[sheet.name] = len(data[name].rows)
                        report(sheet.name, len(data[name].rows))
        except SourceError as error:
            result.issues.append(error.issue(lang))
            return result
        if result.issues:
            return result
        audit = _Audit(path, file_name or path.name, actor)
        _load(data, result, lang, report, audit)
        return result


@dataclass
class _Audit:
    path: Path
    file_name: str
    actor: object

    def record(self, programme: Programme, result: ImportResult) -> ProgrammeImport:
        """The import's record, written in its transaction: who loaded which file, and the rows per sheet."""
        user = self.actor if getattr(self.actor, "is_authenticated", False) else None
        return ProgrammeImport.objects.create(
            file_name=self.file_name[:255],
            sha256=file_sha256(self.path),
            programme=programme,
            user=user,
            username=getattr(user, "username", "") or "",
            summary={"created": result.programme_created, "rows": result.rows_read, "written": result.counts},
        )


def _donor_city(data: dict[str, _SheetData]) -> str:
    """The programme's donor city as the file gives it (its finance may be named 深圳市财政 and the like)."""
    programme = data.get("programme")
    return programme.rows[0].get("donor_city", "") if programme and programme.rows else ""


def _read_sheet(
    source, sheet: Sheet, entity: str, lang: str, result: ImportResult, donor_city: str = ""
) -> _SheetData:
    data = _SheetData(sheet)
    try:
        rows = list(source.rows(sheet))
    except SourceError as error:
        result.issues.append(error.issue(lang))
        return data
    parsers = {column.header: _cell_parser(entity, column, donor_city) for column in sheet.columns}
    for row in rows:
        values, raw = {}, {}
        for column in sheet.columns:
            cell = row.cells.get(column.header, "")
            raw[column.field] = cell
            if is_empty(cell):
                if column.required:
                    result.issues.append(_issue(sheet, row.number, column, cell, message("required", lang)))
                continue
            try:
                values[column.field] = parsers[column.header](cell)
            except CellProblem as problem:
                text = message(problem.key, lang, **problem.params)
                result.issues.append(_issue(sheet, row.number, column, cell, text, problem.key))
        data.rows.append(values)
        data.numbers.append(row.number)
        data.raw.append(raw)
    return data


def _cell_parser(entity: str, column: Column, donor_city: str = "") -> Callable:
    if column.kind != Kind.CODE:
        return _PARSERS[Kind(column.kind)]
    fields = {f.name: f for f in ENTITIES.get(entity, ())}
    codes = fields[column.field].choices
    aliases = {}
    if (entity, column.field) == ("fund_flows", "source") and donor_city:
        city = donor_city.removesuffix("市")
        aliases = dict.fromkeys((f"{city}财政", f"{city}市财政"), FundSource.DONOR_FINANCE)

    def parse_code(raw) -> str:
        text = parse_text(raw)
        value = aliases.get(text, text)
        if value in codes:
            return value
        raise CellProblem("code", codes=list(codes))

    return parse_code


def _issue(
    sheet: Sheet, row: int | None, column: Column | None, raw, text: str, rule: str = ""
) -> ImportIssue:
    return ImportIssue(sheet.name, row, column.header if column else "", cell_text(raw), str(text), rule)


def _load(
    data: dict[str, _SheetData], result: ImportResult, lang: str, report: Progress, audit: _Audit
) -> None:
    programme_data = data["programme"]
    sheet = contract.PROGRAMME
    if len(programme_data.rows) != 1:
        text = _("Sheet 对口帮扶 must have exactly one row: the programme (it has %(count)s).") % {
            "count": len(programme_data.rows)
        }
        result.issues.append(ImportIssue(sheet.name, None, "", "", text, "programme_rows"))
        return
    try:
        with transaction.atomic():
            programme, created = _programme(programme_data, result)
            result.programme, result.programme_created = programme.name, created
            entities = {name: data[name].rows for name in contract.ENTITY_SHEETS if name in data}
            try:
                result.counts = programme_records_bulk_load(programme=programme, progress=report, **entities)
            except BulkLoadError as error:
                result.issues.extend(_located(error, data))
                raise _Refused from None
            if result.dry_run:
                raise _Refused
            audit.record(programme, result)
    except _Refused:
        pass


def _programme(data: _SheetData, result: ImportResult) -> tuple[Programme, bool]:
    row, number = data.rows[0], data.numbers[0]
    sheet = contract.PROGRAMME
    existing = Programme.objects.filter(name=row["name"]).first()
    if existing is not None:
        return existing, False
    division = Division.objects.filter(code=row["recipient_division"]).first()
    if division is None:
        column = sheet.columns[3]
        text = _("No division with this code")
        result.issues.append(_issue(sheet, number, column, data.raw[0][column.field], text))
        raise _Refused
    fields = {name: value for name, value in row.items() if name != "recipient_division"}
    try:
        return programme_create(recipient_division=division, **fields), True
    except ApplicationError as error:
        result.issues.append(ImportIssue(sheet.name, number, "", "", error.message))
        raise _Refused from None


def _located(error: BulkLoadError, data: dict[str, _SheetData]) -> list[ImportIssue]:
    """The loader's problems, located in the file: sheet, row, column, value as given."""
    issues = []
    for problem in error.problems:
        sheet_data = data.get(problem.entity)
        if sheet_data is None:
            issues.append(ImportIssue("", None, problem.field, cell_text(problem.value), problem.message))
            continue
        sheet = sheet_data.sheet
        column = next((c for c in sheet.columns if c.field == problem.field), None)
        if problem.index is None:
            issues.append(_issue(sheet, None, column, problem.value, problem.message))
            continue
        raw = sheet_data.raw[problem.index].get(problem.field, problem.value)
        issues.append(_issue(sheet, sheet_data.numbers[problem.index], column, raw, problem.message))
    return issues
