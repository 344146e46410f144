"""Checks within one row (行内规则) that need more than one cell: registered-poor requirements, year order,
housing renovation, phone numbers, education or school status, months in work, dropout reason.

Each check skips a cell that already has a problem, so one mistake gives one message.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bangfu.registry import choices, contract
from bangfu.registry.importing.issues import Problem

_MOBILE = re.compile(r"(?:\+?86[- ]?)?1[3-9]\d{9}")
_LANDLINE = re.compile(r"(?:\(0\d{2,3}\)|0\d{2,3}-?)?[2-9]\d{6,7}(?:-\d{1,6})?")
_REGISTERED_POOR = frozenset(choices.REGISTERED_POOR_ATTRIBUTES)
_NEEDS_NO_RENOVATION = frozenset({choices.HousingGrade.A, choices.HousingGrade.B})

Rule = Callable[[dict, set[str]], list[Problem]]


def is_phone(text: str) -> bool:
    """An 11-digit mobile number (optionally +86) or a landline number (area code optional, extension)."""
    compact = text.replace(" ", "")
    return bool(_MOBILE.fullmatch(compact) or _LANDLINE.fullmatch(compact))


def _exit_not_before_identified(values: dict, flagged: set[str], header: str, field: str) -> list[Problem]:
    identified, exited = values["identified_year"], values[field]
    if identified is not None and exited is not None and exited < identified and header not in flagged:
        return [Problem(header, "exit_before_identified", {"identified": identified})]
    return []


def village_rules(values: dict, flagged: set[str]) -> list[Problem]:
    """村: a poor village (贫困村) has an identified year; it exits (出列) no earlier."""
    problems = []
    if values["is_poor"] and values["identified_year"] is None and "识别年度" not in flagged:
        problems.append(Problem("识别年度", "identified_year_village"))
    return problems + _exit_not_before_identified(values, flagged, "出列年度", "exit_year")


def household_rules(values: dict, flagged: set[str]) -> list[Problem]:
    """户: registered poor households (建档立卡贫困户) have an identified year and a main cause; 脱贫 no earlier;
    危房改造 belongs to C/D housing (a warning otherwise); 联系电话 looks like a phone number."""
    problems = []
    if values["attribute"] in _REGISTERED_POOR:
        if values["identified_year"] is None and "识别年度" not in flagged:
            problems.append(Problem("识别年度", "identified_year_household"))
        if not values["main_cause"] and "主要致贫原因" not in flagged:
            problems.append(Problem("主要致贫原因", "main_cause_required"))
    problems += _exit_not_before_identified(values, flagged, "脱贫年度", "exit_year")
    if values["housing_renovated"] is not None and values["housing_grade"] in _NEEDS_NO_RENOVATION:
        problems.append(
            Problem("危房改造", "renovated_grade", {"grade": values["housing_grade"]}, warning=True)
        )
    if values["phone"] and not is_phone(values["phone"]):
        problems.append(Problem("联系电话", "phone"))
    if values["relocation_keys_date"] is not None and values["relocated"] is not True:
        problems.append(Problem("搬迁交钥匙日期", "keys_without_relocation", warning=True))
    return problems


def member_rules(values: dict, flagged: set[str]) -> list[Problem]:
    """成员: exactly one of 文化程度 / 在校生状况; 务工月数 0–12; 辍学原因 when 失学辍学."""
    problems = []
    if not flagged & {"文化程度", "在校生状况"}:
        if not values["education"] and not values["school_status"]:
            problems.append(Problem("文化程度", "education_none"))
        elif values["education"] and values["school_status"]:
            problems.append(Problem("在校生状况", "education_both", {"education": values["education"]}))
    months = values["months_employed"]
    if months is not None and months > 12:
        problems.append(Problem("务工月数", "months"))
    if values["out_of_school"] and not values["dropout_reason"] and "辍学原因" not in flagged:
        problems.append(Problem("辍学原因", "dropout_reason_required"))
    if values["home_schooled"] and not values["out_of_school"] and "失学辍学" not in flagged:
        problems.append(Problem("送教上门", "home_schooled_in_school", warning=True))
    return problems


ROW_RULES: dict[str, Rule] = {
    contract.VILLAGES.name: village_rules,
    contract.HOUSEHOLDS.name: household_rules,
    contract.MEMBERS.name: member_rules,
}
