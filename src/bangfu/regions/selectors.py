"""Reads of administrative divisions."""

from __future__ import annotations

from django.db.models import QuerySet

from bangfu.regions.models import Division, Level


def division_subtree(*, code: str) -> QuerySet[Division]:
    """The division with this code and everything inside it."""
    root = Division.objects.get(code=code)
    return Division.objects.filter(path__startswith=root.path)


def counties() -> QuerySet[Division]:
    return Division.objects.filter(level=Level.COUNTY)
