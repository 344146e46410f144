"""The case frame (监测对象框架) the data-quality checks of monitoring cases read: one row per case discovered on
or before the as-of date, with its measures and its elimination year's income and line computed set-wise
once (the features it computes are ``case_features``). Pure SQL builders; no Django.
"""

from __future__ import annotations

import datetime

import sqlglot
from sqlglot import exp

from bangfu.codes.programme import MeasureStatus
from bangfu.standards.case_features import (
    _EMPLOYMENT,
    CASE_FEATURES,
    CASE_KEYS,
    CASE_MEASURES,
    CASE_ROWS,
    _months,
    _sql_list,
)
from bangfu.standards.features import FEATURES
from bangfu.standards.frames import expand, fill
from bangfu.standards.income import net_income_sql


def _parse(sql: str, values: dict) -> exp.Expression:
    return fill(sqlglot.parse_one(sql, read="duckdb"), values)


def case_frame(names, *, as_of: datetime.date, line, policy) -> list[tuple[str, exp.Select]]:
    """CTEs ending in ``case_features``: CASE_KEYS, then the case features ``names``.

    ``line``: the monitoring standard's ``line`` parameter (values by year and region); ``policy``: the
    standard's policy choices (``compiling.policy_values``) for features that read them.
    """
    values = {"as_of": as_of, "as_of_year": as_of.year}
    cancelled = MeasureStatus.CANCELLED.value
    measures = _parse(
        f"""
        SELECT c.case_id,
          SUM(CASE WHEN x.status <> '{cancelled}' AND (x.start_date IS NULL OR x.start_date <= :as_of)
                   THEN 1 ELSE 0 END) AS measures,
          SUM(CASE WHEN x.status = '{MeasureStatus.DONE.value}' AND (x.start_date IS NULL OR x.start_date <= :as_of)
                   THEN 1 ELSE 0 END) AS completed_measures,
          SUM(CASE WHEN x.status <> '{cancelled}' AND x.category IN ({_sql_list(_EMPLOYMENT)})
                    AND x.plan_year <= EXTRACT(YEAR FROM c.eliminated_on) THEN 1 ELSE 0 END) AS employment_measures
        FROM monitoring_cases c JOIN measures x ON x.household_id = c.household_id
        WHERE c.identified_on IS NOT NULL AND x.plan_year >= EXTRACT(YEAR FROM c.identified_on)
          AND x.plan_year <= :as_of_year
        GROUP BY c.case_id""",
        values,
    )
    net = net_income_sql("ei")  # the one formula: standards.income
    rows = _parse(
        f"""
        SELECT c.*,
          c.identified_on IS NOT NULL AND c.identified_on <= :as_of AS identified,
          c.eliminated_on IS NOT NULL AND c.eliminated_on <= :as_of AS eliminated,
          CASE WHEN c.identified_on <= :as_of THEN {_months("c.identified_on", ":as_of")} END
            AS months_since_identification,
          CASE WHEN c.eliminated_on <= :as_of THEN {_months("c.identified_on", "c.eliminated_on")} END
            AS months_to_elimination,
          {net} AS elimination_year_net_income,
          ei.wages AS elimination_year_wages,
          NULL AS elimination_line
        FROM monitoring_cases c
        JOIN households h ON h.household_id = c.household_id
        LEFT JOIN incomes ei ON ei.household_id = c.household_id AND ei.year = EXTRACT(YEAR FROM c.eliminated_on)
        WHERE c.discovered_on <= :as_of""",
        values,
    )
    rows = rows.transform(
        lambda node: (
            _line_by_year(line, node.alias)
            if isinstance(node, exp.Alias) and node.alias == "elimination_line"
            else node
        )
    )
    wanted = [name for name in dict.fromkeys(names) if name not in CASE_KEYS]
    features = (
        exp.select(
            *(exp.column(key, table="c") for key in CASE_KEYS),
            *(exp.alias_(expand(FEATURES[name], as_of.year, policy), name) for name in wanted),
        )
        .from_(exp.to_table(CASE_ROWS).as_("c"))
        .join(
            exp.to_table(CASE_MEASURES).as_("cm"),
            on=exp.column("case_id", table="cm").eq(exp.column("case_id", table="c")),
            join_type="left",
        )
    )
    return [(CASE_MEASURES, measures), (CASE_ROWS, rows), (CASE_FEATURES, features)]


def _line_by_year(line, alias: str) -> exp.Expression:
    """The line of the elimination year in the household's region: CASE over the years the table has."""
    year = sqlglot.parse_one("EXTRACT(YEAR FROM c.eliminated_on)", read="duckdb")
    village_code = exp.column("village_code", table="h")
    years = sorted({y for region in ["", *line.regions()] for y in line.years(region)})
    case = exp.Case()
    for value in years:
        case = case.when(year.copy().eq(exp.Literal.number(value)), line.resolve(value, village_code))
    resolved = case if years else exp.Null()
    return exp.alias_(exp.cast(resolved, exp.DataType.build("DOUBLE")), alias)
