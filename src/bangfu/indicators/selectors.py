"""Reads of the pre-aggregated figures for one user's scope (首页指标).

Every function sums village rows in the scope (``objects.in_area(scope.area)``): the cost depends on the
number of villages in scope, never on the number of households. Nothing here reads the register itself.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import BigIntegerField, Count, ExpressionWrapper, F, Q, Sum

from bangfu.accounts.scope import Scope
from bangfu.indicators.bands import GUARANTEE_CRITERIA, INCOME_BAND_EDGES, incidence_edges
from bangfu.indicators.models import FiguresRefresh, VillageGuaranteeGap, VillageIncomeBand, VillageYearFigure
from bangfu.regions.models import Division
from bangfu.registry.models import Village
from bangfu.standards.incidence import poverty_incidence
from bangfu.standards.income import per_capita

#: The columns of ``VillageYearFigure`` that are summed over villages.
SUMMED = (
    "population",
    "households_registered",
    "people_registered",
    "households_exited",
    "people_exited",
    "households_remaining",
    "people_remaining",
    "income_households",
    "income_people",
    "income_net",
)

#: Gaps are shown by the first of these groupings that splits the scope's villages into more than one group.
GAP_GROUPINGS = (
    ("county", "village__division__parent__parent"),
    ("town", "village__division__parent"),
    ("village", "village__division"),
)


@dataclass(frozen=True)
class YearTotals:
    """The sums of one year over the villages in scope."""

    year: int
    villages: int
    poor_villages: int
    poor_villages_exited: int
    population: int
    households_registered: int
    people_registered: int
    households_exited: int
    people_exited: int
    households_remaining: int
    people_remaining: int
    income_households: int
    income_people: int
    income_net: Decimal

    @property
    def income_per_capita(self) -> float | None:
        """Σ net income ÷ Σ members of the registered households with an income record (None without):
        ``standards.income.per_capita`` over the village sums."""
        return per_capita(float(self.income_net), self.income_people)

    @property
    def incidence(self) -> float | None:
        """People of registered households not yet exited ÷ registered population (贫困发生率)."""
        return poverty_incidence(self.people_remaining, self.population)  # the one definition


@dataclass(frozen=True)
class GapGroup:
    code: str
    name: str
    assessed: int
    gaps: dict[str, int]


@dataclass(frozen=True)
class GuaranteeGaps:
    """Three-guarantee gaps by county, town or village (``level``), and the runs they come from."""

    level: str
    groups: tuple[GapGroup, ...]
    runs: tuple[tuple[int, str, int | None, str], ...]  # (id, standard, year, scope)


@dataclass(frozen=True)
class IncidenceBand:
    """A band of poverty incidence: ``lower`` ≤ incidence < ``upper`` (fractions; the zero band is 0–0)."""

    lower: float
    upper: float | None  # None: open band
    villages: dict[int, int]  # villages in the band, by year


@dataclass
class Dashboard:
    """Everything the dashboard shows for one scope."""

    years: list[YearTotals] = field(default_factory=list)
    income_bands: list[tuple[int, int, int]] = field(default_factory=list)  # (lower edge, households, people)
    gaps: GuaranteeGaps | None = None
    incidence: list[IncidenceBand] = field(default_factory=list)  # over the years with registered households
    as_of: FiguresRefresh | None = None
    gaps_as_of: FiguresRefresh | None = None

    @property
    def latest(self) -> YearTotals | None:
        return self.years[-1] if self.years else None

    @property
    def latest_income(self) -> YearTotals | None:
        """The latest year with income records in scope."""
        with_income = [year for year in self.years if year.income_people]
        return with_income[-1] if with_income else None


def figures_in_scope(scope: Scope):
    return VillageYearFigure.objects.in_area(scope.area)


def figures_as_of() -> tuple[FiguresRefresh | None, FiguresRefresh | None]:
    """The latest full refresh, and the latest refresh of the gaps (full or gaps only)."""
    refreshes = FiguresRefresh.objects.order_by("-computed_at", "-id")
    return refreshes.filter(part=FiguresRefresh.Part.ALL).first(), refreshes.first()


def year_totals(scope: Scope) -> list[YearTotals]:
    """Sums by year over the villages in scope, oldest year first."""
    rows = (
        figures_in_scope(scope)
        .values("year")
        .annotate(
            villages=Count("id"),
            poor_villages=Count("id", filter=Q(is_poor_village=True)),
            poor_villages_exited=Count("id", filter=Q(village_exited=True)),
            **{name: Sum(name) for name in SUMMED},
        )
        .order_by("year")
    )
    return [YearTotals(**{key: value or 0 for key, value in row.items()}) for row in rows]


def income_bands(scope: Scope, year: int) -> list[tuple[int, int, int]]:
    """Registered households and people by per-capita income band in ``year``, every band listed."""
    rows = (
        VillageIncomeBand.objects.in_area(scope.area)
        .filter(year=year)
        .values("band")
        .annotate(households=Sum("households"), people=Sum("people"))
    )
    found = {row["band"]: (row["households"], row["people"]) for row in rows}
    return [(edge, *found.get(edge, (0, 0))) for edge in INCOME_BAND_EDGES]


def guarantee_gaps(scope: Scope) -> GuaranteeGaps:
    """Gaps summed by county; by town when the scope is one county; by village when it is one town."""
    gaps = VillageGuaranteeGap.objects.in_area(scope.area)
    sums = {"assessed": Sum("assessed"), **{criterion: Sum(criterion) for criterion in GUARANTEE_CRITERIA}}
    villages = Village.objects.in_area(scope.area)
    level, lookup = GAP_GROUPINGS[-1]
    for grouping, grouping_lookup in GAP_GROUPINGS[:-1]:
        # the first level at which the scope's villages fall in more than one division
        lookup_of_village = grouping_lookup.removeprefix("village__")
        if len(villages.values_list(lookup_of_village).distinct().order_by()[:2]) > 1:
            level, lookup = grouping, grouping_lookup
            break
    rows = list(gaps.values(group=F(lookup)).annotate(**sums).order_by("group"))
    divisions = dict(Division.objects.filter(id__in=[row["group"] for row in rows]).values_list("id", "code"))
    names = dict(Division.objects.filter(id__in=list(divisions)).values_list("id", "name"))
    groups = tuple(
        GapGroup(
            code=divisions.get(row["group"], ""),
            name=names.get(row["group"], ""),
            assessed=row["assessed"] or 0,
            gaps={criterion: row[criterion] or 0 for criterion in GUARANTEE_CRITERIA},
        )
        for row in sorted(rows, key=lambda row: divisions.get(row["group"], ""))
    )
    runs = tuple(
        gaps.values_list("run_id", "run__standard", "run__year", "run__scope").distinct().order_by("run_id")
    )
    return GuaranteeGaps(level=level, groups=groups, runs=runs)


def incidence_bands(scope: Scope, years: list[int]) -> list[IncidenceBand]:
    """Villages by poverty incidence in each of ``years``: 0, below the exit limit, then wider (贫困发生率).

    Compared in integer arithmetic, edges in 1/10,000: people_remaining × 10,000 against population × edge.
    Villages without a registered population are left out.
    """
    edges = [round(edge * 10_000) for edge in incidence_edges()]
    bands: list[tuple[float, float | None, Q]] = [(0.0, 0.0, Q(people_remaining=0, population__gt=0))]
    lower = 0
    for upper in [*edges, None]:
        condition = Q(people_remaining__gt=0, population__gt=0, remaining_bp__gte=F("population") * lower)
        if upper is not None:
            condition &= Q(remaining_bp__lt=F("population") * upper)
        bands.append((lower / 10_000, None if upper is None else upper / 10_000, condition))
        lower = upper
    remaining_bp = ExpressionWrapper(F("people_remaining") * 10_000, output_field=BigIntegerField())
    rows = (
        figures_in_scope(scope)
        .filter(year__in=years)
        .annotate(remaining_bp=remaining_bp)
        .values("year")
        .annotate(**{f"band_{index}": Count("id", filter=band[2]) for index, band in enumerate(bands)})
    )
    by_year = {row["year"]: row for row in rows}
    return [
        IncidenceBand(lower, upper, {year: by_year.get(year, {}).get(f"band_{index}", 0) for year in years})
        for index, (lower, upper, _) in enumerate(bands)
    ]


#: How long one scope's dashboard is kept in the cache; a refresh makes a new key at once.
CACHE_SECONDS = 3600


def _refresh_key(refresh: FiguresRefresh | None) -> str:
    return f"{refresh.pk}-{refresh.computed_at.timestamp()}" if refresh else "none"


def dashboard_cache_key(scope: Scope, as_of: FiguresRefresh | None, gaps_as_of: FiguresRefresh | None) -> str:
    """The figures of a scope change only with a refresh: the key names both refreshes and the scope."""
    digest = hashlib.sha256(scope.area.key.encode()).hexdigest()[:32]
    return f"bangfu:dashboard:{_refresh_key(as_of)}:{_refresh_key(gaps_as_of)}:{digest}"


def dashboard(scope: Scope) -> Dashboard:
    """The dashboard's figures for ``scope``; the distributions are those of the latest year.

    Kept in Django's cache (per process by default) until the next refresh: every view after the first of a
    scope is one small query for the latest refresh.
    """
    as_of, gaps_as_of = figures_as_of()
    key = dashboard_cache_key(scope, as_of, gaps_as_of)
    result = cache.get(key)
    if result is None:
        result = _dashboard(scope)
        result.as_of, result.gaps_as_of = as_of, gaps_as_of
        cache.set(key, result, CACHE_SECONDS)
    return result


def _dashboard(scope: Scope) -> Dashboard:
    result = Dashboard(years=year_totals(scope))
    if result.latest_income:
        result.income_bands = income_bands(scope, result.latest_income.year)
    registered_years = [year.year for year in result.years if year.households_registered]
    if registered_years:
        result.incidence = incidence_bands(scope, registered_years)
    result.gaps = guarantee_gaps(scope)
    return result
