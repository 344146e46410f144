"""Keyset (seek) pages of an ordered list: "next" and "previous" by the ordering key, never OFFSET.

A page of an OFFSET list costs every row before it (page 400 of the household list reads 10,000 rows first);
a keyset page starts from the last row shown (``after``) or the first (``before``) and reads only its own rows
through the index of the order, whatever its position. Links carry the list's unique key (a household code, a
village's division code); ``anchor`` reads the ordering values of that row from the same scoped, filtered
queryset, so a key outside the reader's scope or filters is no anchor and the list starts from the first page.

Orders are tuples of ``SortKey``: the last one unique and never null (the tie-break), only the first nullable
(sorted with nulls last, as the village list's year and population columns). The count a page shows is capped
(``capped_count``): counting every match of a filter over 10^6 households costs more than the page itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet

#: The most rows a list counts; more shows as "more than CAP".
CAP = 10_000


@dataclass(frozen=True)
class SortKey:
    lookup: str
    descending: bool = False
    nullable: bool = False  # nulls sort last in both directions

    def expression(self, *, reverse: bool = False):
        descending = self.descending != reverse
        if not self.nullable:
            return F(self.lookup).desc() if descending else F(self.lookup).asc()
        # nulls last when read forwards; a reversed (``before``) read meets them first
        nulls = {"nulls_first": True} if reverse else {"nulls_last": True}
        return F(self.lookup).desc(**nulls) if descending else F(self.lookup).asc(**nulls)


@dataclass(frozen=True)
class KeysetPage:
    """One page: its rows, whether there are rows before and after it, and the keys of the links to them."""

    object_list: list
    has_previous: bool
    has_next: bool
    previous_key: str = ""  # the unique key of the first row (the "previous" link's ``before``)
    next_key: str = ""  # the unique key of the last row (the "next" link's ``after``)

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next


def ordered(queryset: QuerySet, order: tuple[SortKey, ...], *, reverse: bool = False) -> QuerySet:
    return queryset.order_by(*(key.expression(reverse=reverse) for key in order))


def anchor(queryset: QuerySet, order: tuple[SortKey, ...], unique: str, value: str) -> dict | None:
    """The ordering values of the row whose ``unique`` lookup equals ``value``, within ``queryset``."""
    if not value:
        return None
    return queryset.filter(**{unique: value}).order_by().values(*(key.lookup for key in order)).first()


def _beyond(key: SortKey, value: Any, *, forwards: bool) -> Q:
    """Rows strictly after (``forwards``) or before ``value`` in ``key``'s order alone (nulls last)."""
    if value is None:  # the null tail: nothing after it; every non-null value before it
        return Q(pk__in=[]) if forwards else Q(**{f"{key.lookup}__isnull": False})
    comparison = "lt" if key.descending == forwards else "gt"
    condition = Q(**{f"{key.lookup}__{comparison}": value})
    if key.nullable and forwards:
        condition |= Q(**{f"{key.lookup}__isnull": True})
    return condition


def _equal(key: SortKey, value: Any) -> Q:
    return Q(**{f"{key.lookup}__isnull": True}) if value is None else Q(**{key.lookup: value})


def seek(order: tuple[SortKey, ...], values: dict, *, forwards: bool) -> Q:
    """Rows after (or before) the row with ``values`` in ``order``: (k1 beyond) or (k1 = and k2 beyond) or …

    The first key also bounds the range (k1 ≥ v1 reading forwards in ascending order, …) so that the
    database starts its index walk at the anchor instead of filtering from the start of the list.
    """
    condition, equal = Q(pk__in=[]), Q()
    for key in order:
        value = values[key.lookup]
        condition |= equal & _beyond(key, value, forwards=forwards)
        equal &= _equal(key, value)
    first, value = order[0], values[order[0].lookup]
    if value is not None and not first.nullable:
        bound = "gte" if first.descending != forwards else "lte"
        condition = Q(**{f"{first.lookup}__{bound}": value}) & condition
    return condition


def keyset_page(
    queryset: QuerySet,
    *,
    order: tuple[SortKey, ...],
    unique: str,
    key_of: Callable[[Any], str],
    size: int,
    after: str = "",
    before: str = "",
) -> KeysetPage:
    """The page of ``queryset`` (in ``order``) after the row whose ``unique`` lookup is ``after``, or before
    the row ``before``; the first page when neither names a row of ``queryset``. Reads ``size`` + 1 rows."""
    values = anchor(queryset, order, unique, before) if before else None
    if values is not None:
        backwards = ordered(queryset.filter(seek(order, values, forwards=False)), order, reverse=True)
        rows = list(backwards[: size + 1])
        has_previous, has_next, rows = len(rows) > size, True, rows[:size][::-1]  # the anchor follows
        if has_previous or len(rows) == size:
            return _page(rows, has_previous, has_next, key_of)
        # fewer rows before the anchor than a page (the list changed): show the first page instead
    values = anchor(queryset, order, unique, after) if after else None
    narrowed = queryset if values is None else queryset.filter(seek(order, values, forwards=True))
    rows = list(ordered(narrowed, order)[: size + 1])
    return _page(rows[:size], values is not None, len(rows) > size, key_of)


def _page(rows: list, has_previous: bool, has_next: bool, key_of) -> KeysetPage:
    return KeysetPage(
        object_list=rows,
        has_previous=has_previous,
        has_next=has_next and bool(rows),
        previous_key=key_of(rows[0]) if rows else "",
        next_key=key_of(rows[-1]) if rows else "",
    )


@dataclass(frozen=True)
class Count:
    """How many rows a list holds, counted up to ``CAP``: ``capped`` when there are more."""

    value: int
    capped: bool
    cap: int = CAP


def capped_count(queryset: QuerySet, cap: int = CAP) -> Count:
    """Counts at most ``cap`` + 1 rows (no ORDER BY: any ``cap`` + 1 rows will do)."""
    value = queryset.order_by().values("pk")[: cap + 1].count()
    return Count(min(value, cap), value > cap, cap)
