"""The household and its members as of a date (截至某日的户与成员): the one rule every figure reads the register by.

Django-free, so the engine's snapshot SQL (DuckDB, PostgreSQL, Spark), the ORM selectors
(``registry.selectors.members_as_of``) and the dashboard's SQL all render the same rule. docs/as-of.md explains it.

**Members.** A member belongs to a household on a date when

- born on or before that date (a member without a birth date is counted), and
- the version of the member's record in force on that date names that household: a member who moved to
  another household, or whose record changed, is read as the register stood then (``in_force_sql``).

The register carries no death or removal dates: a member deleted from the register is gone from every date.

**Dates of figures.** A figure of year Y reads the register as of 31 December of Y (``year_end``); a figure
about exits reads each household as of 31 December of its exit year (the people lifted out of poverty are those
in the household when it exited, not children born later). An assessment of year Y reads the register as of
31 December of Y, a data-quality check as of its own date.

**Dated facts.** Every change of a household, its living conditions or a member keeps a history row (the
import and the admin write them). A version is in force from its date: the register file's 核实日期 when the
row carried one (stored in ``verified_on``), else the day the change was recorded. On a date D a record reads
its latest version dated on or before D; before its first dated version, the first version is the best known
state and stands (a record whose history is empty reads its current values).
"""

from __future__ import annotations

import datetime


def year_end(year: int) -> datetime.date:
    """The date a year's figures describe: 31 December of that year."""
    return datetime.date(year, 12, 31)


def member_present(birth_date: datetime.date | None, on: datetime.date) -> bool:
    """The rule for one member in Python (a page of one household): born on or before ``on``, or undated."""
    return birth_date is None or birth_date <= on


def date_sql(on: datetime.date) -> str:
    """A date as a SQL string literal ('YYYY-MM-DD'): compares with DATE columns in DuckDB, PostgreSQL and
    Spark, and with SQLite's ISO text dates."""
    return f"'{on.isoformat()}'"


def member_present_sql(on: str, *, alias: str = "m") -> str:
    """SQL: the member ``alias`` exists on the date ``on`` (a SQL date expression): born on or before it."""
    return f"({alias}.birth_date IS NULL OR {alias}.birth_date <= {on})"


def member_present_in_year_sql(year: str, *, alias: str = "m", birth_year: str | None = None) -> str:
    """SQL: the member exists on 31 December of ``year`` (a SQL integer expression, e.g. a household's exit
    year). Born on or before 31 December of Y is the same as born in Y or earlier; ``birth_year`` is the SQL
    of the member's birth year in the reader's dialect (default ``EXTRACT(YEAR FROM birth_date)``)."""
    birth_year = birth_year or f"EXTRACT(YEAR FROM {alias}.birth_date)"
    return f"({alias}.birth_date IS NULL OR {birth_year} <= {year})"


def version_date_sql(verified_on: str, recorded: str) -> str:
    """SQL: the date a version is in force from, as ISO text: its 核实日期, else the day it was recorded.

    ``recorded`` is a timestamp (the history row's ``history_date``); its first 10 characters as text are its
    date in SQLite and PostgreSQL alike (UTC, as Django stores it)."""
    return f"COALESCE(CAST({verified_on} AS VARCHAR(10)), SUBSTR(CAST({recorded} AS VARCHAR(32)), 1, 10))"


def in_force_sql(*, current: str, history: str, columns: list[str], on: datetime.date) -> str:
    """SQL: one row per record of the table ``current`` with the values of its version in force on ``on``.

    ``history`` is the table's history (django-simple-history: ``id``, the record's columns, ``history_id``,
    ``history_date``, ``history_type``; deletions, ``-``, are not versions). The rows have ``id`` then
    ``columns``. Records without history read their current row. Set-based: one window over the history.
    """
    listed = ", ".join(columns)
    day = date_sql(on)
    since = version_date_sql("verified_on", "history_date")
    ranked = (
        f"SELECT id, {listed}, ROW_NUMBER() OVER (PARTITION BY id ORDER BY "
        f"CASE WHEN {since} <= {day} THEN 0 ELSE 1 END, "  # versions in force on the day first,
        f"CASE WHEN {since} <= {day} THEN {since} END DESC, "  # the latest of them;
        f"CASE WHEN {since} <= {day} THEN history_id END DESC, "
        f"history_id) AS version "  # none: the first version
        f"FROM {history} WHERE history_type <> '-' AND id IN (SELECT id FROM {current})"
    )
    return (
        f"SELECT id, {listed} FROM ({ranked}) ranked WHERE version = 1 "
        f"UNION ALL SELECT id, {listed} FROM {current} c "
        f"WHERE NOT EXISTS (SELECT 1 FROM {history} x WHERE x.id = c.id AND x.history_type <> '-')"
    )
