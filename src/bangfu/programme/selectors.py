"""Reads of the programme: pairings and the villages they cover, cadres in post, plans, visits, evaluations."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from bangfu.programme.models import (
    AssistingUnit,
    CadreAssignment,
    Evaluation,
    HouseholdPlan,
    Pairing,
    Programme,
    Visit,
)
from bangfu.registry.models import Household, Village


def _current(on: date | None) -> Q:
    """Periods that include ``on`` (all periods when ``None``)."""
    if on is None:
        return Q()
    return Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gte=on))


def programme_list() -> QuerySet[Programme]:
    return Programme.objects.select_related("recipient_division")


def unit_pairings(*, unit: AssistingUnit, on: date | None = None) -> QuerySet[Pairing]:
    """A unit's pairings (结对), those in force on ``on`` when given."""
    return Pairing.objects.filter(_current(on), unit=unit)


def unit_villages(*, unit: AssistingUnit, on: date | None = None) -> QuerySet[Village]:
    """The villages a unit is (or was, with ``on=None``) paired with: the scope of a 帮扶单位 user."""
    villages = Pairing.objects.filter(_current(on), unit=unit).values("village")
    return Village.objects.filter(pk__in=villages)


def village_pairings(*, village: Village) -> QuerySet[Pairing]:
    return Pairing.objects.filter(village=village).select_related("unit", "programme").order_by("start_date")


def paired_villages(*, programme: Programme | None = None) -> QuerySet[Village]:
    """Villages with at least one pairing (of ``programme`` when given)."""
    pairings = Pairing.objects.filter(programme=programme) if programme else Pairing.objects.all()
    return Village.objects.filter(pk__in=pairings.values("village"))


def cadres_in_post(
    *, programme: Programme | None = None, on: date | None = None
) -> QuerySet[CadreAssignment]:
    """Cadre assignments in force on ``on`` (all when ``None``), with cadre, unit and place loaded."""
    assignments = CadreAssignment.objects.filter(_current(on))
    if programme is not None:
        assignments = assignments.filter(programme=programme)
    return assignments.select_related("cadre", "unit", "village__division", "household", "division")


def village_cadres(*, village: Village, on: date | None = None) -> QuerySet[CadreAssignment]:
    """Cadres posted to a village or to one of its households."""
    place = Q(village=village) | Q(household__village=village)
    return CadreAssignment.objects.filter(place, _current(on)).select_related("cadre", "unit", "household")


def household_plans(*, household: Household) -> QuerySet[HouseholdPlan]:
    """A household's plans (一户一策), latest first, with their measures."""
    return HouseholdPlan.objects.filter(household=household).prefetch_related("measures").order_by("-year")


def household_visits(*, household: Household) -> QuerySet[Visit]:
    return Visit.objects.filter(household=household).select_related("cadre").order_by("-date", "-id")


def evaluation_grades(*, programme: Programme) -> dict[int, str]:
    """Year → grade (好 / 较好 / 一般 / 较差) of a programme's annual evaluations."""
    return dict(Evaluation.objects.filter(programme=programme).order_by("year").values_list("year", "grade"))
