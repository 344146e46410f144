"""The programme results report (帮扶成效报告), computed from the register's records every time.

Each figure is one aggregate query; definitions are in docs/report.md. Averages of per-capita income are
ratios of sums (Σ net income ÷ Σ members), i.e. weighted by household size, as statistics offices compute
group per-capita income.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import takewhile

from django.db.models import DecimalField, Exists, ExpressionWrapper, F, OuterRef, QuerySet, Sum

from bangfu.regions.models import Division, Level
from bangfu.registry.models import IncomeRecord, Member, Village, VillageYearStat
from bangfu.registry.selectors import (
    households_with_labour,
    members_as_of_q,
    members_in_year_q,
    registered_poor_households,
)
from bangfu.reports.markets_results import markets_figures
from bangfu.reports.money import whole_yuan
from bangfu.reports.monitoring_results import monitoring_figures
from bangfu.reports.programme_results import programme_figures, programmes_in_scope
from bangfu.standards.asof import year_end
from bangfu.standards.income import NET_INCOME_TERMS


def _net_income_expression():
    """Net income as a Django expression, from the one formula (bangfu.standards.income)."""
    (first, _), *rest = NET_INCOME_TERMS
    total = F(first)
    for field, sign in rest:
        total = total + F(field) if sign > 0 else total - F(field)
    return ExpressionWrapper(total, output_field=DecimalField(max_digits=16, decimal_places=2))


NET_INCOME = _net_income_expression()


def ratio(numerator, denominator) -> Decimal | None:
    return None if not denominator or numerator is None else Decimal(numerator) / Decimal(denominator)


def per_capita_net_income(incomes: QuerySet[IncomeRecord], households: QuerySet) -> Decimal | None:
    """Σ net income ÷ Σ members, where ``incomes`` holds exactly one record for each of ``households``.

    A household's members are those on 31 December of its record's year (``standards.asof``).
    """
    net = incomes.aggregate(total=Sum(NET_INCOME))["total"]
    members = Member.objects.filter(
        members_in_year_q("household__incomes__year"), household__incomes__in=incomes
    ).count()
    return ratio(net, members)


def village_income_per_capita(year: int) -> Decimal | None:
    """Poor villages' resident disposable income per capita, weighted by registered population."""
    stats = VillageYearStat.objects.filter(village__is_poor=True, year=year).aggregate(
        income=Sum(
            ExpressionWrapper(
                F("registered_population") * F("disposable_income_per_capita"),
                output_field=DecimalField(max_digits=20, decimal_places=2),
            )
        ),
        population=Sum("registered_population"),
    )
    return ratio(stats["income"], stats["population"])


def labour_households_incomes(year: int) -> tuple[Decimal | None, Decimal | None]:
    """Per-capita net income of registered poor households with labour: (before assistance, in ``year``).

    "Before assistance" (帮扶前) is each household's baseline year, the year before it was identified. Only
    households with records for both years count, so both figures describe the same households.
    """
    in_year = IncomeRecord.objects.filter(household=OuterRef("pk"), year=year)
    at_baseline = IncomeRecord.objects.filter(household=OuterRef("pk"), year=OuterRef("identified_year") - 1)
    households = households_with_labour(registered_poor_households().filter(identified_year__lte=year))
    households = households.filter(Exists(in_year), Exists(at_baseline)).values("pk")
    baseline = IncomeRecord.objects.filter(household__in=households, year=F("household__identified_year") - 1)
    current = IncomeRecord.objects.filter(household__in=households, year=year)
    return per_capita_net_income(baseline, households), per_capita_net_income(current, households)


def people_lifted(exited: QuerySet, year: int) -> int:
    """Members of the ``exited`` households on 31 December of ``year`` (``standards.asof``): the register as it
    stood at the end of the report's year, so a child born into an exited household before then counts and
    one born after does not."""
    return Member.objects.filter(members_as_of_q(year_end(year)), household__in=exited).count()


def results_report(*, year: int = 2020, programme: str | None = None) -> dict:
    """The figures of the programme results report at the end of ``year``. Keys are documented in docs.

    The programme figures (``reports.programme_results``) cover every programme, or the one named.
    """
    poor_villages = Village.objects.filter(is_poor=True)
    registered = registered_poor_households().filter(identified_year__lte=year)
    exited = registered.filter(exit_year__lte=year)
    registered_count, exited_count = registered.count(), exited.count()
    baseline, current = labour_households_incomes(year)
    exit_rate = ratio(exited_count, registered_count)
    return (
        {
            "year": year,
            "poor_villages": poor_villages.count(),
            "poor_villages_exited": poor_villages.filter(exit_year__lte=year).count(),
            "poor_households": registered_count,
            "poor_households_exit_rate": None if exit_rate is None else float(round(exit_rate, 4)),
            "households_lifted": exited_count,
            "people_lifted": people_lifted(exited, year),
            "village_income_per_capita": whole_yuan(village_income_per_capita(year)),
            "labour_household_income_per_capita": whole_yuan(current),
            "labour_household_income_before": whole_yuan(baseline),
            "labour_household_income_increase": whole_yuan(current - baseline)
            if current and baseline
            else None,
            "demonstration_villages": list(
                Village.objects.filter(is_demonstration=True)
                .order_by("division__code")
                .values_list("division__name", flat=True)
            ),
            "region": register_region_name(),
            "province": register_province_name(),
        }
        | programme_figures(year=year, programmes=programmes_in_scope(programme))
        | markets_figures(year=year)
        | monitoring_figures(year=year)
    )


def register_province_name() -> str:
    """The province of the register's villages, from the configured divisions (regions/data): the report
    names the provincial assessment after it rather than a province typed into a template."""
    path = Village.objects.order_by("division__path").values_list("division__path", flat=True).first()
    if not path:
        return ""
    codes = path.strip("/").split("/")
    division = Division.objects.filter(code__in=codes, level=Level.PROVINCE).first()
    return division.name if division else ""


def register_region_name() -> str:
    """The name of the smallest division that holds every village of the register (e.g. 汕尾市)."""
    paths = Village.objects.order_by("division__path").values_list("division__path", flat=True)
    first, last = paths.first(), paths.last()
    if first is None:
        return ""
    pairs = zip(first.strip("/").split("/"), last.strip("/").split("/"), strict=False)
    common = [a for a, _ in takewhile(lambda pair: pair[0] == pair[1], pairs)]
    division = Division.objects.filter(code=common[-1]).first() if common else None
    return division.name if division else ""
