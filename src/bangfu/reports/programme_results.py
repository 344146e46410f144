"""The programme figures of the results report (对口帮扶成效): pairings, cadres, funds, projects, parks and
evaluations, computed from the programme's records every time (R8–R21 on the demo).

Each figure is one aggregate query over the programmes in scope (all programmes, or the one named) up to the
end of the report year; definitions are in docs/report.md. Money is summed as Decimal and reported in whole
yuan (rounded half up). Assistance funds (帮扶资金) are allocations (下达) from every source but the recipient's
own local finance (地方财政), which co-funds projects without being assistance.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum

from bangfu.programme.choices import EvaluationGrade
from bangfu.programme.models import CadreAssignment, Evaluation, Pairing, Programme
from bangfu.projects.choices import (
    NOT_ASSISTANCE,
    PROJECT_STATUS_ORDER,
    FundKind,
    FundSource,
    OutputKind,
    ProjectCategory,
    ProjectStatus,
)
from bangfu.projects.models import (
    FundFlow,
    IndustrialPark,
    InvestmentProject,
    Project,
    ProjectOutput,
    ProjectStatusChange,
)
from bangfu.reports.money import whole_yuan

#: A project has produced its outputs once it is completed (完工) or accepted (验收).
COMPLETED = (ProjectStatus.COMPLETED, ProjectStatus.ACCEPTED)
#: "Over 1 billion yuan" (超10亿元) is strictly more than this amount.
BILLION = Decimal(1_000_000_000)


def programmes_in_scope(name: str | None = None) -> QuerySet[Programme]:
    programmes = Programme.objects.all()
    return programmes.filter(name=name) if name else programmes


def programme_figures(*, year: int, programmes: QuerySet[Programme]) -> dict:
    """The programme keys of the results report at the end of ``year``."""
    end = date(year, 12, 31)
    figures = (
        _pairings_and_projects(programmes, year, end)
        | {"cadres_dispatched": _cadres(programmes, end)}
        | _funds(programmes, year)
        | _outputs(programmes, end)
        | _parks(programmes, end)
    )
    order = (
        "paired_villages",
        "industry_projects_in_paired_villages",
        "cadres_dispatched",
        "funds_total_yuan",
        "funds_livelihood_yuan",
        "livelihood_beneficiary_times",
        "beds_added",
        "school_places_added",
        "funds_in_year_yuan",
        "funds_donor_finance_yuan",
        "funds_enterprise_yuan",
        "funds_social_yuan",
        "park_projects",
        "park_investment_yuan",
        "park_projects_from_shenzhen",
        "park_projects_over_1bn",
    )
    return (
        {"programme": _programme(programmes)}
        | {key: figures[key] for key in order}
        | {"evaluation_grades": _evaluation_grades(programmes, year)}
    )


def _programme(programmes: QuerySet[Programme]) -> dict | None:
    """The programme reported on, when there is exactly one in scope."""
    found = list(programmes.values("name", "donor_city", "recipient_city", "start_year", "end_year")[:2])
    return found[0] if len(found) == 1 else None


def _paired(programme, end: date):
    """Pairings of ``programme`` (an outer reference) with a village, started by ``end``."""
    return Pairing.objects.filter(programme=programme, start_date__lte=end)


def _pairings_and_projects(programmes, year: int, end: date) -> dict:
    paired = _paired(OuterRef("programme"), end).filter(village=OuterRef("village"))
    industry = Project.objects.filter(
        programme__in=programmes,
        category=ProjectCategory.INDUSTRY,
        start_year__lte=year,
        village__isnull=False,
    ).filter(Exists(paired))
    livelihood = Project.objects.filter(
        programme__in=programmes, category=ProjectCategory.LIVELIHOOD, start_year__lte=year
    ).aggregate(people=Sum("population_served"))["people"]
    return {
        "paired_villages": Pairing.objects.filter(programme__in=programmes, start_date__lte=end).aggregate(
            villages=Count("village", distinct=True)
        )["villages"],
        "industry_projects_in_paired_villages": industry.count(),
        "livelihood_beneficiary_times": livelihood or 0,
    }


def _cadres(programmes, end: date) -> int:
    assignments = CadreAssignment.objects.filter(programme__in=programmes, start_date__lte=end)
    return assignments.aggregate(cadres=Count("cadre", distinct=True))["cadres"]


def assistance_allocations(programmes) -> QuerySet[FundFlow]:
    return FundFlow.objects.filter(programme__in=programmes, kind=FundKind.ALLOCATION).exclude(
        source__in=NOT_ASSISTANCE
    )


def _funds(programmes, year: int) -> dict:
    totals = (
        assistance_allocations(programmes)
        .filter(year__lte=year)
        .aggregate(
            total=Sum("amount"),
            livelihood=Sum("amount", filter=Q(category=ProjectCategory.LIVELIHOOD)),
            in_year=Sum("amount", filter=Q(year=year)),
            donor_finance=Sum("amount", filter=Q(source=FundSource.DONOR_FINANCE)),
            enterprise=Sum("amount", filter=Q(source=FundSource.ENTERPRISE)),
            social=Sum("amount", filter=Q(source=FundSource.SOCIAL_DONATION)),
        )
    )
    return {
        "funds_total_yuan": whole_yuan(totals["total"] or 0),
        "funds_livelihood_yuan": whole_yuan(totals["livelihood"] or 0),
        "funds_in_year_yuan": whole_yuan(totals["in_year"] or 0),
        # 帮扶资金 by source, as the article's 约95亿元 counts them all (government / donor-city finance,
        # enterprises, social donations); local co-funding (地方财政) is not assistance and is in none.
        "funds_donor_finance_yuan": whole_yuan(totals["donor_finance"] or 0),
        "funds_enterprise_yuan": whole_yuan(totals["enterprise"] or 0),
        "funds_social_yuan": whole_yuan(totals["social"] or 0),
    }


def completed_by(end: date, project: str = "project"):
    """Projects with a status change to 完工 or 验收 dated on or before ``end``."""
    return Exists(
        ProjectStatusChange.objects.filter(project=OuterRef(project), to_status__in=COMPLETED, date__lte=end)
    )


def _outputs(programmes, end: date) -> dict:
    outputs = ProjectOutput.objects.filter(project__programme__in=programmes).filter(completed_by(end))
    totals = outputs.aggregate(
        beds=Sum("quantity", filter=Q(kind=OutputKind.HOSPITAL_BEDS)),
        places=Sum("quantity", filter=Q(kind=OutputKind.SCHOOL_PLACES)),
    )
    return {
        "beds_added": whole_yuan(totals["beds"] or 0),  # whole beds and places, rounded like yuan
        "school_places_added": whole_yuan(totals["places"] or 0),
    }


def park_investments(programmes, end: date) -> QuerySet[InvestmentProject]:
    return InvestmentProject.objects.filter(park__programme__in=programmes, signed_date__lte=end)


def _park_totals():
    return {
        "projects": Count("pk"),
        "investment": Sum("amount"),
        "from_donor": Count("pk", filter=Q(investor_origin_city=F("park__programme__donor_city"))),
        "over_1bn": Count("pk", filter=Q(amount__gt=BILLION)),
    }


def _parks(programmes, end: date) -> dict:
    totals = park_investments(programmes, end).aggregate(**_park_totals())
    return {
        "park_projects": totals["projects"],
        "park_investment_yuan": whole_yuan(totals["investment"] or 0),
        "park_projects_from_shenzhen": totals["from_donor"],
        "park_projects_over_1bn": totals["over_1bn"],
    }


def _evaluation_grades(programmes, year: int) -> dict[str, str]:
    """Year → grade; where several programmes were graded in one year, the lowest grade."""
    rank = {grade: index for index, grade in enumerate(EvaluationGrade.values)}
    grades: dict[str, str] = {}
    rows = Evaluation.objects.filter(programme__in=programmes, year__lte=year).order_by("year")
    for evaluated, grade in rows.values_list("year", "grade"):
        key = str(evaluated)
        if key not in grades or rank.get(grade, 0) > rank.get(grades[key], 0):
            grades[key] = grade
    return grades


# Tables for the workbook ----------------------------------------------------------------------------------


def funds_table(*, year: int, programmes) -> list[dict]:
    """Funds by budget year, category and source: allocated, disbursed, spent (all sources, years ≤ year)."""
    kinds = {
        "allocated": Sum("amount", filter=Q(kind=FundKind.ALLOCATION)),
        "disbursed": Sum("amount", filter=Q(kind=FundKind.DISBURSEMENT)),
        "spent": Sum("amount", filter=Q(kind=FundKind.EXPENDITURE)),
    }
    rows = (
        FundFlow.objects.filter(programme__in=programmes, year__lte=year)
        .values("year", "category", "source")
        .annotate(**kinds)
        .order_by("year", "category", "source")
    )
    return [row | {key: whole_yuan(row[key] or 0) for key in kinds} for row in rows]


def projects_table(*, year: int, programmes) -> list[dict]:
    """Projects started by ``year`` by category and by their status at the end of ``year``."""
    end = date(year, 12, 31)
    status = ProjectStatusChange.objects.filter(project=OuterRef("pk"), date__lte=end).order_by(
        "-date", "-pk"
    )
    rows = (
        Project.objects.filter(programme__in=programmes, start_year__lte=year)
        .annotate(status_then=Subquery(status.values("to_status")[:1]))
        .values("category", "status_then")
        .annotate(projects=Count("pk"))
        .order_by("category")
    )
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        table.setdefault(row["category"], {})[row["status_then"] or ""] = row["projects"]
    return [
        {"category": category, **{status: counts.get(status, 0) for status in PROJECT_STATUS_ORDER}}
        for category, counts in sorted(table.items(), key=lambda item: ProjectCategory.values.index(item[0]))
    ]


def parks_table(*, year: int, programmes) -> list[dict]:
    """Investment projects signed by ``year``, by park."""
    end = date(year, 12, 31)
    parks = IndustrialPark.objects.filter(programme__in=programmes).order_by("programme_id", "pk")
    totals = {
        row["park"]: row
        for row in park_investments(programmes, end)
        .values("park")
        .annotate(**_park_totals())
        .order_by("park")
    }
    return [
        {
            "park": park.name,
            "division": park.division.name,
            "projects": totals.get(park.pk, {}).get("projects", 0),
            "amount": whole_yuan(totals.get(park.pk, {}).get("investment") or 0),
            "from_donor": totals.get(park.pk, {}).get("from_donor", 0),
            "over_1bn": totals.get(park.pk, {}).get("over_1bn", 0),
        }
        for park in parks.select_related("division")
    ]
