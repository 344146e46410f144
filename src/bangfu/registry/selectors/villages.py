"""Scoped reads of villages (村): the list with its filters and sorts, counts per village, division choices,
a village's yearly statistics, poverty incidence and households.

Every function takes the reader's ``Scope`` (keyword-only) and narrows with its area."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from bangfu.accounts.scope import Scope
from bangfu.regions.models import Division
from bangfu.regions.models import Level as DivisionLevel
from bangfu.regions.selectors import path_within
from bangfu.registry.models import Household, Member, Village, VillageYearStat
from bangfu.registry.selectors.households import POOR, HouseholdStatus, households
from bangfu.standards.asof import member_present, year_end
from bangfu.standards.incidence import poverty_incidence, remaining


# ------------------------------------------------------------------------------------------------ villages
def villages(*, scope: Scope) -> QuerySet[Village]:
    """Villages in ``scope``, with their division, town and county (one join each, no per-row queries)."""
    return Village.objects.in_area(scope.area).select_related("division__parent__parent")


@dataclass(frozen=True)
class VillageFilters:
    county: str = ""  # 12-digit division code
    town: str = ""
    poor: bool | None = None
    exited: bool | None = None
    demonstration: bool | None = None
    search: str = ""  # part of the name, or the start of the division code


#: Sort keys of the village list (a leading ``-`` reverses): the columns ordered by, code last as tie-break.
VILLAGE_SORTS = {
    "code": ("division__code",),
    "name": ("division__name", "division__code"),
    "town": ("division__parent__code", "division__code"),
    "population": ("registered_population", "division__code"),
    "identified": ("identified_year", "division__code"),
    "exit": ("exit_year", "division__code"),
    "households": ("household_count", "division__code"),
}


def village_list(*, scope: Scope, filters: VillageFilters = VillageFilters(), sort: str = "code"):
    """Villages in ``scope`` that pass ``filters``, ordered by ``sort`` (a ``VILLAGE_SORTS`` key)."""
    result = villages(scope=scope)
    if filters.county:
        county = Division.objects.filter(code=filters.county).values_list("path", flat=True).first()
        result = result.filter(path_within("division__path", county)) if county else result.none()
    if filters.town:
        result = result.filter(division__parent__code=filters.town)
    if filters.poor is not None:
        result = result.filter(is_poor=filters.poor)
    if filters.exited is not None:
        result = result.filter(exit_year__isnull=not filters.exited)
    if filters.demonstration is not None:
        result = (
            result.filter(is_demonstration=True)
            if filters.demonstration
            else result.exclude(is_demonstration=True)
        )
    if text := filters.search.strip():
        match = Q(division__name__contains=text)
        if text.isdigit():
            match |= Q(division__code__startswith=text)
        result = result.filter(match)
    descending = sort.startswith("-")
    columns = VILLAGE_SORTS.get(sort.lstrip("-"), VILLAGE_SORTS["code"])
    if "household_count" in columns:
        counted = Household.objects.filter(village=OuterRef("pk")).order_by().values("village")
        result = result.annotate(
            household_count=Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")), 0)
        )
    first = F(columns[0]).desc(nulls_last=True) if descending else F(columns[0]).asc(nulls_last=True)
    return result.order_by(first, *columns[1:])


@dataclass(frozen=True)
class VillageCounts:
    households: int = 0
    registered: int = 0  # 建档立卡户
    not_exited: int = 0  # 未脱贫户


def village_counts(*, scope: Scope, village_ids) -> dict[int, VillageCounts]:
    """Households, registered poor households and not-yet-exited households of each village (one query).

    ``village_ids``: ids, or a queryset of them (the export passes its whole filtered list as a subquery).
    """
    ids = village_ids if isinstance(village_ids, QuerySet) else list(village_ids)
    rows = (
        Household.objects.in_area(scope.area)
        .filter(village_id__in=ids)
        .order_by()
        .values("village_id")
        .annotate(
            households=Count("pk"),
            registered=Count("pk", filter=Q(attribute__in=POOR)),
            not_exited=Count("pk", filter=HouseholdStatus.Q[HouseholdStatus.NOT_EXITED]),
        )
    )
    return {
        row["village_id"]: VillageCounts(row["households"], row["registered"], row["not_exited"])
        for row in rows
    }


def county_choices(*, scope: Scope) -> list[Division]:
    """County-level divisions that overlap ``scope`` (for the county filter): no scan of the villages."""
    counties = (
        Division.objects.filter(level=DivisionLevel.COUNTY).only("code", "name", "path").order_by("code")
    )
    return [county for county in counties if _overlaps(scope, county.path)]


def town_choices(*, scope: Scope, county: str) -> list[Division]:
    """Towns of the county ``county`` (a division code) that overlap ``scope``."""
    if not county:
        return []
    towns = Division.objects.filter(level=DivisionLevel.TOWN, parent__code=county).order_by("code")
    return [town for town in towns if _overlaps(scope, town.path)]


def _overlaps(scope: Scope, path: str) -> bool:
    """Whether the division with this path holds, or lies inside, part of ``scope``."""
    if scope.everything:
        return True
    if scope.area.meets_division_path(path):
        return True
    return any(village.startswith(path) for village in _village_paths(scope))


def _village_paths(scope: Scope) -> list[str]:
    if not scope.area.village_ids:
        return []
    villages = Village.objects.filter(id__in=sorted(scope.area.village_ids))
    return list(villages.values_list("division__path", flat=True))


def village_year_stats(*, scope: Scope, village: Village) -> list[VillageYearStat]:
    return list(VillageYearStat.objects.in_area(scope.area).filter(village=village).order_by("year"))


@dataclass(frozen=True)
class IncidencePoint:
    """Poverty incidence (贫困发生率) of a year: not-yet-exited registered poor people ÷ registered population."""

    year: int
    poor_people: int
    population: int

    @property
    def incidence(self) -> float | None:
        return poverty_incidence(self.poor_people, self.population)  # the one definition: standards.incidence


def village_incidence(*, scope: Scope, village: Village) -> list[IncidencePoint]:
    """The village's poverty incidence in each year from its first identification to its last statistics.

    Poor people of a year are the members of registered poor households identified in or before that year and
    not exited by its end (exit year after it, or none); their members are those on 31 December of the year
    (``standards.asof``). The population is the year's statistics, else the village's own figure.
    """
    households = Household.objects.in_area(scope.area).filter(village=village, attribute__in=POOR)
    groups = list(households.order_by().values("identified_year", "exit_year").distinct())
    people = list(
        Member.objects.filter(household__in=households.values("pk"))
        .order_by()
        .values("household__identified_year", "household__exit_year", "birth_date")
        .annotate(n=Count("pk"))
    )
    population = {
        stat.year: stat.registered_population for stat in village_year_stats(scope=scope, village=village)
    }
    known = set(population)
    known |= {g["identified_year"] for g in groups if g["identified_year"]}
    known |= {g["exit_year"] for g in groups if g["exit_year"]}
    if village.identified_year:
        known.add(village.identified_year)
    if not known or (not groups and not village.is_poor):
        return []
    years = range(min(known), max(known) + 1)
    return [
        IncidencePoint(
            year,
            sum(
                g["n"]
                for g in people
                if (g["household__identified_year"] or year) <= year
                and remaining(g["household__exit_year"], year)
                and member_present(g["birth_date"], year_end(year))
            ),
            population.get(year, village.registered_population),
        )
        for year in years
    ]


def village_households(*, scope: Scope, village: Village) -> QuerySet[Household]:
    """The village's households by code (the ``(village_id, code)`` index, registry migration 0006)."""
    return households(scope=scope).filter(village=village).order_by("code")
