"""The rows of each contract sheet, read from the register in a fixed order, streamed.

Each sheet is one query (``values_list`` over the contract's fields, joined where a column lives on another
table) iterated in chunks, so memory does not grow with the register. Rows are typed values (str, int,
bool, Decimal, date, None) in the contract's column order, then the values of the extra attributes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Collate

from bangfu.core.errors import ApplicationError
from bangfu.core.personal_data import mask_birth_date, mask_id_number, mask_phone
from bangfu.regions.models import Division
from bangfu.registry import choices, contract
from bangfu.registry.models import Household, IncomeRecord, Member, Village, VillageYearStat

#: A scope: a division code or its first digits.
SCOPE_PATTERN = re.compile(r"[0-9]{1,12}")
#: Rows fetched per database round trip.
CHUNK = 2000

#: Members of a household are listed head first, then in the order of the relation code list.
RELATION_RANK = Case(
    *(When(relation=code, then=Value(rank)) for rank, code in enumerate(choices.Relation.values)),
    default=Value(len(choices.Relation.values)),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class SheetSource:
    """Where a sheet's rows come from."""

    sheet: contract.Sheet
    model: type
    #: ORM lookups of the columns that are not the model's own field of the same name.
    lookups: dict[str, str]
    #: The lookup of the village's division, for scoping.
    division: str
    order: tuple
    has_extra: bool = True

    def lookup(self, column: contract.Column) -> str:
        return self.lookups.get(column.field, column.field)

    def ordering(self) -> list:
        """``order``, with text compared byte by byte on PostgreSQL too (its default collation follows the
        locale, which would make the order, and so the file, depend on the server's settings)."""
        if connection.vendor != "postgresql":
            return list(self.order)
        return [Collate(F(key), "C") if isinstance(key, str) and key != "year" else key for key in self.order]


SOURCES = {
    source.sheet.name: source
    for source in (
        SheetSource(
            contract.VILLAGES,
            Village,
            {
                "division_code": "division__code",
                "name": "division__name",
                "town": "division__parent__name",
                "county": "division__parent__parent__name",
            },
            division="division",
            order=("division__code",),
        ),
        SheetSource(
            contract.HOUSEHOLDS,
            Household,
            {
                "village_code": "village__division__code",
                **{field: f"living__{field}" for field in contract.LIVING_FIELDS},
            },
            division="village__division",
            order=("code",),
        ),
        SheetSource(
            contract.MEMBERS,
            Member,
            {"household_code": "household__code"},
            division="household__village__division",
            order=("household__code", RELATION_RANK, "id_number"),
        ),
        SheetSource(
            contract.INCOMES,
            IncomeRecord,
            {"household_code": "household__code"},
            division="household__village__division",
            order=("household__code", "year"),
        ),
        SheetSource(
            contract.VILLAGE_STATS,
            VillageYearStat,
            {"division_code": "village__division__code"},
            division="village__division",
            order=("village__division__code", "year"),
            has_extra=False,
        ),
    )
}


@dataclass(frozen=True)
class Scope:
    """The villages an export covers: all, those whose code starts with a prefix, or those inside a division."""

    prefix: str = ""
    path: str = ""  # the materialized path of the division named by a full 12-digit code

    @classmethod
    def parse(cls, text: str | None) -> Scope:
        """``None``/empty → everything; a 12-digit code of a known division → the villages inside it
        (functional zones included, whatever their villages' codes); other digits → a code prefix."""
        text = (text or "").strip()
        if not text:
            return cls()
        if not SCOPE_PATTERN.fullmatch(text):
            raise ApplicationError(f"范围应为行政区划代码或其前若干位数字（如 441521），而不是“{text}”")
        if len(text) == 12 and (path := Division.objects.filter(code=text).values_list("path", flat=True)):
            return cls(path=path[0])
        return cls(prefix=text)

    @property
    def label(self) -> str:
        return self.prefix or self.path.rstrip("/").rsplit("/", 1)[-1]

    def q(self, division: str) -> Q:
        if self.path:
            return Q(**{f"{division}__path__startswith": self.path})
        if self.prefix:
            return Q(**{f"{division}__code__startswith": self.prefix})
        return Q()


def scoped(source: SheetSource, scope: Scope) -> QuerySet:
    return source.model.objects.filter(scope.q(source.division))


def extra_keys(source: SheetSource, scope: Scope) -> list[str]:
    """The extra attributes held by the sheet's rows in scope, sorted; names of contract columns left out."""
    if not source.has_extra:
        return []
    keys: set[str] = set()
    extras = scoped(source, scope).exclude(extra={}).order_by().values_list("extra", flat=True)
    for extra in extras.iterator(chunk_size=CHUNK):
        if isinstance(extra, dict):
            keys.update(extra)
    return sorted(keys - set(source.sheet.headers))


def extra_text(value) -> str | None:
    """An extra attribute's cell text: strings as they are, other JSON values as JSON."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _maskers(sheet: contract.Sheet) -> dict[int, Callable[[str], str]]:
    maskers = {}
    for index, column in enumerate(sheet.columns):
        if column.kind is contract.Kind.ID_NUMBER:
            maskers[index] = mask_id_number
        elif column.field == "phone":
            maskers[index] = mask_phone
        elif column.field == "birth_date":  # with the ID number masked, the year only (docs/personal-data.md)
            maskers[index] = mask_birth_date
    return maskers


@dataclass
class SheetRows:
    """One sheet's header and rows, ready to be written."""

    sheet: contract.Sheet
    extra: list[str]
    total: int
    rows: Iterator[list]

    @property
    def headers(self) -> list[str]:
        return [*self.sheet.headers, *self.extra]


def sheet_rows(sheet: contract.Sheet, scope: Scope, *, mask: bool) -> SheetRows:
    """The rows of ``sheet`` for the villages in ``scope``, in the export's order; personal data masked."""
    source = SOURCES[sheet.name]
    queryset = scoped(source, scope)
    extra = extra_keys(source, scope)
    lookups = [source.lookup(column) for column in sheet.columns]
    if extra:
        lookups.append("extra")
    values = queryset.order_by(*source.ordering()).values_list(*lookups)
    maskers = _maskers(sheet) if mask else {}
    width = len(sheet.columns)

    def rows() -> Iterator[list]:
        for record in values.iterator(chunk_size=CHUNK):
            row = list(record[:width])
            for index, masker in maskers.items():
                row[index] = masker(row[index])
            if extra:
                attributes = record[width] if isinstance(record[width], dict) else {}
                row.extend(extra_text(attributes.get(key)) for key in extra)
            yield row

    return SheetRows(sheet, extra, queryset.count(), rows())
