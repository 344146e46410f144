"""What validation finds: located issues (问题) for users, and the problems the checks raise internally."""

from __future__ import annotations

from dataclasses import dataclass, field

from bangfu.core.errors import ApplicationError
from bangfu.registry.importing.messages import message

WARNING_PREFIX = {"zh": "提示：", "en": "Warning: "}


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """One problem, located as the user sees the file: sheet, Excel row or CSV line, column, value as given.

    ``row`` is ``None`` for a problem of a whole sheet or file (a missing sheet, an unreadable encoding).
    ``rule`` is the message key (see ``messages.MESSAGES``), stable for programs and tests.
    """

    sheet: str
    row: int | None
    column: str
    value: str
    message: str
    rule: str = ""


@dataclass
class ValidationReport:
    """Everything validation found. Errors block the import; warnings never do."""

    errors: list[ImportIssue] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # data rows read per sheet
    unlisted_warnings: int = 0  # row warnings beyond the per-kind limit, each kind counted in one line
    unlisted_errors: int = 0  # errors beyond the error limit, counted per kind in one line each

    @property
    def error_count(self) -> int:
        """Every error found, listed or only counted (the count lines themselves not included)."""
        listed = sum(1 for issue in self.errors if issue.rule != "errors_unlisted")
        return listed + self.unlisted_errors

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def issues(self) -> list[ImportIssue]:
        """Errors first, then warnings: what a report file lists."""
        return [*self.errors, *self.warnings]


@dataclass(frozen=True, slots=True)
class Problem:
    """A check's finding before it is located: the column it concerns, a message key and its parameters."""

    column: str
    key: str
    params: dict = field(default_factory=dict)
    warning: bool = False


class SourceError(ApplicationError):
    """A file, sheet or header that cannot be read; carries its message key so it can be shown in any language."""

    def __init__(self, key: str, sheet: str = "", row: int | None = None, column: str = "", **params):
        params = {"sheet": sheet} | params  # messages may name the sheet
        self.key, self.sheet, self.row, self.column, self.params = key, sheet, row, column, params
        where = f"{sheet} 第{row}行" if sheet and row else sheet
        where += f"，列“{column}”" if column else ""
        where += "：" if where else ""
        super().__init__(where + message(key, "zh", **params), {"sheet": sheet, "row": row, "column": column})

    def issue(self, lang: str = "zh") -> ImportIssue:
        return ImportIssue(
            self.sheet, self.row, self.column, "", message(self.key, lang, **self.params), self.key
        )
