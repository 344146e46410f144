"""贫困发生率 (poverty incidence): the one definition used by the engine, the dashboard and the reports.

    贫困发生率 = poor people ÷ registered (户籍) population of the village (or area), at 31 December of the year

**Poor people** are the members of registered poor households (attribute other than 一般农户) identified in or
before the year and **not exited by the end of the year** (no exit year, or an exit year after it): the
register's 未脱贫 population. This is the figure the 2016 exit rule is written over (《关于建立贫困退出机制的
意见》: 贫困村贫困发生率降至2%以下; glossary: poor people ÷ registered rural population). Whether a household
would pass an exit standard today does not make it non-poor before its exit is recorded, and an exited
household that fails a later assessment is a monitoring case, not a poor household again; so the engine no
longer counts "members of households failing the standard" (that figure is kept as ``poor_members_failing``).

The engine computes the SQL form (``REMAINING_SQL`` over a household row), the dashboard's figures
(``indicators.services``) count exited and remaining households and people per village and year with the same
condition (``remaining_sql``), and both divide with ``poverty_incidence``.
"""

from __future__ import annotations


def remaining_sql(*, row: str = "h", year: str = ":year") -> str:
    """The SQL condition "household row ``row`` is still poor (未脱贫) at the end of year ``year``" (a column or
    a placeholder), in the form every dialect we print reads. Wrap it in parentheses to combine it."""
    return f"{row}.exit_year IS NULL OR {row}.exit_year > {year}"


#: A household row ``h`` of year ``:year`` is still poor (未脱贫) at the end of the year (the engine fills
#: ``:year`` in the parsed tree; the dashboard's figures use ``remaining_sql(year="y.year")``).
REMAINING_SQL = remaining_sql()


def remaining(exit_year: int | None, year: int) -> bool:
    """Whether a registered poor household with ``exit_year`` is still poor at the end of ``year``."""
    return exit_year is None or exit_year > year


def poverty_incidence(poor_people: int | None, population: int | None) -> float | None:
    """Poor people ÷ registered population, a fraction; None (unknown) when the population is 0 or unknown."""
    if not population or poor_people is None:
        return None
    return poor_people / population
