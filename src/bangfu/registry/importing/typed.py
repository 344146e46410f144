"""A source row as typed values (类型化的行): the shape ``loading.read_sheet`` gives, plus ``extra``.

    for number, values in typed_rows(source, contract.MEMBERS):  # a validated source; for the apply step
        values["id_number"], values["birth_date"], values["extra"]

Members' 性别 and 出生日期 are filled in from the ID number when empty (validation warns that they were).

A column the file does not have is not a column of empty cells: ``typed_rows`` leaves its field out of the
row (``absent_fields``), and the import then keeps the stored value (only an empty cell in a present column
clears one). 性别 and 出生日期 are the exception: they are derived from the ID number when absent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bangfu.registry import contract
from bangfu.registry.contract import Kind
from bangfu.registry.importing.identity import id_birth_date, id_sex
from bangfu.registry.importing.issues import Problem, SourceError
from bangfu.registry.importing.normalise import (
    CellProblem,
    cell_parser,
    cell_text,
    empty_value,
    parse_date,
    parse_year,
)
from bangfu.registry.importing.sources import RegisterSource, SourceRow
from bangfu.standards import asof

#: Kinds whose cells take few distinct values: their parsed values are remembered per column.
_CACHED_KINDS = frozenset({Kind.CODE, Kind.BOOL, Kind.YEAR, Kind.INT, Kind.DIVISION})
CACHE_LIMIT = 2048


@dataclass(frozen=True)
class SheetSpec:
    """How each column of a sheet is read: ``(header, field, parser, required, empty value, cache)``."""

    sheet: contract.Sheet
    columns: tuple[tuple[str, str, Callable, bool, object, dict | None], ...]

    @classmethod
    def of(cls, sheet: contract.Sheet) -> SheetSpec:
        return cls(
            sheet,
            tuple(
                (column.header, column.field, cell_parser(column), column.required, empty_value(column),
                 {} if column.kind in _CACHED_KINDS else None)
                for column in sheet.columns
            ),
        )  # fmt: skip


_SPECS: dict[str, SheetSpec] = {}
_MISSING = object()


def sheet_spec(sheet: contract.Sheet) -> SheetSpec:
    if sheet.name not in _SPECS:
        _SPECS[sheet.name] = SheetSpec.of(sheet)
    return _SPECS[sheet.name]


def row_typed(spec: SheetSpec, row: SourceRow) -> tuple[dict, list[Problem]]:
    """The row's typed values (``None``/``""`` where a cell is empty or wrong) and the cells' problems."""
    values: dict = {}
    problems: list[Problem] = []
    cells = row.cells
    for header, field, parser, required, empty, cache in spec.columns:
        raw = cells[header]
        if raw == "" or (raw.__class__ is str and raw.isspace()) or raw is None:
            values[field] = empty
            if required:
                problems.append(Problem(header, "required"))
            continue
        if cache is not None and raw.__class__ is not bool:  # True == 1 == 1.0 as dict keys
            value = cache.get(raw, _MISSING)
            if value is not _MISSING:
                values[field] = value
                continue
        try:
            values[field] = value = parser(raw)
        except CellProblem as problem:
            values[field] = empty
            problems.append(Problem(header, problem.key, problem.params))
            continue
        if cache is not None and len(cache) < CACHE_LIMIT and raw.__class__ is not bool:
            cache[raw] = value
    if spec.sheet is contract.MEMBERS:
        _derive_from_id_number(values, problems)
    values["extra"] = extra = {header: cell_text(value).strip() for header, value in row.extra.items()}
    if spec.sheet in _DATED_SHEETS and (asof.DATE_COLUMN in extra or asof.YEAR_COLUMN in extra):
        _dating_cells(row, extra, problems)
    return values, problems


#: Sheets whose rows may carry 核实日期 / 年度 (docs/contracts.md, "Dated rows").
_DATED_SHEETS = (contract.HOUSEHOLDS, contract.MEMBERS)


def _parse_verified_date(raw):
    """A date as ``parse_date`` reads it, but not a bare number (``2019`` is a year, not an Excel serial)."""
    text = cell_text(raw).strip()
    if isinstance(raw, int | float) or (text.isdigit() and len(text) != 8):
        raise CellProblem("date")
    return parse_date(raw)


_DATING = (
    (asof.DATE_COLUMN, _parse_verified_date, "verified_date"),
    (asof.YEAR_COLUMN, parse_year, "verified_year"),
)


def _dating_cells(row: SourceRow, extra: dict, problems: list[Problem]) -> None:
    """A row's 核实日期 and 年度 (kept in ``extra``, they date its version): written in their canonical form
    (``YYYY-MM-DD``, ``YYYY``) when readable, an error naming what was found otherwise. An empty cell is no
    date (the row holds from the day it is imported)."""
    for header, parse, key in _DATING:
        text = extra.get(header, "")
        if not text:
            continue
        try:
            value = parse(row.extra[header])
        except CellProblem:
            problems.append(Problem(header, key, {"found": text}))
            continue
        extra[header] = value.isoformat() if header == asof.DATE_COLUMN else str(value)


def _derive_from_id_number(values: dict, problems: list[Problem]) -> None:
    """性别 and 出生日期 agree with a valid ID number; filled in from it when empty (a warning)."""
    number = values["id_number"]
    if not number:
        return
    sex, birth = id_sex(number), id_birth_date(number)
    if values["sex"] == "":
        if not any(problem.column == "性别" for problem in problems):
            values["sex"] = sex
            problems.append(Problem("性别", "derived", {"value": sex}, warning=True))
    elif values["sex"] != sex:
        problems.append(Problem("性别", "sex_mismatch", {"expected": sex}))
    if values["birth_date"] is None:
        if not any(problem.column == "出生日期" for problem in problems):
            values["birth_date"] = birth
            problems.append(Problem("出生日期", "derived", {"value": birth.isoformat()}, warning=True))
    elif values["birth_date"] != birth:
        problems.append(Problem("出生日期", "birth_mismatch", {"expected": birth.isoformat()}))


#: Fields filled in from the ID number when their column is absent (成员: 性别, 出生日期): never "absent".
DERIVED_FIELDS = frozenset({"sex", "birth_date"})


def absent_fields(sheet: contract.Sheet, absent_headers) -> tuple[str, ...]:
    """The fields of the optional columns a file does not have (derived 性别 and 出生日期 excepted)."""
    absent = set(absent_headers)
    return tuple(
        column.field
        for column in sheet.columns
        if column.header in absent
        and not column.required
        and not (sheet is contract.MEMBERS and column.field in DERIVED_FIELDS)
    )


def typed_rows(source: RegisterSource, sheet: contract.Sheet) -> Iterator[tuple[int, dict]]:
    """``(row number, typed values)`` of a sheet that validated; ``SourceError`` at the first wrong cell.
    The fields of columns the file does not have are left out of the rows (the import keeps stored values)."""
    spec = sheet_spec(sheet)
    reader = source.read(sheet)
    absent = absent_fields(sheet, reader.header.absent)
    for row in reader:
        values, problems = row_typed(spec, row)
        for name in absent:
            del values[name]
        for problem in problems:
            if not problem.warning:
                raise SourceError(problem.key, sheet=sheet.name, row=row.number, column=problem.column,
                                  **problem.params)  # fmt: skip
        yield row.number, values


def validated_rows(source: RegisterSource):
    """``source_rows(sheet)`` for ``apply.register_import_apply``: a sheet's typed rows (a generator, read
    anew from the file), or ``None`` when the file has no such sheet. For a source that validated."""

    def rows(sheet: contract.Sheet):
        if not source.has_sheet(sheet):
            return None
        return (values for _, values in typed_rows(source, sheet))

    return rows
