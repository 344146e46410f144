"""Reading one cell leniently, as the contract allows (单元格规范化), into the value its column's Kind needs.

Trim; full-width digits, letters and punctuation (０-９, Ａ-Ｚ, ｘ, ／, …) to half-width (in names and other
free text only digits, letters and spaces are folded); a lowercase x in an ID number to X; Excel date cells and
serials, YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD to dates; 是/否, Y/N, 1/0 (and Excel TRUE/FALSE) to booleans; amounts
with thousands separators and a trailing 元; numbers that Excel stored as floats (2016.0, 441521101201.0) to
exact digit strings. A number of more than 15 digits stored as a float has lost digits in Excel: refused.
Values come out as ``loading.read_sheet`` gives them: text and codes as ``str`` ("" when empty), years and
counts as ``int``, money as ``Decimal``, dates as ``date``, booleans as ``bool``, otherwise ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from bangfu.registry.contract import Column, Kind
from bangfu.registry.importing.identity import id_number_problem
from bangfu.registry.values import CODE_LISTS

_FULL_WIDTH = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
_FOLD_ALL = str.maketrans(_FULL_WIDTH | {"\u3000": " ", "￥": "¥"})
_FOLD_ALNUM = str.maketrans(
    {wide: narrow for wide, narrow in _FULL_WIDTH.items() if narrow.isalnum()} | {"\u3000": " "}
)
_BOOLS = {"是": True, "否": False, "Y": True, "N": False, "YES": True, "NO": False, "1": True, "0": False,
          "TRUE": True, "FALSE": False}  # fmt: skip
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_WHOLE = re.compile(r"(\d+)(?:\.0*)?")
_AMOUNT = re.compile(r"\d+(?:\.\d*)?|\.\d+")
_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?E\+?\d+", re.IGNORECASE)
_EXCEL_EPOCH = date(1899, 12, 30)
_EXACT_FLOAT_LIMIT = 1e15  # Excel keeps 15 significant digits
YEARS = range(1949, 2101)
_CENT = Decimal("0.01")


class CellProblem(ValueError):
    """A cell its column cannot accept; ``key`` names the message (messages.MESSAGES)."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


def cell_text(raw) -> str:
    """A cell as the user sees it, for reports: text as given, numbers without a spurious ``.0``."""
    if isinstance(raw, str):
        return raw
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float):
        if raw.is_integer() and abs(raw) < _EXACT_FLOAT_LIMIT:
            return str(int(raw))
        return repr(raw) if abs(raw) < _EXACT_FLOAT_LIMIT else f"{raw:.15g}"
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == time() else raw.isoformat(" ")
    if isinstance(raw, date | time):
        return raw.isoformat()
    return str(raw)


def is_empty(raw) -> bool:
    if raw.__class__ is str:
        return not raw or raw.isspace()
    return raw is None


def _text(raw, table=_FOLD_ALL) -> str:
    """The cell as trimmed, folded text; integral numbers as exact digits."""
    if raw.__class__ is str:
        text = (raw if raw.isascii() else raw.translate(table)).strip()
        first = text[:1]
        if first == "'" and text[1:].isascii() and text[1:].isalnum():
            text = text[1:]  # a leading apostrophe typed to keep digits as text
        elif first.isdigit() and ("E" in text or "e" in text) and _SCIENTIFIC.fullmatch(text):
            raise CellProblem("lost_digits")
        return text
    if isinstance(raw, float) and raw.is_integer():
        if abs(raw) >= _EXACT_FLOAT_LIMIT:
            raise CellProblem("lost_digits")
        return str(int(raw))
    return cell_text(raw).strip()


def parse_text(raw) -> str:
    return _text(raw, _FOLD_ALNUM)


def parse_code_for(field: str) -> Callable:
    codes, aliases = CODE_LISTS[field]
    accepted = frozenset(codes)

    def parse_code(raw) -> str:
        if raw in accepted:
            return raw
        text = _text(raw)
        value = aliases.get(text, text)
        if value in accepted:
            return str(value)
        if text.isascii() and text.upper() in accepted:
            return text.upper()
        raise CellProblem("code", codes=list(codes))

    return parse_code


def parse_bool(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    value = _BOOLS.get(raw) if isinstance(raw, str) else None
    if value is None:
        value = _BOOLS.get(_text(raw).upper())
    if value is None:
        raise CellProblem("bool")
    return value


def _whole_number(raw, key: str) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.isascii() and raw.isdigit():
        return int(raw)
    if isinstance(raw, float) and raw.is_integer() and raw >= 0:
        return int(raw)
    if isinstance(raw, float | bool | date | time | timedelta):
        raise CellProblem(key)
    match = _WHOLE.fullmatch(_text(raw).replace(",", "").removesuffix("年" if key == "year" else ""))
    if match is None:
        raise CellProblem(key)
    return int(match.group(1))


def parse_year(raw) -> int:
    year = _whole_number(raw, "year")
    if year not in YEARS:
        raise CellProblem("year" if year >= 10000 or year < 1000 else "year_range")
    return year


def parse_int(raw) -> int:
    if isinstance(raw, int | float) and not isinstance(raw, bool) and raw < 0:
        raise CellProblem("int")
    return _whole_number(raw, "int")


def parse_money(raw) -> Decimal:
    if raw.__class__ is str and raw.isascii() and raw.isdigit():
        return Decimal(raw)  # the usual case: whole yuan
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if raw < 0:
            raise CellProblem("money_negative")
        if isinstance(raw, int) or raw.is_integer():
            return Decimal(int(raw))
        cents = raw * 100
        if abs(cents - round(cents)) > 1e-6:
            raise CellProblem("money_decimals")
        return Decimal(round(cents)) / 100
    if not isinstance(raw, str):
        raise CellProblem("money")
    text = _text(raw).removesuffix("元").removeprefix("¥").replace(",", "").replace(" ", "")
    negative = text.startswith("-")
    if not _AMOUNT.fullmatch(text.removeprefix("-")):
        raise CellProblem("money")
    if negative:
        raise CellProblem("money_negative")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise CellProblem("money") from None
    if amount != amount.quantize(_CENT):
        raise CellProblem("money_decimals")
    return amount


def _date_from_number(number: float) -> date:
    if number.is_integer() and 19000101 <= number <= 21001231:
        return _date_from_digits(str(int(number)))
    if not number.is_integer() or not 1 <= number <= 2958465 or number == 60:
        raise CellProblem("date")
    days = int(number)  # Excel's serial: 1 = 1900-01-01, with a fictitious 1900-02-29 (= 60)
    return _EXCEL_EPOCH + timedelta(days=days) if days > 60 else date(1899, 12, 31) + timedelta(days=days)


def _date_from_digits(digits: str) -> date:
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise CellProblem("date") from None


def parse_date(raw) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return _date_from_number(float(raw))
    if isinstance(raw, str) and len(raw) == 10 and raw[4] == "-":
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    text = _text(raw)
    if text.isascii() and text.isdigit():
        return _date_from_digits(text) if len(text) == 8 else _date_from_number(float(text))
    match = _DATE.fullmatch(text)
    if match is None:
        raise CellProblem("date")
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        raise CellProblem("date") from None


def parse_division(raw) -> str:
    text = raw if isinstance(raw, str) and len(raw) == 12 and raw.isascii() else _text(raw)
    if len(text) != 12 or not (text.isdigit() and text.isascii()):
        raise CellProblem("division")
    return text


def parse_id_number(raw) -> str:
    text = raw if isinstance(raw, str) and len(raw) == 18 and raw.isascii() else _text(raw)
    text = text.upper().replace(" ", "")
    problem = id_number_problem(text, "")
    if problem is not None:
        raise CellProblem(problem.key, **problem.params)
    return text


_PARSERS: dict[Kind, Callable] = {
    Kind.TEXT: parse_text,
    Kind.BOOL: parse_bool,
    Kind.YEAR: parse_year,
    Kind.INT: parse_int,
    Kind.MONEY: parse_money,
    Kind.DATE: parse_date,
    Kind.DIVISION: parse_division,
    Kind.ID_NUMBER: parse_id_number,
}


def empty_value(column: Column):
    """What an empty cell is typed as: ``""`` for text and codes, ``None`` otherwise."""
    return "" if column.kind in (Kind.TEXT, Kind.CODE) else None


def cell_parser(column: Column) -> Callable:
    """The function that reads a non-empty cell of ``column``; raises ``CellProblem``."""
    return parse_code_for(column.field) if column.kind is Kind.CODE else _PARSERS[column.kind]
