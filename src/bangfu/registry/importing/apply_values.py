"""Values of an import's rows against the stored records (``KEEP`` for absent columns, empty values for new
records, what differs) and ``_Table``, the set-wise writes of one model with their history rows."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from operator import itemgetter
from typing import Any

from django.db import connection, models
from django.db.models import TextField
from django.db.models.functions import Cast

from bangfu.core.bulk import batched, bulk_insert
from bangfu.registry import contract
from bangfu.registry.importing.history import CHANGED, CREATED, HistoryWriter
from bangfu.registry.importing.normalise import empty_value


def _fields(sheet: contract.Sheet, *keys: str) -> tuple[str, ...]:
    return tuple(column.field for column in sheet.columns if column.field not in keys)


VILLAGE_FIELDS = ("is_poor", "identified_year", "exit_year", "is_demonstration", "registered_population")
HOUSEHOLD_FIELDS = ("village_id", "head_id_number", "attribute", "identified_year", "exit_year",
                    "main_cause", "phone", "income_stable")  # fmt: skip
LIVING_FIELDS = contract.LIVING_FIELDS
MEMBER_FIELDS = ("household_id", *_fields(contract.MEMBERS, "household_code", "id_number"))
INCOME_FIELDS = _fields(contract.INCOMES, "household_code", "year")
STAT_FIELDS = _fields(contract.VILLAGE_STATS, "division_code", "year")


# --------------------------------------------------------------------------------------------- values


class _Keep:
    """The value of a field whose column the file does not have: the stored value stays."""

    def __repr__(self) -> str:
        return "KEEP"


#: A field the row does not have (its column is absent from the file). Only an *empty cell* of a present
#: column clears a stored value; an absent optional column leaves it alone (a new record gets the empty value).
KEEP = _Keep()
#: The empty value of every field (``""`` for text and codes, ``None`` otherwise), for new records.
EMPTY = {column.field: empty_value(column) for sheet in contract.SHEETS for column in sheet.columns}


def _getter(names: Sequence[str]) -> Callable[[Mapping[str, Any]], tuple]:
    """A function giving a row's values for ``names`` as a tuple, as they are (the validated shape: ``""``
    for empty text and codes, ``None`` for other empty cells, ``Decimal`` amounts of at most 2 places);
    ``KEEP`` for a field the row does not have."""
    pick = itemgetter(*names, names[0])  # (…, first): always a tuple, even for one name

    def get(row: Mapping[str, Any]) -> tuple:
        try:
            return pick(row)[:-1]
        except KeyError:
            return tuple(row.get(name, KEEP) for name in names)

    return get


def _kept(values: tuple, old: tuple) -> tuple:
    """``values`` with each ``KEEP`` replaced by the stored value (``old`` is aligned with ``values``)."""
    if not any(value is KEEP for value in values):
        return values
    return tuple(o if v is KEEP else v for v, o in zip(values, old, strict=True))


def _fresh(values: tuple, names: Sequence[str]) -> tuple:
    """``values`` of a new record: each ``KEEP`` becomes the field's empty value."""
    if not any(value is KEEP for value in values):
        return values
    return tuple(EMPTY.get(n) if v is KEEP else v for n, v in zip(names, values, strict=True))


_NO_EXTRA: dict = {}  # shared, never changed
#: ``extra`` as the database stores it (JSON text): comparing it costs nothing when it is empty.
EXTRA_TEXT = Cast("extra", output_field=TextField())


def _differs(names: Sequence[str], new: tuple, old: tuple) -> list[str]:
    """The fields whose new value differs from the stored one. A stored ``extra`` (last) is JSON text."""
    if names[-1] != "extra":
        return [] if new == old else [n for n, a, b in zip(names, new, old, strict=True) if a != b]
    same_extra = json.loads(old[-1]) == new[-1] if new[-1] or old[-1] not in ("{}", None) else True
    if new[:-1] == old[:-1]:
        return [] if same_extra else ["extra"]
    differs = [n for n, a, b in zip(names[:-1], new[:-1], old[:-1], strict=True) if a != b]
    return differs if same_extra else [*differs, "extra"]


def _extra(row: Mapping[str, Any]) -> dict:
    extra = row.get("extra")
    if not extra:
        return _NO_EXTRA
    return {
        str(key): value if isinstance(value, str | int | float | bool | None) else str(value)
        for key, value in extra.items()
    }


SEX, BIRTH = MEMBER_FIELDS.index("sex"), MEMBER_FIELDS.index("birth_date")


def _member_derived(values: tuple, id_number: str) -> tuple:
    """A member's values with sex and birth date derived from the ID number where the file leaves them
    empty (validation fills them in already; this keeps rows of other origins whole)."""
    values = list(values)
    values[SEX] = values[SEX] or ("男" if int(id_number[16]) % 2 else "女")
    values[BIRTH] = values[BIRTH] or date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    return tuple(values)


class _Table:
    """Set-wise writes to one model's table, each followed by its history rows."""

    def __init__(self, model: type[models.Model], apply: Any):
        self.model = model
        self.history = HistoryWriter(model, record=apply.record, user_id=apply.user_id)
        self.now = apply.now
        self.last_pk = apply.last_pks[model]
        quote = connection.ops.quote_name
        self.quote = quote
        self.table = quote(model._meta.db_table)
        self.pk_column = quote(model._meta.pk.column)
        self.updated_at = model._meta.get_field("updated_at").get_db_prep_save(self.now, connection)
        self.extra = model._meta.get_field("extra") if hasattr(model, "extra") else None
        self.no_extra = self.extra.get_db_prep_save({}, connection) if self.extra else None

    def prepare_extra(self, value: dict):
        """The database form of an ``extra`` value (the last of the values of a row, when the model has it)."""
        return self.extra.get_db_prep_save(value, connection) if value else self.no_extra

    def insert(self, names: Sequence[str], rows: list[tuple]) -> int:
        """Insert ``rows``, whose ``extra`` (last, when ``names`` ends with it) is already prepared."""
        return bulk_insert(self.model, names, rows)

    def update(self, names: Sequence[str], rows: list[tuple]) -> None:
        """``rows``: (*values in the order of ``names``, pk). Writes a baseline history row first for
        records that have none, then the new values, then their history rows."""
        if not rows:
            return
        pks = [row[-1] for row in rows]
        self.history.baseline(pks)
        columns = [self.quote(self.model._meta.get_field(name).column) for name in names]
        assignments = ", ".join(f"{column} = %s" for column in columns)
        updated_at = self.quote(self.model._meta.get_field("updated_at").column)
        sql = f"UPDATE {self.table} SET {assignments}, {updated_at} = %s WHERE {self.pk_column} = %s"
        extra = self.extra is not None and names[-1] == "extra"
        with connection.cursor() as cursor:
            for batch in batched(rows):
                if extra:
                    values = [
                        (*row[:-2], self.prepare_extra(row[-2]), self.updated_at, row[-1]) for row in batch
                    ]
                else:
                    values = [(*row[:-1], self.updated_at, row[-1]) for row in batch]
                cursor.executemany(sql, values)
        self.history.record(pks, CHANGED, self.now)

    def record_inserted(self) -> None:
        """History rows for every record inserted by this import."""
        self.history.record_since(self.last_pk, CREATED, self.now)
