"""Pages of a list (分页): ninja's page-number pagination, with a hook that builds a page's rows in bulk.

A list route returns a ``Paged``: the scoped queryset, and a function that turns one page of it into the rows
the API shows (head's name, member counts, funds… fetched for that page in one grouped query each, never per
row). Everything else is ninja's ``PageNumberPagination``: ``?page=2&page_size=100`` → ``{"items", "count"}``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class Paged:
    """A scoped queryset and how to turn one page of it into rows (``None``: the records themselves)."""

    queryset: QuerySet
    rows: Callable[[list], list] | None = None


#: The highest database id a path may name (a signed 64-bit integer): larger answers 422, not a 500.
MAX_ID = 2**63 - 1
#: The highest page number accepted: beyond it the database's offset would overflow (a 500, not a 422).
MAX_PAGE = 1_000_000_000


class Pages(PageNumberPagination):
    """``?page=`` (from 1) and ``?page_size=`` (default 50, at most 500)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="页码，从 1 开始 / page number, from 1")
        page_size: int | None = Field(
            None,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"每页条数，默认 {PAGE_SIZE}，最多 {MAX_PAGE_SIZE} / items per page",
        )

    class Output(Schema):
        items: list[Any] = Field(description="本页的记录 / the items of this page")
        count: int = Field(description="符合条件的记录总数（各页合计）/ matching items on all pages")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)

    def paginate_queryset(self, queryset, pagination, request, **params):
        rows = None
        if isinstance(queryset, Paged):
            queryset, rows = queryset.queryset, queryset.rows
        result = super().paginate_queryset(queryset, pagination, request, **params)
        if rows is not None:
            result["items"] = rows(list(result["items"]))
        return result
