"""The scope guard (范围): the compiler, not its callers, restricts every query to a division-code prefix.

As PostHog's HogQL printer adds the tenant guard to every table it prints, ``guard`` rewrites every read of a
snapshot table in a finished query into a read of the rows in scope: households and villages whose
``village_code LIKE 'prefix%'``, and members, incomes and village statistics of those households and villages.
No query leaves the compiler without it, whoever built the query.
"""

from __future__ import annotations

import re

from sqlglot import exp

from bangfu.standards.errors import StandardError
from bangfu.standards.snapshot_schema import SNAPSHOT_TABLES

_SCOPE = re.compile(r"^\d{2,12}$")


def check_scope(scope: str | None) -> str | None:
    if scope is None:
        return None
    if not isinstance(scope, str) or not _SCOPE.match(scope):
        raise StandardError(f"范围必须是 2—12 位数字的行政区划代码前缀，收到 {scope!r}")
    return scope


def _in_scope(table: str, prefix: str) -> exp.Select:
    like = exp.column("village_code").like(exp.Literal.string(prefix + "%"))
    if table in ("households", "villages"):
        return exp.select(exp.Star()).from_(table).where(like)
    if table == "village_stats":
        ids = exp.select("village_id").from_("villages").where(like)
        return exp.select(exp.Star()).from_(table).where(exp.column("village_id").isin(query=ids))
    ids = exp.select("household_id").from_("households").where(like)
    return exp.select(exp.Star()).from_(table).where(exp.column("household_id").isin(query=ids))


def guard(tree: exp.Expression, scope: str | None) -> exp.Expression:
    """``tree`` with every snapshot table read replaced by a read of its rows in ``scope``."""
    if scope is None:
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
            exp.Subquery(
                this=_in_scope(table.name, scope), alias=exp.TableAlias(this=exp.to_identifier(alias))
            )
        )
    return tree
