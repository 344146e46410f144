"""Reads of the register. Scoping by region and pairing arrives with user roles (issue #5)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from bangfu.registry import choices
from bangfu.registry.models import Household, Member, Village


def register_counts() -> dict[str, int]:
    villages = Village.objects.aggregate(
        villages=Count("pk"), poor_villages=Count("pk", filter=Q(is_poor=True))
    )
    return {**villages, "households": Household.objects.count(), "members": Member.objects.count()}


def registered_poor_households() -> QuerySet[Household]:
    """Households of the register of poor households (建档立卡贫困户), excluding ordinary households."""
    return Household.objects.filter(attribute__in=choices.REGISTERED_POOR_ATTRIBUTES)


def households_with_labour(households: QuerySet[Household]) -> QuerySet[Household]:
    """Households with labour (有劳动力): at least one member able to work."""
    able = Member.objects.filter(
        household=OuterRef("pk"), labour_ability__in=choices.LABOUR_ABILITIES_WITH_LABOUR
    )
    return households.filter(Exists(able))
