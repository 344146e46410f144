"""Reads of administrative divisions."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet

from bangfu.regions.models import Division, Level


def path_within(lookup: str, path: str) -> Q:
    """Rows whose division path (reached by ``lookup``, e.g. ``"village__division__path"``) starts with
    ``path`` (a path ends with ``/``).

    On SQLite the prefix is also given as a range: SQLite's ``LIKE`` ignores case, so it never uses the
    path's index, and a county officer's lists read every division; ``path >= '/44/4415/441521/' AND path <
    '/44/4415/4415210'`` is the same set (paths are digits and slashes) through the index. PostgreSQL keeps
    the ``LIKE`` alone: its pattern index serves it, and a range would depend on the database's collation.
    """
    within = Q(**{f"{lookup}__startswith": path})
    if connection.vendor == "sqlite" and path:
        within &= Q(**{f"{lookup}__gte": path, f"{lookup}__lt": path[:-1] + chr(ord(path[-1]) + 1)})
    return within


def division_subtree(*, code: str) -> QuerySet[Division]:
    """The division with this code and everything inside it."""
    root = Division.objects.get(code=code)
    return Division.objects.filter(path__startswith=root.path)


def counties() -> QuerySet[Division]:
    return Division.objects.filter(level=Level.COUNTY)
