"""Monitoring-case features (监测对象级特征); the case frame the data-quality checks read them from is ``case_frame``.

A case-level check finds monitoring cases (``monitoring_cases``, as of the check's date) for which its rule is
true; its rule may also name the features of the case's household. The case frame is one row per case
discovered on or before the as-of date, with what the checks need computed set-wise once:

- whether the case was identified (县级审定) / its risk eliminated on or before the as-of date;
- completed months from identification to the as-of date and to elimination (``add_months`` semantics: a
  month is complete on the same day of the next month, or on its last day when it is shorter);
- the household's assistance measures (帮扶措施 of 一户一策 plans) since the year of identification: not
  cancelled and started by the as-of date; completed (已完成); employment help (就业, 公益岗位) up to the
  year of elimination — the definition of ``monitoring.elimination.case_measures``;
- the household's income record of the year of elimination and the **monitoring line of that year** in the
  household's region, from the monitoring standard's ``line`` table (the one table screening and the
  elimination check use).

Feature SQL reads the case rows as ``c``. Pure data plus SQL builders; no Django.
"""

from __future__ import annotations

from bangfu.codes.monitoring import Category, EliminationMethod, Step
from bangfu.codes.programme import MeasureCategory
from bangfu.standards.feature import BOOLEAN, INTEGER, NUMBER, STRING, Feature

CASE = "case"
CASE_ROWS = "case_rows"
CASE_MEASURES = "case_measures"
CASE_FEATURES = "case_features"
CASE_KEYS = ("case_id", "household_id")
LACK_OF_LABOUR = "缺劳动力"  # 风险类型, monitoring.choices.RiskType.LACK_OF_LABOUR
_EMPLOYMENT = (MeasureCategory.EMPLOYMENT.value, MeasureCategory.PUBLIC_WELFARE_JOB.value)


def _values(enum) -> tuple[str, ...]:
    return tuple(item.value for item in enum)


def _case(name, type_, unit, title, meaning, sql, **extra) -> Feature:
    return Feature(name, CASE, type_, unit, title, meaning, sql, **extra)


CASE_FEATURE_LIST = (
    _case("case_category", STRING, "", "监测对象类别", "the case's monitoring category", "c.category",
          codes=_values(Category)),
    _case("case_step", STRING, "", "办理环节", "the step the case is at", "c.step", codes=_values(Step)),
    _case("case_identified", BOOLEAN, "", "已识别", "identified (县级审定) on or before the as-of date",
          "COALESCE(c.identified, FALSE)"),
    _case("case_eliminated", BOOLEAN, "", "风险已消除", "risk eliminated on or before the as-of date",
          "COALESCE(c.eliminated, FALSE)"),
    _case("elimination_method", STRING, "", "风险消除方式", "帮扶消除 or 自然消除 ('' when not eliminated)",
          "CASE WHEN c.eliminated THEN c.elimination_method ELSE '' END",
          codes=("", *_values(EliminationMethod))),
    _case("months_since_identification", INTEGER, "月", "识别后月数",
          "completed months from identification to the as-of date (NULL when not identified)",
          "c.months_since_identification"),
    _case("months_identified_to_eliminated", INTEGER, "月", "识别至风险消除月数",
          "completed months from identification to elimination (NULL when either is missing)",
          "c.months_to_elimination"),
    _case("case_measures", INTEGER, "项", "识别以来的帮扶措施数",
          "measures of the household's plans since the year of identification, not cancelled, started by the "
          "as-of date", "COALESCE(cm.measures, 0)"),
    _case("case_completed_measures", INTEGER, "项", "已完成的帮扶措施数",
          "of those, measures with status 已完成", "COALESCE(cm.completed_measures, 0)"),
    _case("case_employment_measures", INTEGER, "项", "就业帮扶措施数",
          "of those, 就业 or 公益岗位 measures of plans up to the year of elimination",
          "COALESCE(cm.employment_measures, 0)"),
    _case("risk_lack_of_labour", BOOLEAN, "", "风险类型含缺劳动力", "the case's risk types include 缺劳动力",
          f"COALESCE(c.risk_types LIKE '%;{LACK_OF_LABOUR};%', FALSE)"),
    _case("eliminated_year_net_income", NUMBER, "元", "消除当年家庭纯收入",
          "net income of the household's income record of the year of elimination (NULL without one)",
          "c.elimination_year_net_income"),
    _case("eliminated_year_wages", NUMBER, "元", "消除当年工资性收入",
          "wages of that income record (NULL without one)", "c.elimination_year_wages"),
    _case("elimination_line", NUMBER, "元/人", "消除当年监测线",
          "the monitoring standard's line of the year of elimination in the household's region (NULL when "
          "the standard has none)", "c.elimination_line"),
)  # fmt: skip


def _months(start: str, end: str) -> str:
    """Completed months from ``start`` to ``end``: the largest n with add_months(start, n) ≤ end."""
    return (
        f"CAST((EXTRACT(YEAR FROM {end}) - EXTRACT(YEAR FROM {start})) * 12 + EXTRACT(MONTH FROM {end}) "
        f"- EXTRACT(MONTH FROM {start}) - CASE WHEN EXTRACT(DAY FROM {end}) < EXTRACT(DAY FROM {start}) "
        f"AND EXTRACT(DAY FROM {end} + INTERVAL 1 DAY) <> 1 THEN 1 ELSE 0 END AS INT)"
    )


def _sql_list(values) -> str:
    return ", ".join(f"'{value}'" for value in values)
