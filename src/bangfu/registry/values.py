"""Turning contract cell text into typed values, and back, for the canonical forms Bangfu writes.

Strict on purpose: the loader trusts nothing it did not write itself. The full import (issue #4) adds the
contract's lenient normalisation (full-width digits, Excel dates, 元, …) in front of this.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from bangfu.registry import choices
from bangfu.registry.contract import FALSE, TRUE, Column, Kind

#: The code list behind each coded field, and the spellings each accepts besides its codes.
_CODE_CHOICES = {
    "attribute": (choices.HouseholdAttribute, choices.ATTRIBUTE_ALIASES),
    "main_cause": (choices.PovertyCause, {}),
    "housing_grade": (choices.HousingGrade, {}),
    "relation": (choices.Relation, {}),
    "sex": (choices.Sex, {}),
    "education": (choices.Education, {}),
    "school_status": (choices.SchoolStatus, {}),
    "health": (choices.Health, {}),
    "labour_ability": (choices.LabourAbility, {}),
    "dropout_reason": (choices.DropoutReason, {}),
}
#: field → (accepted codes, aliases); computed once, as this is checked for millions of cells.
CODE_LISTS = {field: (tuple(codes.values), aliases) for field, (codes, aliases) in _CODE_CHOICES.items()}
_CODE_SETS = {field: frozenset(codes) for field, (codes, _) in CODE_LISTS.items()}

_PATTERNS = {
    Kind.DIVISION: (re.compile(r"\d{12}"), "应为12位数字的行政区划代码"),
    Kind.ID_NUMBER: (re.compile(r"\d{17}[\dX]"), "应为18位身份证号码"),
    Kind.YEAR: (re.compile(r"\d{4}"), "应为四位年份"),
    Kind.INT: (re.compile(r"\d+"), "应为非负整数"),
}


class CellError(ValueError):
    """A cell that does not hold what its column needs; the message says why, in Chinese."""


def parse_cell(column: Column, text: str):
    """The typed value of one cell; ``None`` (or ``""`` for text) when empty. Raises ``CellError``."""
    text = text.strip()
    if not text:
        if column.required:
            raise CellError("必填项为空")
        return "" if column.kind in (Kind.TEXT, Kind.CODE) else None
    if column.kind in _PATTERNS:
        pattern, message = _PATTERNS[column.kind]
        if not pattern.fullmatch(text):
            raise CellError(message)
        return int(text) if column.kind in (Kind.YEAR, Kind.INT) else text
    if column.kind is Kind.BOOL:
        if text not in (TRUE, FALSE):
            raise CellError(f"应为“{TRUE}”或“{FALSE}”")
        return text == TRUE
    if column.kind is Kind.MONEY:
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise CellError("应为金额（元）") from None
        if amount < 0:
            raise CellError("金额不能为负数")
        return amount
    if column.kind is Kind.DATE:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise CellError("应为日期，格式 YYYY-MM-DD") from None
    if column.kind is Kind.CODE:
        codes, aliases = CODE_LISTS[column.field]
        value = aliases.get(text, text)
        if value not in _CODE_SETS[column.field]:
            raise CellError("应为以下之一：" + "、".join(codes))
        return str(value)
    return text


def format_cell(column: Column, value) -> str:
    """The canonical text of a value, as the generator and the export write it."""
    if value is None or value == "":
        return ""
    if column.kind is Kind.BOOL:
        return TRUE if value else FALSE
    if column.kind is Kind.MONEY:
        amount = Decimal(value)
        return str(amount.quantize(Decimal(1))) if amount == amount.to_integral() else str(amount)
    if column.kind is Kind.DATE:
        return (
            value.isoformat() if hasattr(value, "isoformat") else str(value)
        )  # a masked birth date: its year
    return str(value)
