"""Compile household standards (exit and monitoring) and village exit to one query each.

Household query: features of every household in the population → whether each criterion is met → the
verdict, the failed (or flagging) criteria, the monitoring category, and the detail JSON. The village query
reuses the household frame: members of registered-poor households not exited by the end of the year ÷ the
village's registered population is the poverty incidence (``standards/incidence.py``) that village criteria
are written over; members of households failing the household standard are kept as ``poor_members_failing``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import sqlglot
from sqlglot import exp

from bangfu.codes.area import Area
from bangfu.codes.register import HouseholdAttribute
from bangfu.standards.compiling import (
    age_date,
    all_met,
    any_met,
    as_text,
    compiled,
    compiled_undecided,
    detail,
    exit_outcome,
    finish,
    met,
    policy_values,
    resolver,
    used_features,
)
from bangfu.standards.features import FEATURES, VILLAGE
from bangfu.standards.frames import HOUSEHOLD_FEATURES, expand, fill, household_frame, literal
from bangfu.standards.incidence import REMAINING_SQL
from bangfu.standards.query import CompiledQuery

if TYPE_CHECKING:
    from bangfu.standards.standard import Standard

HOUSEHOLD_VERDICTS = "household_verdicts"
VILLAGE_HOUSEHOLDS = "village_households"
VILLAGE_FEATURES = "village_features"
VILLAGE_VERDICTS = "village_verdicts"


def _registered_poor(year: int) -> exp.Expression:
    """Registered poor households identified in or before the year (attribute other than 一般农户)."""
    return exp.and_(
        exp.column("attribute", table="h").neq(exp.Literal.string(HouseholdAttribute.ORDINARY.value)),
        exp.column("identified_year", table="h") <= literal(year),
    )


def _household_verdicts(
    standard: Standard, year: int, where: exp.Expression | None, extra: tuple[str, ...] = ()
) -> tuple[list[tuple[str, exp.Select]], Callable[[str], exp.Expression]]:
    """CTEs ending in ``household_verdicts`` (alias c): the features, then ``met_<id>`` per criterion."""
    judged = _judged(standard)
    names = [*used_features(judged), *extra]
    ctes = household_frame(
        names,
        year=year,
        age_date=age_date(standard.parameters, year),
        where=where,
        policy=policy_values(standard.parameters, year),
    )
    resolve_f = resolver(standard.parameters, year, "f")
    verdicts = exp.select(
        exp.Column(this=exp.Star(), table=exp.to_identifier("f")),
        *(compiled(criterion, resolve_f) for criterion in judged),
        *_undecided_columns(standard.criteria, resolve_f),
    ).from_(exp.to_table(HOUSEHOLD_FEATURES).as_("f"))
    resolve_c = resolver(standard.parameters, year, "c")
    return [*ctes, (HOUSEHOLD_VERDICTS, verdicts)], resolve_c


def _judged(standard: Standard) -> tuple:
    """The criteria compiled per household: the standard's, and the monitoring data-missing condition."""
    missing = (standard.data_missing,) if standard.data_missing is not None else ()
    return (*standard.criteria, *missing)


def household_query(standard: Standard, year: int, area: Area, household_code: str | None) -> CompiledQuery:
    monitoring = standard.kind == "monitoring"
    where = None if monitoring else _registered_poor(year)
    if household_code is not None:
        by_code = exp.column("household_code", table="h").eq(exp.Literal.string(str(household_code)))
        where = by_code if where is None else exp.and_(where, by_code)
    ctes, resolve = _household_verdicts(standard, year, where)
    criteria = standard.criteria
    if monitoring:
        result = exp.Case().when(any_met(criteria, "c"), exp.Literal.string("flag"))
        if standard.data_missing is not None:  # not flagged, and the data to screen it is missing
            missing = exp.func("COALESCE", exp.column(met(standard.data_missing), table="c"), exp.true())
            result = result.when(missing, exp.Literal.string("missing"))
        result = result.else_(exp.Literal.string("clear"))
        by_id = {criterion.id: criterion for criterion in criteria}
        category = exp.Case()
        for criterion_id in standard.precedence:
            category = category.when(
                exp.column(met(by_id[criterion_id]), table="c"), exp.Literal.string(criterion_id)
            )
        # The category that flagged the household (the first in precedence); the detail shows every flag.
        failed = exp.func("COALESCE", category.copy(), exp.Literal.string(""))
        verdict_key = "flagged"
    else:
        result, failed = exit_outcome(criteria, "c")
        category = exp.Null()
        verdict_key = "passed"
    select = (
        exp.select(
            exp.column("household_id", table="c"),
            exp.column("household_code", table="c"),
            exp.alias_(result, "result"),
            exp.alias_(failed, "failed"),
            exp.alias_(as_text(category), "category"),
            exp.alias_(detail(_judged(standard), "c", verdict_key, resolve, standard.parameters), "detail"),
        )
        .from_(exp.to_table(HOUSEHOLD_VERDICTS).as_("c"))
        .order_by(exp.column("household_code", table="c"))
    )
    return finish(select, ctes, area)


def village_query(standard: Standard, year: int, area: Area) -> CompiledQuery:
    ctes, _ = _household_verdicts(standard, year, _registered_poor(year), extra=("members", "exit_year"))
    members = exp.column("members", table="c")
    passed = all_met(standard.criteria, "c")
    # 贫困发生率's numerator: members of households not exited by the end of the year (standards/incidence.py).
    remaining = fill(sqlglot.parse_one(REMAINING_SQL, read="duckdb"), {"year": year}).transform(
        lambda node: exp.column(node.name, table="c") if isinstance(node, exp.Column) else node
    )
    totals = (
        exp.select(
            exp.column("village_id", table="c"),
            exp.alias_(exp.func("SUM", members), "registered_poor_members"),
            exp.alias_(
                exp.func("SUM", exp.Case().when(passed, literal(0)).else_(members.copy())),
                "poor_members_failing",
            ),
            exp.alias_(
                exp.func("SUM", exp.Case().when(remaining, members.copy()).else_(literal(0))),
                "poor_members_remaining",
            ),
        )
        .from_(exp.to_table(HOUSEHOLD_VERDICTS).as_("c"))
        .group_by(exp.column("village_id", table="c"))
    )
    criteria = standard.village_criteria
    names = list(
        dict.fromkeys([*(n for c in criteria for n in c.rule.names if n in FEATURES), "poverty_incidence"])
    )
    features = _village_features(names, year)
    resolve_vf = resolver(standard.parameters, year, "vf")
    verdicts = exp.select(
        exp.Column(this=exp.Star(), table=exp.to_identifier("vf")),
        *(compiled(criterion, resolve_vf) for criterion in criteria),
        *_undecided_columns(criteria, resolve_vf),
    ).from_(exp.to_table(VILLAGE_FEATURES).as_("vf"))
    resolve = resolver(standard.parameters, year, "vc")
    result, failed = exit_outcome(criteria, "vc")
    select = (
        exp.select(
            exp.column("village_id", table="vc"),
            exp.column("village_code", table="vc"),
            exp.alias_(result, "result"),
            exp.alias_(exp.column("poverty_incidence", table="vc"), "incidence"),
            exp.alias_(failed, "failed"),
            exp.alias_(detail(criteria, "vc", "passed", resolve, standard.parameters), "detail"),
        )
        .from_(exp.to_table(VILLAGE_VERDICTS).as_("vc"))
        .order_by(exp.column("village_code", table="vc"))
    )
    ctes += [(VILLAGE_HOUSEHOLDS, totals), (VILLAGE_FEATURES, features), (VILLAGE_VERDICTS, verdicts)]
    return finish(select, ctes, area)


def _undecided_columns(criteria, resolve) -> list[exp.Expression]:
    return [column for c in criteria if (column := compiled_undecided(c, resolve)) is not None]


def _village_features(names: list[str], year: int) -> exp.Select:
    """Poor villages identified in or before the year, with their statistics of the year and household totals."""
    village_id = exp.column("village_id", table="vl")
    return (
        exp.select(
            village_id,
            exp.column("village_code", table="vl"),
            *(
                exp.alias_(expand(FEATURES[name], year, {}), name)
                for name in names
                if FEATURES[name].level == VILLAGE
            ),
        )
        .from_(exp.to_table("villages").as_("vl"))
        .join(
            exp.to_table("village_stats").as_("vs"),
            on=exp.and_(
                exp.column("village_id", table="vs").eq(village_id),
                exp.column("year", table="vs").eq(literal(year)),
            ),
            join_type="left",
        )
        .join(
            exp.to_table(VILLAGE_HOUSEHOLDS).as_("hv"),
            on=exp.column("village_id", table="hv").eq(village_id.copy()),
            join_type="left",
        )
        .where(
            exp.and_(
                exp.func("COALESCE", exp.column("is_poor", table="vl"), exp.Boolean(this=False)),
                exp.column("identified_year", table="vl") <= literal(year),
            )
        )
    )
