"""Why one household passed or failed a standard (``bangfu explain``), within an area.

The explanation runs the standard's own compiled query for that one household (``household_query(...,
household_code=...)``) on a snapshot of its village: the same rules as a bulk run, no second implementation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bangfu.assessment.models import StandardKind
from bangfu.assessment.standards import standard_errors, standard_of_kind
from bangfu.codes.area import Area
from bangfu.core.errors import ApplicationError
from bangfu.engine.run import EvaluationError, evaluate
from bangfu.engine.snapshot import snapshot_take
from bangfu.registry.models import Household
from bangfu.standards.asof import year_end


@dataclass(frozen=True)
class CriterionVerdict:
    """One criterion's inputs and verdict: ``passed`` (exit standards) or ``flagged`` (monitoring)."""

    id: str
    title: str
    expression: str
    passed: bool | None  # exit standards; None when the standard does not say
    flagged: bool | None  # monitoring: the household meets this category's condition
    values: dict


@dataclass(frozen=True)
class Explanation:
    """Why a household passed or failed a standard in a year: every criterion, its inputs and verdict."""

    household_code: str
    standard_id: str
    standard_title: str
    year: int
    result: str
    failed: tuple[str, ...]
    category: str
    criteria: tuple[CriterionVerdict, ...]
    parameters: dict


def household_explanation(
    *, area: Area, standard_id: str | Path, year: int, household_code: str
) -> Explanation:
    """Evaluate one household of ``area`` with the standard's compiled query and return every criterion's
    inputs; a household outside ``area`` is not found."""
    kinds = (StandardKind.HOUSEHOLD_EXIT, StandardKind.MONITORING)
    standard = standard_of_kind(standard_id, kinds, "解释户的评估结果")
    households = Household.objects.in_area(area).select_related("village__division")
    household = households.filter(code=household_code).first()
    if household is None:
        raise ApplicationError(f"找不到户编号 {household_code}")
    village_code = household.village.division.code
    with standard_errors():
        village = Area.within(village_code)
        standard.check_year(year, area=village)
        query = standard.household_query(year, area=village, household_code=household_code)
    with snapshot_take(village_code, on=year_end(year)) as snapshot:
        try:
            evaluation = evaluate(snapshot, query.sql, "household")
        except EvaluationError as error:
            raise ApplicationError(f"标准 {standard.id} 的查询无法执行：{error}") from None
        rows = list(evaluation.rows_of(("result", "failed", "category", "detail"), ("household_id",)))
    if not rows:
        raise ApplicationError(
            f"户 {household_code} 不是标准 {standard.id} {year} 年的评估对象"
            "（退出标准只评估该年及以前识别的建档立卡户）"
        )
    result, failed, category, detail_text = rows[0]
    detail = json.loads(detail_text) if detail_text else {}
    given = detail.get("criteria", {})
    judged = (*standard.criteria, *filter(None, [getattr(standard, "data_missing", None)]))  # monitoring
    listed = [(c.id, c.title, c.expression) for c in judged]
    known = {criterion.id for criterion in judged}
    listed += [
        (key, key, "") for key in sorted(given) if key not in known
    ]  # not in the file: should not happen
    criteria = [
        CriterionVerdict(
            key,
            title,
            expression,
            given.get(key, {}).get("passed"),
            given.get(key, {}).get("flagged"),
            given.get(key, {}).get("values", {}),
        )
        for key, title, expression in listed
    ]
    return Explanation(
        household_code=household_code,
        standard_id=standard.id,
        standard_title=standard.title,
        year=year,
        result=result,
        failed=tuple(sorted(filter(None, (failed or "").split(";")))),
        category=category or "",
        criteria=tuple(criteria),
        parameters=detail.get("parameters", {}),
    )
