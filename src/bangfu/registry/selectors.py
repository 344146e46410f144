"""Reads of the register. Scoping by region and pairing arrives with user roles (issue #5)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

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
    able = Member.objects.filter(household=OuterRef("pk"), labour_ability__in=labour_abilities())
    return households.filter(Exists(able))


def labour_abilities() -> list[str]:
    """The 劳动技能 values the Guangdong standard counts as labour (``labour_abilities`` in gd-2016.toml)."""
    return list(load_standard(LABOUR_STANDARD).parameters["labour_abilities"].value(0))


def members_as_of_q(on: datetime.date, *, prefix: str = "") -> Q:
    """Members present on ``on`` (the rule of ``standards.asof``): born on or before it, or no birth date."""
    return Q(**{f"{prefix}birth_date__isnull": True}) | Q(**{f"{prefix}birth_date__lte": on})


def members_in_year_q(year: str | F, *, prefix: str = "") -> Q:
    """Members present on 31 December of ``year``, an expression such as ``F("household__exit_year")``:
    born in that year or earlier (``standards.asof.member_present_in_year_sql``)."""
    year = F(year) if isinstance(year, str) else year
    return Q(**{f"{prefix}birth_date__isnull": True}) | Q(**{f"{prefix}birth_date__year__lte": year})


def members_as_of(on: datetime.date) -> QuerySet[Member]:
    """The members of every household as of ``on`` (their household today: moves are read by the engine)."""
    return Member.objects.filter(members_as_of_q(on))
