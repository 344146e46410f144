"""Reads of the register. Scoping by region and pairing arrives with user roles (issue #5)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from bangfu.registry import choices
from bangfu.registry.models import Household, Member, Village
from bangfu.standards import load_standard


def register_counts() -> dict[str, int]:
    villages = Village.objects.aggregate(
        villages=Count("pk"), poor_villages=Count("pk", filter=Q(is_poor=True))
    )
    return {**villages, "households": Household.objects.count(), "members": Member.objects.count()}


def registered_poor_households() -> QuerySet[Household]:
    """Households of the register of poor households (建档立卡贫困户), excluding ordinary households."""
    return Household.objects.filter(attribute__in=choices.REGISTERED_POOR_ATTRIBUTES)


#: The standard whose policy choice ``labour_abilities`` says who counts as labour (有劳动能力) in the figures.
LABOUR_STANDARD = "gd-2016"


def households_with_labour(households: QuerySet[Household]) -> QuerySet[Household]:
    """Households with labour (有劳动力): at least one member whose 劳动技能 the Guangdong standard counts as
    labour (``labour_abilities`` in standards/data/gd-2016.toml: a policy choice, not a constant here)."""
    abilities = load_standard(LABOUR_STANDARD).parameters["labour_abilities"].value(0)
    able = Member.objects.filter(household=OuterRef("pk"), labour_ability__in=list(abilities))
    return households.filter(Exists(able))
