"""The one definition of a household's net income (纯收入) and of a per-capita figure (人均).

Net income = 工资性收入 + 生产经营性收入 + 财产性收入 + 转移性收入 − 生产经营性支出 (domain-rules.md §1, register
fields aac071–087); per capita = ÷ the household's members of the year, i.e. those present on 31 December of
the year (``standards.asof``). Every place that computes them uses these terms: the standards' features (SQL
over the snapshot: ``net_income``, ``net_income_per_capita``), the dashboard figures and the results report
(SQL over the operational database: ``net_income_sql``, ``asof.member_present_sql``), the monitoring case
frame, and the register pages (``IncomeRecord.net_income``, ``household_per_capita``). A group's per-capita
income (a village, the dashboard's scope, the report's households) is Σ net income ÷ Σ members, weighted by
household size as statistics offices compute it; for one household it is this household's figure.
tests/indicators/test_one_formula.py checks that every door shows the same figure. Pure Python.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from bangfu.standards.asof import member_present, year_end

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


def members_counted(birth_dates: Iterable[datetime.date | None], year: int) -> int:
    """The members a year's per-capita figure divides by: those present on 31 December of the year
    (``standards.asof``: born on or before it, or without a birth date), as the ``members`` feature counts."""
    on = year_end(year)
    return sum(1 for birth in birth_dates if member_present(birth, on))


def household_per_capita(values, birth_dates: Iterable[datetime.date | None], year: int):
    """A household's net income per capita (人均纯收入) of ``year``, one value in Python (the household page):
    ``net_income(values) ÷ members_counted(birth_dates, year)``; the SQL twin is the ``net_income_per_capita``
    feature (tests/parity checks they agree)."""
    return per_capita(net_income(values), members_counted(birth_dates, year))
