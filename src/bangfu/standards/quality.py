"""Compile data-quality checks (数据质量核查) to one query: every finding of every check, one row each.

A household-level check reads household features; a member-level check reads member features and the
features of the member's household; a case-level check (monitoring cases) reads the case frame of
``case_features`` and the features of the case's household, and lists each household once. Features are
computed for the year of the as-of date, and ages are completed years on the as-of date.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from sqlglot import exp

from bangfu.codes.area import Area
from bangfu.standards.case_features import CASE_FEATURES
from bangfu.standards.case_frame import case_frame
from bangfu.standards.compiling import finish, policy_values, resolver
from bangfu.standards.features import CASE, FEATURES, HOUSEHOLD, MEMBER
from bangfu.standards.frames import HOUSEHOLD_FEATURES, MEMBER_FEATURES, household_frame, member_frame
from bangfu.standards.language import compile_rule
from bangfu.standards.query import CompiledQuery

if TYPE_CHECKING:
    from bangfu.standards.standard import Criterion, Standard

COLUMNS = ("check_id", "household_id", "household_code", "member_id", "id_number", "message")


def _level_of(name: str) -> str:
    return FEATURES[name].level


def _frame_of(name: str) -> str:
    """Member features are columns of the member frame ``mf``, case features of the case frame ``cf``,
    household features of ``f``."""
    return {MEMBER: "mf", CASE: "cf"}.get(_level_of(name), "f")


def _names(checks, level: str) -> list[str]:
    return [n for c in checks for n in c.rule.names if n in FEATURES and _level_of(n) == level]


def quality_query(standard: Standard, as_of: datetime.date, area: Area) -> CompiledQuery:
    year = as_of.year
    checks = standard.criteria
    policy = policy_values(standard.parameters, year)
    ctes = household_frame(_names(checks, HOUSEHOLD), year=year, age_date=as_of, where=None, policy=policy)
    if any(check.level == MEMBER for check in checks):
        known = {name for name, _ in ctes}
        member_ctes = member_frame(_names(checks, MEMBER), year=year, age_date=as_of, policy=policy)
        ctes += [cte for cte in member_ctes if cte[0] not in known]
    if any(check.level == CASE for check in checks):
        ctes += case_frame(_names(checks, CASE), as_of=as_of, line=standard.monitoring_line, policy=policy)
    resolve = resolver(standard.parameters, year, _frame_of, village_table="f")
    findings = [_findings(check, resolve) for check in checks]
    union = findings[0]
    for select in findings[1:]:
        union = exp.union(union, select, distinct=False)
    select = (
        exp.select(*COLUMNS)
        .from_(union.subquery("findings"))
        .order_by(*(exp.column(name) for name in ("check_id", "household_code", "member_id")))
    )
    return finish(select, ctes, area)


def _no_member() -> tuple[exp.Expression, exp.Expression]:
    """The member columns of a household or case finding, which names no member (fresh nodes each time)."""
    return (
        exp.alias_(exp.cast(exp.Null(), exp.DataType.build("BIGINT")), "member_id"),
        exp.alias_(exp.cast(exp.Null(), exp.DataType.build("TEXT")), "id_number"),
    )


def _findings(check: Criterion, resolve) -> exp.Select:
    condition = compile_rule(check.rule, resolve)
    head = [exp.alias_(exp.Literal.string(check.id), "check_id")]
    tail = [exp.alias_(exp.Literal.string(check.message), "message")]
    households = exp.to_table(HOUSEHOLD_FEATURES).as_("f")
    if check.level == CASE:  # one finding per household, however many of its cases the check finds
        return (
            exp.select(
                *head,
                exp.column("household_id", table="f"),
                exp.column("household_code", table="f"),
                *_no_member(),
                *tail,
            )
            .distinct()
            .from_(exp.to_table(CASE_FEATURES).as_("cf"))
            .join(
                households,
                on=exp.column("household_id", table="f").eq(exp.column("household_id", table="cf")),
            )
            .where(condition)
        )
    if check.level == MEMBER:
        return (
            exp.select(
                *head,
                exp.column("household_id", table="f"),
                exp.column("household_code", table="f"),
                exp.column("member_id", table="mf"),
                exp.column("id_number", table="mf"),
                *tail,
            )
            .from_(exp.to_table(MEMBER_FEATURES).as_("mf"))
            .join(
                households,
                on=exp.column("household_id", table="f").eq(exp.column("household_id", table="mf")),
            )
            .where(condition)
        )
    return (
        exp.select(
            *head,
            exp.column("household_id", table="f"),
            exp.column("household_code", table="f"),
            *_no_member(),
            *tail,
        )
        .from_(households)
        .where(condition)
    )
