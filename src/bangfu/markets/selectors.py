"""Reads of employment and consumption assistance, every one scoped (``accounts.scope.Scope``).

What a scope sees: courses and job fairs placed in a division inside the scope (for users scoped to villages:
held in one of their villages' own division); trainees, placements and subsidies of members of households in
scope; producers in villages in scope, their products and sales; benefiting households in scope. A donor
unit (帮扶单位) therefore sees its paired villages' records.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, Min, QuerySet, Sum
from django.db.models.functions import ExtractYear

from bangfu.accounts.scope import Scope
from bangfu.markets.models import (
    BenefitLink,
    JobFair,
    Placement,
    Producer,
    Product,
    Sale,
    Subsidy,
    Trainee,
    TrainingCourse,
)
from bangfu.registry.models import Household, IncomeRecord, Village
from bangfu.registry.selectors.presence import household_records


def courses(*, scope: Scope) -> QuerySet[TrainingCourse]:
    return TrainingCourse.objects.in_area(scope.area).select_related("division")


def trainees(*, scope: Scope) -> QuerySet[Trainee]:
    return Trainee.objects.in_area(scope.area).select_related("course", "member", "member__household")


def job_fairs(*, scope: Scope) -> QuerySet[JobFair]:
    return JobFair.objects.in_area(scope.area).select_related("division")


def placements(*, scope: Scope) -> QuerySet[Placement]:
    return Placement.objects.in_area(scope.area).select_related("member", "member__household")


def subsidies(*, scope: Scope) -> QuerySet[Subsidy]:
    return Subsidy.objects.in_area(scope.area).select_related("member", "member__household")


def producers(*, scope: Scope) -> QuerySet[Producer]:
    return Producer.objects.in_area(scope.area).select_related("village__division")


def products(*, scope: Scope) -> QuerySet[Product]:
    return Product.objects.in_area(scope.area).select_related("producer", "producer__village__division")


def sales(*, scope: Scope) -> QuerySet[Sale]:
    return Sale.objects.in_area(scope.area).select_related("product", "product__producer")


def benefit_links(*, scope: Scope) -> QuerySet[BenefitLink]:
    return BenefitLink.objects.in_area(scope.area).select_related("household", "producer")


# Summaries for the markets page and the village page ---------------------------------------------------------


def summary(*, scope: Scope, village: Village | None = None) -> dict:
    """Counts and sums of what the scope sees (or of one village within it)."""
    course_rows, fair_rows = courses(scope=scope), job_fairs(scope=scope)
    people, goods = placements(scope=scope), sales(scope=scope)
    trained, linked = trainees(scope=scope), benefit_links(scope=scope)
    certified = products(scope=scope)
    if village is not None:
        course_rows = course_rows.filter(division=village.division_id)
        fair_rows = fair_rows.filter(division=village.division_id)
        people = people.filter(member__household__village=village)
        trained = trained.filter(member__household__village=village)
        goods = goods.filter(product__producer__village=village)
        linked = linked.filter(household__village=village)
        certified = certified.filter(producer__village=village)
    return {
        "courses": course_rows.count(),
        "trainees": trained.aggregate(n=Count("member", distinct=True))["n"],
        "job_fairs": fair_rows.count(),
        "posts": fair_rows.aggregate(n=Sum("posts"))["n"] or 0,
        "placements": people.count(),
        "people_placed": people.aggregate(n=Count("member", distinct=True))["n"],
        "products": certified.count(),
        "sales_yuan": goods.aggregate(total=Sum("amount"))["total"] or Decimal(0),
        "households_benefiting": linked.aggregate(n=Count("household", distinct=True))["n"],
    }


def sales_by_channel_and_year(*, scope: Scope) -> dict[str, dict[int, Decimal]]:
    """Channel → year → Σ amount (one GROUP BY)."""
    rows = (
        sales(scope=scope)
        .annotate(year=ExtractYear("date"))
        .values("channel", "year")
        .annotate(total=Sum("amount"))
        .order_by("channel", "year")
    )
    table: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for row in rows:
        table[row["channel"]][row["year"]] = row["total"]
    return dict(table)


def placements_by_destination(*, scope: Scope) -> dict[str, int]:
    rows = placements(scope=scope).values("destination").annotate(n=Count("pk")).order_by("destination")
    return {row["destination"]: row["n"] for row in rows}


def wage_effect(*, scope: Scope) -> dict:
    """For households with a placed member: their 工资性收入 the year before the first placement and in the
    latest year they have an income record for. Only households with both records count (same households)."""
    first = (
        placements(scope=scope)
        .values("member__household")
        .annotate(first=Min("start_date"))
        .order_by()
        .values_list("member__household", "first")
    )
    first_year = {household: start.year for household, start in first}
    if not first_year:
        return {"households": 0, "before": None, "latest": None}
    incomes: dict[int, dict[int, Decimal]] = defaultdict(dict)
    rows = IncomeRecord.objects.filter(household__in=list(first_year)).values_list(
        "household", "year", "wages"
    )
    for household, year, wages in rows:
        incomes[household][year] = wages
    before = latest = Decimal(0)
    counted = 0
    for household, year in first_year.items():
        records = incomes.get(household, {})
        last = max(records, default=None)
        if year - 1 in records and last is not None and last >= year:
            before += records[year - 1]
            latest += records[last]
            counted += 1
    if not counted:
        return {"households": 0, "before": None, "latest": None}
    return {"households": counted, "before": before / counted, "latest": latest / counted}


# One household ---------------------------------------------------------------------------------------------


def months_in_year(start: date, end: date | None, year: int) -> int:
    """Calendar months of ``year`` a placement covers (a month it starts or ends in counts whole)."""
    first = max(start, date(year, 1, 1))
    last = min(end or date(year, 12, 31), date(year, 12, 31))
    return 0 if last < first else last.month - first.month + 1


def household_employment(*, household: Household) -> dict:
    """A household's trainings and placements by member, and the wage check per year.

    The check (documented in docs/web.md): for each year with an income record, the placements' wages of that
    year — monthly wage × months of the year the placement covers — summed over the household's members; a
    notice when that sum exceeds the record's 工资性收入 (the income record may be missing wages).
    """
    records = household_records(  # most households have none of them: only the kinds it has are read
        household.pk,
        {
            Trainee: Trainee.objects.filter(member__household=household)
            .select_related("course", "member")
            .order_by("-course__start_date"),
            Placement: Placement.objects.filter(member__household=household).select_related("member"),
            Subsidy: Subsidy.objects.filter(member__household=household)
            .select_related("member")
            .order_by("-date"),
            BenefitLink: BenefitLink.objects.filter(household=household).select_related("producer"),
        },
    )
    placed = records[Placement]
    expected: dict[int, Decimal] = defaultdict(Decimal)
    for placement in placed:
        if placement.monthly_wage is None:
            continue
        last = (placement.end_date or date.today()).year
        for year in range(placement.start_date.year, last + 1):
            expected[year] += placement.monthly_wage * months_in_year(
                placement.start_date, placement.end_date, year
            )
    incomes = IncomeRecord.objects.filter(household=household)  # read only when there is something to check
    recorded = dict(incomes.values_list("year", "wages")) if expected else {}
    checks = [
        {
            "year": year,
            "placement_wages": amount,
            "recorded_wages": recorded[year],
            "exceeds": amount > recorded[year],
        }
        for year, amount in sorted(expected.items())
        if year in recorded
    ]
    return {
        "trainings": records[Trainee],
        "placements": placed,
        "subsidies": records[Subsidy],
        "wage_checks": checks,
        "links": records[BenefitLink],
    }
