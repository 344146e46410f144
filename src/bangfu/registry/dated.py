"""Households, their living conditions and members as of a date, as SQL derived tables (dated facts).

The one mechanism behind every reader of dated facts (``standards.asof`` states the rule): the engine's
snapshot (``engine.snapshot``), the results report (``reports.results``) and the dashboard's pre-aggregated
figures (``indicators.services``) all read ``dated_table(key, on)`` in place of the current table, so an
import of a later correction changes no figure or verdict of an earlier date.

Each derived table has the key of the table (``id``; living conditions: ``household_id``) and the columns of
``DATED``; SQLite and PostgreSQL alike (the SQL of ``standards.asof.in_force_sql``).
"""

from __future__ import annotations

import datetime
import functools
import json
from contextlib import contextmanager

from django.db import connection

from bangfu.registry import contract
from bangfu.registry.choices import REGISTERED_POOR_ATTRIBUTES
from bangfu.registry.models import Household, LivingConditions, Member
from bangfu.standards import asof

#: The dated tables: their model and the columns read as of a date.
MODELS = {"household": Household, "living": LivingConditions, "member": Member}
DATED = {
    "household": ["code", "village_id", "attribute", "identified_year", "exit_year", "main_cause", "income_stable"],
    "living": list(contract.LIVING_FIELDS),  # keyed by household_id
    "member": [
        "household_id", "id_number", "name", "relation", "sex", "birth_date", "education", "school_status",
        "health", "labour_ability", "months_employed", "resident_medical_insurance",
        "employee_medical_insurance", "critical_illness_insurance", "pension_insurance", "receives_dibao",
        "receives_tekun", "out_of_school", "dropout_reason", "home_schooled",
    ],
}  # fmt: skip


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@functools.cache
def _history_tables() -> dict[str, str]:
    """The quoted history table of each key (reaching ``Model.history`` builds a manager: about 1 ms each)."""
    return {key: _table(MODELS[key].history.model) for key in DATED}


def extra_text(column: str, key: str) -> str:
    """SQL: the text of ``key`` in the JSON column ``column`` (SQLite: JSON1; PostgreSQL: jsonb).

    SQLite (3.40) matches a path's key against the stored key as written, and Django writes JSON with
    non-ASCII characters escaped (``\\u6838…``): the path names the key both ways.
    """
    if connection.vendor == "postgresql":
        return f"({column} ->> '{key}')"
    escaped = json.dumps(key)[1:-1]
    return (
        f"CAST(COALESCE(json_extract({column}, '$.\"{escaped}\"'), json_extract({column}, '$.\"{key}\"'))"
        " AS TEXT)"
    )


def dated_tables(
    names: dict[str, str], on: datetime.date, columns: dict[str, list[str]] | None = None
) -> dict[str, str]:
    """Derived tables (``(SELECT …)``) that stand for households, living conditions and members as of ``on``;
    ``names`` holds the quoted current table of each key of ``DATED``; ``columns`` (by key) limits the columns
    read (default: all of ``DATED``)."""
    columns = DATED | (columns or {})

    def since(extra: str, recorded: str) -> str:
        return asof.version_date_sql(
            extra_text(extra, asof.DATE_COLUMN), extra_text(extra, asof.YEAR_COLUMN), recorded
        )

    history = _history_tables()
    # Living conditions carry no file columns: they take the date of their household's row of the same import.
    living_join = (
        f"LEFT JOIN {history['household']} hh ON hh.id = x.household_id "
        "AND hh.import_record_id = x.import_record_id AND hh.history_type <> '-'"
    )
    sources = {
        "household": since("x.extra", "x.history_date"),
        "living": since("hh.extra", "x.history_date"),
        "member": since("x.extra", "x.history_date"),
    }
    joins = {"living": living_join}
    return {
        key: "("
        + asof.in_force_sql(
            current=names[key],
            history=history[key],
            columns=columns[key],
            on=on,
            since=sources[key],
            join=joins.get(key, ""),
            key="household_id" if key == "living" else "id",
        )
        + ")"
        for key in DATED
    }


def dated_table(key: str, on: datetime.date, columns: list[str] | None = None) -> str:
    """The derived table of ``key`` (``household``, ``living`` or ``member``) as of ``on``: use it in SQL
    where the current table would stand (``FROM {dated_table('household', on)} h``); ``columns``: only
    these (and the key)."""
    names = {name: _table(model) for name, model in MODELS.items()}
    return dated_tables(names, on, {key: columns} if columns else None)[key]


@contextmanager
def dated_copies(on: datetime.date, columns: dict[str, list[str]]):
    """Temporary tables holding households and/or members as of ``on`` (``columns`` by key), indexed on the
    household: for readers that join them (a derived table cannot be indexed, and SQLite would scan it once
    per joined row). Yields ``{key: table name}``; the tables are dropped on exit."""
    names = {key: f"bangfu_dated_{key}" for key in columns}
    with connection.cursor() as cursor:
        try:
            for key, name in names.items():
                cursor.execute(f"DROP TABLE IF EXISTS {name}")
                table = dated_table(key, on, columns[key])
                cursor.execute(f"CREATE TEMPORARY TABLE {name} ({_column_types(key, columns[key])})")
                cursor.execute(f"INSERT INTO {name} SELECT * FROM {table} t")
                cursor.execute(
                    f"CREATE INDEX {name}_key ON {name} ({'id' if key == 'household' else 'household_id'})"
                )
                if connection.vendor == "postgresql":
                    cursor.execute(f"ANALYZE {name}")
            yield names
        finally:
            for name in names.values():
                cursor.execute(f"DROP TABLE IF EXISTS {name}")


def _column_types(key: str, columns: list[str]) -> str:
    """The key and ``columns`` of a dated table with the types of the model's fields (a table created from
    a query has untyped columns, which SQLite's planner cannot look up through an index)."""
    meta = MODELS[key]._meta
    names = ["household_id" if key == "living" else "id", *columns]
    return ", ".join(f"{name} {meta.get_field(name).db_type(connection)}" for name in names)


def sql_list(values) -> str:
    """Values of our own (codes, attributes) as a SQL list of string literals."""
    return ", ".join("'" + str(value).replace("'", "''") + "'" for value in values)


def registered_poor_sql(households: str, *, identified_by: int | None = None) -> str:
    """SQL: the households of the register of poor households in ``households`` (a table of households as of
    a date: ``dated_table`` or ``dated_copies``), with ``id``, ``village_id``, ``identified_year`` and
    ``exit_year``: their 贫困户属性 in force then names a registered poor household, and (``identified_by``)
    they were identified in that year or before."""
    identified = "" if identified_by is None else f" AND h.identified_year <= {int(identified_by)}"
    return (
        f"SELECT h.id, h.village_id, h.identified_year, h.exit_year FROM {households} h "
        f"WHERE h.attribute IN ({sql_list(REGISTERED_POOR_ATTRIBUTES)}){identified}"
    )


def household_births_as_of_years(household_id: int, years) -> dict[int, list[datetime.date | None]]:
    """For each of ``years``, the birth dates of the household's members in the register as it stood on
    31 December of that year (``standards.asof.year_end``): what a year's per-capita income divides by
    (``standards.income.members_counted``), as the engine's snapshot and the dashboard's figures read it.

    One query: the dated member table of each year, over this household's members only."""
    years = sorted({int(year) for year in years})
    if not years:
        return {}
    # a derived table in place of the member table (PostgreSQL wants its alias)
    member = f"(SELECT * FROM {_table(Member)} WHERE household_id = {int(household_id)}) AS household_members"
    names = {key: _table(model) for key, model in MODELS.items()} | {"member": member}
    parts = [
        f"SELECT {year} AS year, m.birth_date FROM "
        + dated_tables(names, asof.year_end(year), {"member": ["household_id", "birth_date"]})["member"]
        + " m"
        for year in years
    ]
    births: dict[int, list[datetime.date | None]] = {year: [] for year in years}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        for year, birth in cursor.fetchall():
            if birth is not None and not isinstance(birth, datetime.date):
                birth = datetime.date.fromisoformat(str(birth)[:10])
            births[year].append(birth)
    return births
