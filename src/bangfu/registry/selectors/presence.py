"""Which kinds of records one household has, in one small query (有无记录).

The household page shows sections (plans, visits, trainings, placements…) that most households of a register
do not have. Building and sending one ORM query per kind costs more than the page's SQL itself; this asks the
database once whether each kind has a row of the household, and the sections read only the kinds it has.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import Model, QuerySet

from bangfu.registry.models import Member


def _exists_sql(model: type[Model]) -> str:
    """``EXISTS (…)`` for rows of ``model`` that belong to the household ``%s``: by its ``household`` key, or
    through its ``member`` key to the member's household."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    if any(field.name == "household" for field in model._meta.concrete_fields):
        column = quote(model._meta.get_field("household").column)
        return f"EXISTS (SELECT 1 FROM {table} WHERE {column} = %s)"
    member, members = quote(model._meta.get_field("member").column), quote(Member._meta.db_table)
    owner = quote(Member._meta.get_field("household").column)
    return (
        f"EXISTS (SELECT 1 FROM {table} JOIN {members} ON {members}.{quote('id')} = {table}.{member}"
        f" WHERE {members}.{owner} = %s)"
    )


def household_has(household_id: int, models: Sequence[type[Model]]) -> dict[type[Model], bool]:
    """For each model (with a ``household`` or a ``member`` key), whether the household has a row of it.

    Not scoped: the caller has checked the household against the reader's area (``household_in_area``)."""
    if not models:
        return {}
    columns = ", ".join(f"CASE WHEN {_exists_sql(model)} THEN 1 ELSE 0 END" for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}", [household_id] * len(models))
        row = cursor.fetchone()
    return {model: bool(value) for model, value in zip(models, row, strict=True)}


def household_records(household_id: int, reads: dict[type[Model], QuerySet]) -> dict[type[Model], list]:
    """Each of ``reads`` (a model → its queryset of the household's rows) evaluated, or ``[]`` without a query
    when the household has no row of that model (``household_has``, one query for all of them)."""
    has = household_has(household_id, tuple(reads))
    return {model: list(rows) if has[model] else [] for model, rows in reads.items()}
