"""Validation of a register file before anything is written (导入校验): every error, each one located.

    report = register_validate(open_source("台账.xlsx"), lang="zh")
    report.errors, report.warnings  # ImportIssue(sheet, row, column, value, message)

Sheets are read in order 村 → 户 → 成员 → 收入 → 村年度, streaming; each row is normalised and typed
(``typed``), checked within the row (``rules``) and across rows and sheets (``references``). Never stops at the
first error. Issues come out sorted by sheet, row and column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from bangfu.registry import contract
from bangfu.registry.importing.formats import open_source
from bangfu.registry.importing.issues import (
    WARNING_PREFIX,
    ImportIssue,
    Problem,
    SourceError,
    ValidationReport,
)
from bangfu.registry.importing.messages import message
from bangfu.registry.importing.normalise import cell_text
from bangfu.registry.importing.references import References
from bangfu.registry.importing.rules import ROW_RULES
from bangfu.registry.importing.scope import ScopeCheck
from bangfu.registry.importing.sources import RegisterSource, SheetRows, SourceRow
from bangfu.registry.importing.typed import row_typed, sheet_spec

Progress = Callable[[str, int], None]
PROGRESS_STEP = 10_000
#: Row warnings of one kind (sheet, column, rule) listed one by one; beyond this, one line counts the rest.
WARNING_LIMIT = 100
#: Errors listed one by one (the first found); beyond, one line per kind (sheet, column, rule) counts the
#: rest, so that a broken file cannot fill the memory with errors. ``BANGFU_IMPORT_ERROR_LIMIT``.
DEFAULT_ERROR_LIMIT = 1000
#: Columns that the ID number fills in when absent or empty (成员: 性别, 出生日期).
DERIVED_COLUMNS = ("性别", "出生日期")
_LAST = 1 << 62
OPTIONAL_SHEETS = (contract.VILLAGE_STATS.name,)
_SHEET_ORDER = {sheet.name: index for index, sheet in enumerate(contract.SHEETS)}
_COLUMN_ORDER = {(sheet.name, header): index for sheet in contract.SHEETS for index, header in enumerate(sheet.headers)}  # fmt: skip


def error_limit() -> int:
    try:
        from django.conf import settings

        return int(getattr(settings, "BANGFU_IMPORT_ERROR_LIMIT", DEFAULT_ERROR_LIMIT))
    except ImportError:  # pragma: no cover
        return DEFAULT_ERROR_LIMIT


def register_validate(
    source: RegisterSource | Path | str,
    lang: str = "zh",
    progress: Progress | None = None,
    *,
    allowed_division_paths: Sequence[str] | None = None,
    user=None,
    file_name: str = "",
) -> ValidationReport:
    """Check a register file against the contract; ``progress(sheet, rows read)`` is called as it goes.

    ``allowed_division_paths``: the importing user's area (division paths, ``importing.service.allowed_division_paths``);
    rows outside it are errors (``importing/scope.py``). ``None``: no such check (administrators, commands).
    ``user`` and ``file_name``: who checks which file, for the ID-number conflicts that the area check
    discloses (logged and limited per user: ``importing/conflicts.py``).
    """
    if not isinstance(source, RegisterSource):
        with open_source(source) as opened:
            return register_validate(
                opened, lang, progress, allowed_division_paths=allowed_division_paths, user=user,
                file_name=file_name or Path(source).name,
            )  # fmt: skip
    scope_check = (
        ScopeCheck(allowed_division_paths, user=user, file_name=file_name or source.path.name)
        if allowed_division_paths is not None
        else None
    )
    return _Validation(source, lang, progress, scope_check).run()


class _Validation:
    def __init__(
        self, source: RegisterSource, lang: str, progress: Progress | None, scope_check: ScopeCheck | None
    ):
        self.source, self.lang = source, lang
        # The web upload's area check (an officer imports inside their divisions only); None: no check.
        self.scope_check = scope_check
        self.progress = progress or (lambda sheet, count: None)
        self.report = ValidationReport()
        self.references = References()
        self.warning_counts: dict[tuple[str, str, str], int] = {}
        self.error_limit = error_limit()
        self.unlisted_errors: dict[tuple[str, str, str], int] = {}  # kind → errors not listed
        self.unlisted_reasons: dict[tuple[str, str, str], str] = {}

    def run(self) -> ValidationReport:
        references = self.references
        checks = {
            contract.VILLAGES.name: references.village,
            contract.HOUSEHOLDS.name: references.household,
            contract.MEMBERS.name: references.member,
            contract.INCOMES.name: references.income,
            contract.VILLAGE_STATS.name: references.village_stats,
        }
        for sheet in contract.SHEETS:
            readable = self._sheet(sheet, checks[sheet.name])
            if sheet is contract.VILLAGES:
                references.villages_readable = readable
            elif sheet is contract.HOUSEHOLDS:
                references.households_readable = readable
            elif sheet is contract.MEMBERS:
                references.members_readable = readable
        late_problems = references.finish()
        if self.scope_check is not None:
            late_problems += self.scope_check.finish()
        for late in late_problems:
            self._add(late.sheet, late.row, late.value, late.problem)
        self._count_unlisted_warnings()
        self._count_unlisted_errors()
        self._sort()
        return self.report

    def _sheet(self, sheet: contract.Sheet, check: Callable[[dict, SourceRow], list[Problem]]) -> bool:
        """Read and check every row of one sheet; whether the sheet could be read at all."""
        if sheet.name in OPTIONAL_SHEETS and not self.source.has_sheet(sheet):
            return True
        count = 0
        try:
            reader = self.source.read(sheet)
            self._header_issues(reader)
            spec, rules = sheet_spec(sheet), ROW_RULES.get(sheet.name)
            unnamed_seen: set[str] = set()
            absent = set(reader.header.absent)  # their header warning says it all
            for row in reader:
                values, problems = row_typed(spec, row)
                flagged = {problem.column for problem in problems if not problem.warning}
                if rules is not None:
                    problems += rules(values, flagged)
                problems += check(values, row)
                if self.scope_check is not None:
                    self.scope_check.row(sheet.name, values, row)
                for problem in problems:
                    if not (problem.warning and problem.column in absent):
                        cell = row.cells.get(problem.column, row.extra.get(problem.column, ""))
                        self._add(sheet.name, row.number, cell_text(cell), problem)
                if row.extra:
                    self._unnamed_columns(sheet, reader, row, unnamed_seen)
                count += 1
                if count % PROGRESS_STEP == 0:
                    self.progress(sheet.name, count)
        except SourceError as error:
            self.report.errors.append(error.issue(self.lang))
            return False
        finally:
            self.report.counts[sheet.name] = count
        self.progress(sheet.name, count)
        return True

    def _header_issues(self, reader: SheetRows) -> None:
        sheet, header = reader.sheet.name, reader.header
        for column in header.duplicates:
            self._add(sheet, header.row, column, Problem(column, "column_duplicate", {"column": column}))
        for column in header.extra:
            self._add(sheet, header.row, column, Problem(column, "column_unknown", warning=True))
        for column in header.absent:
            derived = sheet == contract.MEMBERS.name and column in DERIVED_COLUMNS
            problem = Problem(
                column, "column_absent_derived" if derived else "column_absent", {"column": column}, True
            )
            self._add(sheet, header.row, "", problem)

    def _unnamed_columns(
        self, sheet: contract.Sheet, reader: SheetRows, row: SourceRow, seen: set[str]
    ) -> None:
        """A warning the first time data turns up in a column without a name."""
        for name, value in row.extra.items():
            if name not in reader.header.extra and name not in seen:
                seen.add(name)
                problem = Problem(name, "column_unnamed", {"column": name}, warning=True)
                self._add(sheet.name, row.number, cell_text(value), problem)

    def _add(self, sheet: str, row: int | None, value: str, problem: Problem) -> None:
        if problem.warning and row is not None:
            kind = (sheet, problem.column, problem.key)
            self.warning_counts[kind] = seen = self.warning_counts.get(kind, 0) + 1
            if seen > WARNING_LIMIT:
                return
        elif not problem.warning and len(self.report.errors) >= self.error_limit:
            kind = (sheet, problem.column, problem.key)
            if (
                kind not in self.unlisted_errors
            ):  # the reason, as the first unlisted error of the kind says it
                self.unlisted_reasons[kind] = message(problem.key, self.lang, **problem.params)
            self.unlisted_errors[kind] = self.unlisted_errors.get(kind, 0) + 1
            return
        text = message(problem.key, self.lang, **problem.params)
        if problem.warning:
            text = WARNING_PREFIX.get(self.lang, WARNING_PREFIX["zh"]) + text
        issue = ImportIssue(sheet, row, problem.column, value, text, problem.key)
        (self.report.warnings if problem.warning else self.report.errors).append(issue)

    def _sort(self) -> None:
        def key(issue: ImportIssue):
            column = _COLUMN_ORDER.get((issue.sheet, issue.column), len(_COLUMN_ORDER))
            row = issue.row or (_LAST if issue.rule == "errors_unlisted" else 0)  # counts after the listed
            return _SHEET_ORDER.get(issue.sheet, 0), row, column

        self.report.errors.sort(key=key)
        self.report.warnings.sort(key=key)

    def _count_unlisted_errors(self) -> None:
        """One line per kind of error beyond the limit: 还有 N 条同类错误 (sheet, column, rule of that kind)."""
        for kind, count in self.unlisted_errors.items():
            sheet, column, _ = kind
            self.report.unlisted_errors += count
            text = message("errors_unlisted", self.lang, count=count, reason=self.unlisted_reasons[kind])
            self.report.errors.append(ImportIssue(sheet, None, column, "", text, "errors_unlisted"))

    def _count_unlisted_warnings(self) -> None:
        """One line per kind of row warning that was not listed row by row (errors are always all listed)."""
        for (sheet, column, _), seen in self.warning_counts.items():
            if seen > WARNING_LIMIT:
                self.report.unlisted_warnings += seen - WARNING_LIMIT
                problem = Problem(column, "warnings_unlisted", {"count": seen - WARNING_LIMIT}, warning=True)
                self._add(sheet, None, "", problem)
