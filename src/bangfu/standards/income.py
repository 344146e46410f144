"""The one definition of a household's net income (纯收入) and of a per-capita figure (人均).

Net income = 工资性收入 + 生产经营性收入 + 财产性收入 + 转移性收入 − 生产经营性支出 (domain-rules.md §1, register
fields aac071–087); per capita = ÷ the household's members of the year. Every place that computes them uses
these terms: the standards' features (SQL over the snapshot), the dashboard figures (SQL over the operational
database), the results report and the register pages (Django expressions, ``registry.models``). Pure Python.
"""

from __future__ import annotations

#: (income record field, sign): net income is the signed sum of these fields.
NET_INCOME_TERMS: tuple[tuple[str, int], ...] = (
    ("wages", 1),
    ("business_income", 1),
    ("property_income", 1),
    ("transfer_income", 1),
    ("business_costs", -1),
)


def net_income_sql(alias: str) -> str:
    """Net income as SQL over the income row ``alias`` (e.g. ``i.wages + … - i.business_costs``)."""
    sql = ""
    for field, sign in NET_INCOME_TERMS:
        sql += ("" if not sql else " + " if sign > 0 else " - ") + f"{alias}.{field}"
    return sql


def per_capita_sql(amount: str, members: str) -> str:
    """A per-capita amount as SQL: never truncated, NULL (unknown) for a household without members."""
    return f"CAST({amount} AS DOUBLE) / NULLIF({members}, 0)"


def net_income(values) -> object:
    """Net income of an object or mapping with the income fields (Decimal in, Decimal out); None if any is None."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    amounts = [(get(field), sign) for field, sign in NET_INCOME_TERMS]
    if any(amount is None for amount, _ in amounts):
        return None
    return sum(amount * sign for amount, sign in amounts)


def per_capita(amount, members: int):
    """``amount`` ÷ ``members``; None when either is unknown or there are no members."""
    if amount is None or not members:
        return None
    return amount / members
