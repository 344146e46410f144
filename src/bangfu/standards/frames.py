"""Feature frames: the CTEs that compute named features over the snapshot, one row per household or member.

Feature SQL (``features.py``) is parsed once with SQLGlot; a feature that names another feature is expanded
in place, so each frame is a single SELECT over the snapshot tables and the aggregates it needs
(member totals, income totals). Only the features a query uses are computed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from functools import cache

import sqlglot
from sqlglot import exp

from bangfu.standards.asof import member_present_sql, year_end
from bangfu.standards.features import FEATURES, MEMBER, OVER_INCOMES, OVER_MEMBERS, Feature
from bangfu.standards.query import CompiledQuery

#: Frame (CTE) names. None of them is the name of a snapshot table.
MEMBER_ROWS = "member_rows"
MEMBER_TOTALS = "member_totals"
INCOME_TOTALS = "income_totals"
HOUSEHOLD_FEATURES = "household_features"
MEMBER_FEATURES = "member_features"

#: Key columns every household frame carries, before the features.
HOUSEHOLD_KEYS = ("household_id", "household_code", "village_id", "village_code")
MEMBER_KEYS = ("member_id", "household_id", "id_number")

_AGGREGATE_ALIAS = {OVER_MEMBERS: "mt", OVER_INCOMES: "it"}


@cache
def _parsed(name: str) -> exp.Expression:
    return sqlglot.parse_one(FEATURES[name].sql, read="duckdb")


def _named(tree: exp.Expression) -> list[str]:
    """The features a feature's SQL names (unqualified columns)."""
    return [column.name for column in tree.find_all(exp.Column) if not column.table]


def with_dependencies(names: Iterable[str]) -> list[str]:
    """The features, with the features they are computed from, in a stable order (dependencies first)."""
    ordered: list[str] = []

    def visit(name: str) -> None:
        if name in ordered:
            return
        feature = FEATURES[name]
        if not feature.aggregate:
            for dependency in _named(_parsed(name)):
                visit(dependency)
        ordered.append(name)

    for name in names:
        visit(name)
    return ordered


def literal(value) -> exp.Expression:
    """A Python value as a SQL literal."""
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, int | float):
        return exp.Literal.number(repr(value) if isinstance(value, float) else value)
    if isinstance(value, datetime.date):
        return exp.cast(exp.Literal.string(value.isoformat()), exp.DataType.build("DATE"))
    if value is None:
        return exp.Null()
    return exp.Literal.string(str(value))


def fill(tree: exp.Expression, values: Mapping[str, object]) -> exp.Expression:
    """Replace ``:name`` placeholders by literals; ``x IN (:list)`` by ``x IN ('a', 'b')`` (FALSE when empty)."""

    def replace(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.In) and len(node.expressions) == 1:
            only = node.expressions[0]
            if isinstance(only, exp.Placeholder) and isinstance(values[only.name], list | tuple):
                items = values[only.name]
                if not items:
                    return exp.Boolean(this=False)
                return exp.In(this=node.this, expressions=[literal(item) for item in items])
        if isinstance(node, exp.Placeholder):
            return literal(values[node.name])
        return node

    return tree.transform(replace)


def placeholders(name: str) -> set[str]:
    """The ``:name`` placeholders of a feature's own SQL (``year`` included)."""
    return {node.name for node in _parsed(name).find_all(exp.Placeholder)}


def reads_age(name: str) -> bool:
    """Whether the feature's own SQL reads members' ages (``m.age``): its value depends on the age date."""
    return any(c.name == "age" and c.table == "m" for c in _parsed(name).find_all(exp.Column))


def expand(feature: Feature, year: int, policy: Mapping[str, object]) -> exp.Expression:
    """The feature's SQL over the frame's sources, other features expanded in place, policy values filled."""
    if feature.aggregate:
        return exp.func("COALESCE", exp.column(feature.name, table=_AGGREGATE_ALIAS[feature.aggregate]), 0)

    def replace(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and not node.table:
            return exp.Paren(this=expand(FEATURES[node.name], year, policy))
        return node

    return fill(_parsed(feature.name).copy().transform(replace), {**policy, "year": year})


def _age(age_date: datetime.date) -> exp.Expression:
    """Completed years on ``age_date``: a birthday later in the calendar year than that date is not yet reached."""
    sql = (
        "CAST(:age_year - EXTRACT(YEAR FROM m.birth_date) - CASE WHEN EXTRACT(MONTH FROM m.birth_date) * 100 "
        "+ EXTRACT(DAY FROM m.birth_date) > :age_day THEN 1 ELSE 0 END AS INT)"
    )
    values = {"age_year": age_date.year, "age_day": age_date.month * 100 + age_date.day}
    return fill(sqlglot.parse_one(sql, read="duckdb"), values)


def member_rows(year: int, age_date: datetime.date) -> exp.Select:
    """Members of ``year`` (on its 31 December, the rule of ``standards.asof``), with their age."""
    present = member_present_sql(literal(year_end(year)).sql(dialect="duckdb"), alias="m")
    return (
        exp.select(exp.Column(this=exp.Star(), table=exp.to_identifier("m")))
        .select(exp.alias_(_age(age_date), "age"))
        .from_(exp.to_table("members").as_("m"))
        .where(sqlglot.parse_one(present, read="duckdb").unnest())
    )


def _totals(names: list[str], over: str, policy: Mapping[str, object]) -> exp.Select:
    aggregates = [
        exp.alias_(fill(_parsed(name).copy(), policy), name)
        for name in names
        if FEATURES[name].aggregate == over
    ]
    if over == OVER_MEMBERS:
        source, alias = MEMBER_ROWS, "m"
    else:
        source, alias = "incomes", "r"
    key = exp.column("household_id", table=alias)
    return exp.select(key, *aggregates).from_(exp.to_table(source).as_(alias)).group_by(key)


def household_frame(
    names: Iterable[str],
    *,
    year: int,
    age_date: datetime.date,
    where: exp.Expression | None,
    policy: Mapping[str, object],
) -> list[tuple[str, exp.Select]]:
    """CTEs ending in ``household_features``: one row per household of ``households h`` passing ``where``.

    Its columns are HOUSEHOLD_KEYS then the features ``names`` (with what they need), named as the features.
    ``policy`` holds the standard's policy choices (``features.POLICIES``) that feature SQL reads.
    """
    needed = [name for name in with_dependencies(names) if FEATURES[name].level != MEMBER]
    overs = {FEATURES[name].aggregate for name in needed if FEATURES[name].aggregate}
    ctes: list[tuple[str, exp.Select]] = []
    if OVER_MEMBERS in overs:
        ctes.append((MEMBER_ROWS, member_rows(year, age_date)))
        ctes.append((MEMBER_TOTALS, _totals(needed, OVER_MEMBERS, policy)))
    if OVER_INCOMES in overs:
        ctes.append((INCOME_TOTALS, _totals(needed, OVER_INCOMES, policy)))

    wanted = [name for name in names if name not in HOUSEHOLD_KEYS]
    wanted = list(dict.fromkeys(wanted))
    select = exp.select(
        *(exp.column(key, table="h") for key in HOUSEHOLD_KEYS),
        *(exp.alias_(expand(FEATURES[name], year, policy), name) for name in wanted),
    ).from_(exp.to_table("households").as_("h"))
    household_id = exp.column("household_id", table="h")
    if OVER_MEMBERS in overs:
        select = select.join(
            exp.to_table(MEMBER_TOTALS).as_("mt"),
            on=exp.column("household_id", table="mt").eq(household_id),
            join_type="left",
        )
    if OVER_INCOMES in overs:
        select = select.join(
            exp.to_table(INCOME_TOTALS).as_("it"),
            on=exp.column("household_id", table="it").eq(household_id),
            join_type="left",
        )
    if any(_reads(name, "i") for name in needed):
        select = select.join(
            exp.to_table("incomes").as_("i"),
            on=exp.and_(
                exp.column("household_id", table="i").eq(household_id),
                exp.column("year", table="i").eq(literal(year)),
            ),
            join_type="left",
        )
    if any(_reads(name, "v") for name in needed):
        select = select.join(
            exp.to_table("villages").as_("v"),
            on=exp.column("village_id", table="v").eq(exp.column("village_id", table="h")),
            join_type="left",
        )
    if where is not None:
        select = select.where(where)
    ctes.append((HOUSEHOLD_FEATURES, select))
    return ctes


def member_frame(
    names: Iterable[str], *, year: int, age_date: datetime.date, policy: Mapping[str, object]
) -> list[tuple[str, exp.Select]]:
    """CTEs ending in ``member_features``: one row per member (MEMBER_KEYS, then the member features)."""
    wanted = [name for name in dict.fromkeys(names) if name not in MEMBER_KEYS]
    select = exp.select(
        *(exp.column(key, table="m") for key in MEMBER_KEYS),
        *(exp.alias_(expand(FEATURES[name], year, policy), name) for name in wanted),
    ).from_(exp.to_table(MEMBER_ROWS).as_("m"))
    return [(MEMBER_ROWS, member_rows(year, age_date)), (MEMBER_FEATURES, select)]


def _reads(name: str, alias: str) -> bool:
    """Whether the feature's own SQL reads the source ``alias``."""
    feature = FEATURES[name]
    return not feature.aggregate and any(
        column.table == alias for column in _parsed(name).find_all(exp.Column)
    )


def with_ctes(select: exp.Select, ctes: list[tuple[str, exp.Select]]) -> exp.Select:
    for name, query in ctes:
        select = select.with_(name, as_=query)
    return select


def household_features_query(names: Iterable[str], *, year: int) -> CompiledQuery:
    """The household features ``names`` of ``year`` for every household of the snapshot, as one query: what a
    figure over the register (e.g. ``net_income_per_capita``) is to the engine. Ages on 31 August of the year;
    no policy (features that read a standard's policy need the standard's own query)."""
    names = list(dict.fromkeys(name for name in names if name not in HOUSEHOLD_KEYS))
    ctes = household_frame(names, year=year, age_date=datetime.date(year, 8, 31), where=None, policy={})
    select = exp.select(*HOUSEHOLD_KEYS, *names).from_(HOUSEHOLD_FEATURES)
    return CompiledQuery.of(with_ctes(select, ctes))
