"""The scope guard (范围): the compiler, not its callers, restricts every query to an ``Area``.

As PostHog's HogQL printer adds the tenant guard to every table it prints, ``guard`` rewrites every read of a
snapshot table in a finished query into a read of the rows in the area: households and villages whose
``village_code`` starts with one of the area's division-code prefixes or is one of its villages' codes, and
members, incomes and village statistics of those households and villages. The area is required: no query
leaves the compiler without being given one, whoever built the query; ``Area.everything()`` (administrators,
the command line over the whole register) is the only area that leaves the tree as it is, and an empty area
reads no row.
"""

from __future__ import annotations

from sqlglot import exp

from bangfu.codes.area import Area
from bangfu.standards.errors import StandardError
from bangfu.standards.snapshot_schema import SNAPSHOT_TABLES


def check_area(area: Area) -> Area:
    """``area`` itself, or a StandardError when it is not an Area (a prefix string, None)."""
    if not isinstance(area, Area):
        raise StandardError(f"编译标准需要一个范围（Area），收到 {area!r}")
    return area


def area_condition(area: Area, column: str = "village_code") -> exp.Expression:
    """The area as a condition on a village-code column: prefixes with LIKE, villages with IN; FALSE if empty."""
    conditions: list[exp.Expression] = [
        exp.column(column).like(exp.Literal.string(prefix + "%")) for prefix in area.prefixes
    ]
    if area.village_codes:
        codes = [exp.Literal.string(code) for code in sorted(area.village_codes)]
        conditions.append(exp.column(column).isin(*codes))
    if not conditions:
        return exp.false()
    return exp.or_(*conditions) if len(conditions) > 1 else conditions[0]


def _in_area(table: str, area: Area) -> exp.Select:
    condition = area_condition(area)
    if table in ("households", "villages"):
        return exp.select(exp.Star()).from_(table).where(condition)
    if table == "village_stats":
        ids = exp.select("village_id").from_("villages").where(condition)
        return exp.select(exp.Star()).from_(table).where(exp.column("village_id").isin(query=ids))
    ids = exp.select("household_id").from_("households").where(condition)
    return exp.select(exp.Star()).from_(table).where(exp.column("household_id").isin(query=ids))


def guard(tree: exp.Expression, area: Area) -> exp.Expression:
    """``tree`` with every snapshot table read replaced by a read of its rows in ``area``."""
    if check_area(area).unrestricted:
        return tree
    ctes = {cte.alias for cte in tree.find_all(exp.CTE)}
    reads = [
        table
        for table in tree.find_all(exp.Table)
        if table.name in SNAPSHOT_TABLES and not table.db and table.name not in ctes
    ]
    for table in reads:
        alias = table.alias or table.name
        table.replace(
            exp.Subquery(this=_in_area(table.name, area), alias=exp.TableAlias(this=exp.to_identifier(alias)))
        )
    return tree
