"""Runs and their results (评估结果浏览), scoped: the runs a reader sees, their counts and results by area.

Every function takes the reader's ``Scope`` (keyword-only). A run is visible when it covers part of the
reader's area: a whole-register run, a run inside the area, or a run over a larger area that contains it
(a city run, for a county officer). Whatever the run covered, every count and row shown is recomputed within
the reader's scope — a county officer never sees the whole register's totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from bangfu.accounts.scope import Scope
from bangfu.assessment.models import AssessmentRun, Level, StandardKind
from bangfu.codes.area import code_prefix
from bangfu.regions.models import Division
from bangfu.regions.models import Level as DivisionLevel
from bangfu.registry.models import Village

#: Breakdown depths: the whole area → counties (6 digits) → towns (9) → villages (12).
NEXT_DEPTH = {0: 6, 6: 9, 9: 12}


def area_prefixes(*, scope: Scope) -> list[str]:
    """The reader's area as division-code prefixes: their divisions' and their villages' (none: everything)."""
    return [] if scope.area.unrestricted else sorted(set(scope.area.codes))


# ------------------------------------------------------------------------------------------------ runs


def _visible(scope: Scope) -> Q:
    if scope.everything:
        return Q()
    prefixes = area_prefixes(scope=scope)
    if not prefixes:
        return Q(pk__in=[])
    visible = Q(scope="")
    for prefix in prefixes:
        visible |= Q(scope__startswith=prefix)  # the run lies inside the area
        visible |= Q(scope__in=[prefix[:digits] for digits in range(2, len(prefix))])  # it contains it
    return visible


def runs(*, scope: Scope, quality: bool | None = None) -> QuerySet[AssessmentRun]:
    """Runs visible to the reader, newest first; ``quality``: only quality checks (True) or none (False)."""
    queryset = AssessmentRun.objects.filter(_visible(scope))
    if quality is True:
        queryset = queryset.filter(standard_kind=StandardKind.QUALITY)
    elif quality is False:
        queryset = queryset.exclude(standard_kind=StandardKind.QUALITY)
    return queryset.order_by("-started_at", "-id")


def run_get(run_id: int, *, scope: Scope) -> AssessmentRun | None:
    return runs(scope=scope).filter(pk=run_id).first()


def scoped_results(run: AssessmentRun, *, scope: Scope) -> tuple[QuerySet, str]:
    """The run's results (or findings) within the reader's scope, and the lookup of their village code."""
    if run.standard_kind == StandardKind.QUALITY:
        return run.findings.in_area(scope.area), "household__village__division__code"
    if run.level == Level.VILLAGE:
        return run.village_results.in_area(scope.area), "village__division__code"
    return run.household_results.in_area(scope.area), "household__village__division__code"


def run_counts(run: AssessmentRun, *, scope: Scope) -> dict[str, int]:
    """Results by verdict (and monitoring category), or findings by check, within the reader's scope."""
    if scope.everything:
        return dict(run.result_counts)
    results, _code = scoped_results(run, scope=scope)
    if run.standard_kind == StandardKind.QUALITY:
        return _grouped(results, "check_id")
    counts = _grouped(results, "result")
    if run.level == Level.HOUSEHOLD:
        counts |= {key: value for key, value in _grouped(results, "category").items() if key}
    return counts


def _grouped(results: QuerySet, field_name: str) -> dict[str, int]:
    rows = results.order_by().values_list(field_name).annotate(n=Count("pk"))
    return {key: n for key, n in rows}


@dataclass(frozen=True)
class AreaRow:
    """One county, town or village of a run's breakdown: its counts by verdict within the reader's scope."""

    prefix: str  # 6, 9 or 12 digits
    name: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def is_village(self) -> bool:
        return len(self.prefix) == 12


def run_breakdown(run: AssessmentRun, *, scope: Scope, parent: str = "") -> list[AreaRow]:
    """The run's results within scope by the areas one level below ``parent`` ('' → counties, a county's
    6 digits → its towns, a town's 9 digits → its villages)."""
    depth = NEXT_DEPTH.get(len(parent))
    if depth is None:
        return []
    results, code = scoped_results(run, scope=scope)
    if parent:
        results = results.filter(**{f"{code}__startswith": parent})
    rows = (
        results.order_by()
        .annotate(part=Substr(code, 1, depth))
        .values_list("part", "result")
        .annotate(n=Count("pk"))
    )
    counts: dict[str, dict[str, int]] = {}
    for part, result, n in rows:
        counts.setdefault(part, {})[result] = n
    names = dict(
        Division.objects.filter(code__in=[part.ljust(12, "0") for part in counts]).values_list("code", "name")
    )
    return [AreaRow(part, names.get(part.ljust(12, "0"), part), counts[part]) for part in sorted(counts)]


def area_names(prefixes) -> dict[str, str]:
    """Names of the divisions that runs' scopes (code prefixes such as 441521) stand for."""
    padded = {prefix: prefix.ljust(12, "0") for prefix in set(prefixes) if prefix}
    names = dict(Division.objects.filter(code__in=list(padded.values())).values_list("code", "name"))
    return {prefix: names.get(code, prefix) for prefix, code in padded.items()}


def area_trail(prefix: str, *, scope: Scope) -> list[tuple[str, str]] | None:
    """The county, town and village above and at ``prefix`` as (prefix, name), for the page's breadcrumbs.

    ``None`` when no village of the area is in ``scope``: then the area's name is not the reader's to see.
    A cadre's own town and county are named, since their village lies inside them.
    """
    if not Village.objects.in_area(scope.area).filter(division__code__startswith=prefix).exists():
        return None
    parts = [prefix[:digits] for digits in (6, 9, 12) if len(prefix) >= digits]
    names = dict(
        Division.objects.filter(code__in=[part.ljust(12, "0") for part in parts]).values_list("code", "name")
    )
    return [(part, names.get(part.ljust(12, "0"), part)) for part in parts]


def run_households(run: AssessmentRun, *, scope: Scope, village_code: str, result: str = "") -> QuerySet:
    """A household run's results in one village (within scope): code, verdict, failed criteria, category."""
    results, code = scoped_results(run, scope=scope)
    results = results.filter(**{code: village_code})
    if result:
        results = results.filter(result=result)
    return results.order_by("household__code").values(
        "household__code", "result", "failed_criteria", "category"
    )


def run_household_results(run: AssessmentRun, *, scope: Scope, area: str = "", result: str = "") -> QuerySet:
    """A household run's results (within scope) under the division-code prefix ``area``, in household-code
    order, as plain values (the run's download: 10⁵ rows at a county, read in chunks)."""
    results, code = scoped_results(run, scope=scope)
    if area:
        results = results.filter(**{f"{code}__startswith": area})
    if result:
        results = results.filter(result=result)
    return results.order_by("household__code").values_list(
        "household__code", code, "household__village__division__name", "result", "failed_criteria", "category"
    )


def run_villages(run: AssessmentRun, *, scope: Scope, parent: str = "", result: str = "") -> QuerySet:
    """A village run's results (within scope) under ``parent``: code, name, verdict, incidence, failed."""
    results, code = scoped_results(run, scope=scope)
    if parent:
        results = results.filter(**{f"{code}__startswith": parent})
    if result:
        results = results.filter(result=result)
    return results.order_by(code).values(
        "village__division__code", "village__division__name", "result", "incidence", "failed_criteria"
    )


def run_scope_choices(*, scope: Scope) -> list[tuple[str, str]]:
    """Where the reader may start a run: (division-code prefix, name); '' is the whole register.

    Administrators: the whole register or any county; officers: each of their divisions (a run is always
    inside the starter's area); nobody else starts runs.
    """
    if not scope.may_change_register:
        return []
    if scope.everything:
        counties = Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code")
        return [("", "")] + [(code_prefix(code), name) for code, name in counties.values_list("code", "name")]
    own = [prefix.ljust(12, "0") for prefix in scope.area.prefixes]  # the officer's divisions
    divisions = Division.objects.filter(code__in=own).order_by("code")
    return [(code_prefix(code), name) for code, name in divisions.values_list("code", "name")]
