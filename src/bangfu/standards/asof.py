"""The household and its members as of a date (截至某日的户与成员): the one rule every figure reads the register by.

Django-free, so the engine's snapshot SQL (DuckDB, PostgreSQL, Spark), the household page's members
(``registry.selectors.household_page``) and the dashboard's SQL all render the same rule. docs/as-of.md explains it.

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
import and the admin write them). A version is in force from its date: the register file's optional 核实日期
(or 年度) column when the row carried one (kept with the row in ``extra``, so in every history row; a
household's living conditions take the date of the household row of the same import), else the day the change
was recorded. On a date D a record reads
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


#: The optional columns of a register file that date its row (docs/contracts.md): kept with the row (``extra``),
#: so every version in the history carries the date it became true.
DATE_COLUMN, YEAR_COLUMN = "核实日期", "年度"


def version_date_sql(date_text: str, year_text: str, recorded: str) -> str:
    """SQL: the date a version is in force from, as ISO text ('YYYY-MM-DD').

    ``date_text`` and ``year_text`` are the SQL (text) of the row's 核实日期 and 年度; the first that is well
    formed wins (年度 Y: from 1 January of Y); else ``recorded``, the history row's timestamp, whose first 10
    characters as text are its date in SQLite and PostgreSQL alike (UTC, as Django stores it).
    """
    return (
        f"COALESCE(CASE WHEN {date_text} LIKE '____-__-__' THEN {date_text} END, "
        f"CASE WHEN {year_text} LIKE '____' THEN {year_text} || '-01-01' END, "
        f"SUBSTR(CAST({recorded} AS VARCHAR(32)), 1, 10))"
    )


def in_force_sql(
    *,
    current: str,
    history: str,
    columns: list[str],
    on: datetime.date,
    since: str,
    join: str = "",
    key: str = "id",
) -> str:
    """SQL: one row per record of the table ``current`` with the values of its version in force on ``on``.

    ``history`` (alias ``x``) is the table's history (django-simple-history: ``id``, the record's columns,
    ``history_id``, ``history_date``, ``history_type``; deletions, ``-``, are not versions); ``since`` the SQL
    of a version's date (``version_date_sql``), over ``x`` and what ``join`` adds. The rows have ``key`` (the
    primary key column, ``id`` unless the table's key is another column) then ``columns``. A record whose version in force is its newest (or that has no history) reads its current row.
    Set-based: one window over the history, joined to the current table.
    """
    day = date_sql(on)
    valid = f"{since} <= {day}"
    ranked = (
        f"SELECT x.{key}, {', '.join(f'x.{name}' for name in columns)}, ROW_NUMBER() OVER (PARTITION BY x.{key} ORDER BY "
        f"CASE WHEN {valid} THEN 0 ELSE 1 END, "  # the versions in force on the day first,
        f"CASE WHEN {valid} THEN {since} END DESC, "  # the latest of them (by date, then as recorded);
        f"CASE WHEN {valid} THEN x.history_id END DESC, x.history_id) AS version, "  # none: the first one
        f"ROW_NUMBER() OVER (PARTITION BY x.{key} ORDER BY x.history_id DESC) AS newest "
        f"FROM {history} x {join} WHERE x.history_type <> '-' AND x.{key} IN (SELECT {key} FROM {current})"
    )
    # The newest version is the current row (which may also hold changes written without history): a record
    # reads the older version in force when there is one, else its current row. One sort over both, no join:
    # SQLite scans a derived table once per row of a join with it (N² on an imported register).
    names = ", ".join([key, *columns])
    older = f"SELECT {names}, 0 AS source FROM ({ranked}) ranked WHERE version = 1 AND newest > 1"
    both = f"{older} UNION ALL SELECT {names}, 1 AS source FROM {current}"
    picked = f"SELECT {names}, ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY source) AS pick FROM ({both}) b"
    return f"SELECT {names} FROM ({picked}) p WHERE pick = 1"
