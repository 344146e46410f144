"""Household features over department alerts (部门筛查预警, ``department_alerts``) of the screened year.

Each counts the household's alerts that were **raised** (crossed the monitoring standard's threshold when the
department file was imported: docs/monitoring.md) and occurred in the year, for one kind of non-income risk
(domain-rules.md §3, department cross-checks). A scalar subquery correlated by ``household_id`` only, which
DuckDB, PostgreSQL and Spark SQL all accept; 0 when there is none.
"""

from __future__ import annotations

from bangfu.standards.feature import HOUSEHOLD, INTEGER, Feature

#: (feature, Chinese title, meaning, (department, event) pairs) — events of shared/contracts/department-alerts.md
_KINDS = (
    ("medical_alerts", "医疗预警数", "医保 住院自付 / 门诊自付 and 卫健 新发大病 alerts",
     (("医保", "住院自付"), ("医保", "门诊自付"), ("卫健", "新发大病"))),
    ("disability_alerts", "新增残疾预警数", "残联 新增残疾 alerts", (("残联", "新增残疾"),)),
    ("schooling_alerts", "教育预警数", "教育 辍学 / 非义务教育自付学费 alerts",
     (("教育", "辍学"), ("教育", "非义务教育自付学费"))),
    ("housing_alerts", "住房鉴定预警数", "住建 住房鉴定C级 / D级 alerts",
     (("住建", "住房鉴定C级"), ("住建", "住房鉴定D级"))),
    ("disaster_alerts", "自然灾害预警数", "应急 自然灾害受灾 alerts", (("应急", "自然灾害受灾"),)),
    ("accident_alerts", "意外伤亡预警数", "公安 意外伤亡 alerts", (("公安", "意外伤亡"),)),
)  # fmt: skip


def _count(pairs) -> str:
    events = " OR ".join(
        f"(a.department = '{department}' AND a.event = '{event}')" for department, event in pairs
    )
    return (
        "(SELECT COUNT(*) FROM department_alerts a WHERE a.household_id = h.household_id "
        f"AND COALESCE(a.raised, FALSE) AND EXTRACT(YEAR FROM a.occurred_on) = :year AND ({events}))"
    )


ALERT_FEATURES = tuple(
    Feature(name, HOUSEHOLD, INTEGER, "条", title, f"{meaning} raised in the year", _count(pairs))
    for name, title, meaning, pairs in _KINDS
)
