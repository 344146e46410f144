"""``register_export``: the register, or the villages of one area, in the contract layout (导出档案)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction

from bangfu.core.errors import ApplicationError
from bangfu.core.personal_data import personal_data_access_check, personal_data_access_log
from bangfu.registry import contract
from bangfu.registry.exporting.outputs import output_for
from bangfu.registry.exporting.sheets import SOURCES, Scope, scoped, sheet_rows

#: ``progress(sheet name, rows written, rows in the sheet)``.
Progress = Callable[[str, int, int], None]

FORMATS = ("xlsx", "csv")
#: Sheets always written; 村年度 follows when the villages in scope have statistics.
MAIN_SHEETS = (contract.VILLAGES, contract.HOUSEHOLDS, contract.MEMBERS, contract.INCOMES)


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    format: str
    scope: str  # the scope as given; empty for the whole register
    masked: bool
    rows: dict[str, int]  # rows written by sheet name
    extra: dict[str, list[str]] = field(default_factory=dict)  # extra columns by sheet name

    @property
    def villages(self) -> int:
        return self.rows.get(contract.VILLAGES.name, 0)

    @property
    def households(self) -> int:
        return self.rows.get(contract.HOUSEHOLDS.name, 0)

    @property
    def members(self) -> int:
        return self.rows.get(contract.MEMBERS.name, 0)

    @property
    def income_records(self) -> int:
        return self.rows.get(contract.INCOMES.name, 0)

    @property
    def village_stats(self) -> int:
        return self.rows.get(contract.VILLAGE_STATS.name, 0)


def register_export(
    *,
    path: Path | str,
    scope: str | None = None,
    fmt: str = "xlsx",
    unmask: bool = False,
    user=None,
    progress: Progress | None = None,
) -> ExportSummary:
    """Write the register in the contract layout to ``path``; returns what was written.

    ``scope``: a division-code prefix (``4415`` a city, ``441521`` a county) or a full 12-digit division code
    (the villages inside that division); ``None`` for the whole register. ``fmt``: ``xlsx`` (``path`` ends in
    ``.xlsx``) or ``csv`` (a folder, or a zip when ``path`` ends in ``.zip``). ID numbers and phones are masked
    unless ``unmask``, which needs a ``user`` with ``core.view_personal_data`` and is logged. Rows are read in
    one read transaction and streamed to a temporary file that replaces ``path`` only when complete.
    """
    path = Path(path).expanduser()
    if unmask:
        personal_data_access_check(user)
    output = output_for(path, fmt)
    report = progress or (lambda sheet, done, total: None)
    rows: dict[str, int] = {}
    extra: dict[str, list[str]] = {}
    with _read_snapshot():
        area = Scope.parse(scope)
        if not scoped(SOURCES[contract.VILLAGES.name], area).exists():
            raise ApplicationError(_nothing_to_export(scope))
        sheets = list(MAIN_SHEETS)
        if scoped(SOURCES[contract.VILLAGE_STATS.name], area).exists():
            sheets.append(contract.VILLAGE_STATS)
        planned = [sheet_rows(sheet, area, mask=not unmask) for sheet in sheets]  # counts; rows are lazy
        for data in planned:
            if output.max_rows is not None and data.total > output.max_rows:
                raise ApplicationError(
                    f"“{data.sheet.name}”有 {data.total:,} 行，超过 Excel 工作表的上限 {output.max_rows:,} 行："
                    "请导出为 CSV（--format csv），或用 --scope 分区导出"
                )
        output.open()
        try:
            for data in planned:
                sheet = data.sheet
                report(sheet.name, 0, data.total)
                rows[sheet.name] = output.write_sheet(
                    sheet, data.extra, data.rows, lambda done, s=sheet, t=data.total: report(s.name, done, t)
                )
                report(sheet.name, rows[sheet.name], data.total)
                if data.extra:
                    extra[sheet.name] = data.extra
            output.close()
        except BaseException:
            output.discard()
            raise
    try:
        with transaction.atomic():
            if unmask:
                personal_data_access_log(
                    user=user,
                    purpose="export",
                    scope=area.label,
                    records=rows[contract.HOUSEHOLDS.name] + rows[contract.MEMBERS.name],
                    detail=f"{fmt}: {path.resolve()}",
                )
            output.publish()
    except BaseException:
        output.discard()
        raise
    return ExportSummary(path, fmt, area.label, not unmask, rows, extra)


def _nothing_to_export(scope: str | None) -> str:
    if scope:
        return f"档案中没有范围“{scope}”内的村：请检查行政区划代码"
    return "档案是空的，没有可导出的数据（空白的导入模板请用 bangfu template 生成）"


@contextmanager
def _read_snapshot() -> Iterator[None]:
    """Every query of the export sees the register at one moment, even while others write to it.

    Inside the caller's transaction, its view is used. PostgreSQL: a repeatable-read, read-only transaction.
    SQLite: a deferred transaction (in WAL mode, reads see the database as of the first read, and no write
    lock is taken; Django's own transactions here begin IMMEDIATE, which would block writers for the export's
    whole duration).
    """
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
    else:  # pragma: no cover - Bangfu runs on SQLite and PostgreSQL
        with transaction.atomic():
            yield
