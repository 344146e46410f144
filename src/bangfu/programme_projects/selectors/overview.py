"""The programme overview (对口帮扶概览): money by category and year, projects, cadres now and by year,
investment, evaluation grades (which grade the programme as a whole: every user with a role sees them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from bangfu.accounts.scope import Scope
from bangfu.programme.choices import CadreRole
from bangfu.programme.models import (
    Evaluation,
    Programme,
)
from bangfu.programme_projects.selectors.records import (
    _MONEY,
    _TOTALS,
    LARGE_INVESTMENT,
    ZERO,
    _in_post,
    _project_q,
    assignments,
    fund_flows,
    parks,
)
from bangfu.projects.choices import NOT_ASSISTANCE, PROJECT_STATUS_ORDER, FundKind, ProjectCategory
from bangfu.projects.models import (
    InvestmentProject,
    Project,
)


# ------------------------------------------------------------------------------------------------ overview
@dataclass
class ProgrammeOverview:
    """What the overview shows of one programme, within one scope. Money is Decimal yuan."""

    programme: Programme
    programme_wide_funds: bool  # whether funds not tied to a project are included (administrators)
    funds: dict[str, Decimal]  # allocated, disbursed, spent; assistance: allocated less local co-funding
    funds_by_year: list[dict]  # {"year", "allocated", "disbursed", "spent"}
    funds_by_category: list[dict]  # {"category", "label", "allocated", "disbursed", "spent"}
    projects_total: int
    projects_by_status: list[tuple[str, str, int]]  # (status, label, count)
    projects_by_category: list[dict]  # {"category", "label", "count", "budget"}
    cadres_total: int  # distinct cadres ever posted
    cadres_on: date  # today, or the last day of a programme that has ended
    cadres_now: list[tuple[str, str, int]]  # (role, label, cadres in post on ``cadres_on``)
    cadres_by_year: list[dict]  # {"year", role: count, …}
    parks: int
    investment: dict[str, object]  # count, total (yuan), from_donor_city, large
    evaluations: list[Evaluation] = field(default_factory=list)


def _money_rows(flows: QuerySet, key: str) -> list[dict]:
    return list(flows.values(key).annotate(**_TOTALS).order_by(key))


def programme_years(programme: Programme, today: date | None = None) -> list[int]:
    """The programme's years up to this year (or its end year)."""
    today = today or timezone.localdate()
    last = min(programme.end_year or today.year, today.year)
    return list(range(programme.start_year, max(last, programme.start_year) + 1))


def programme_overview(*, scope: Scope, programme: Programme) -> ProgrammeOverview:
    flows = fund_flows(scope=scope).filter(programme=programme)
    funds = flows.aggregate(
        **_TOTALS,
        assistance=Coalesce(
            Sum("amount", filter=Q(kind=FundKind.ALLOCATION) & ~Q(source__in=NOT_ASSISTANCE)),
            Value(ZERO),
            output_field=_MONEY,
        ),
    )
    category_labels = dict(ProjectCategory.choices)
    by_category = [
        row | {"label": category_labels.get(row["category"], row["category"])}
        for row in _money_rows(flows, "category")
    ]
    scoped_projects = Project.objects.filter(_project_q(scope), programme=programme)
    status_counts = dict(scoped_projects.values_list("status").annotate(count=Count("pk")))
    status_labels = dict(Project._meta.get_field("status").choices)
    project_categories = [
        row | {"label": category_labels.get(row["category"], row["category"])}
        for row in scoped_projects.values("category")
        .annotate(count=Count("pk"), budget=Sum("budget"))
        .order_by("category")
    ]
    posts = assignments(scope=scope).filter(programme=programme)
    on = programme_last_day(programme)
    return ProgrammeOverview(
        programme=programme,
        programme_wide_funds=scope.everything,
        funds=funds,
        funds_by_year=_money_rows(flows, "year"),
        funds_by_category=by_category,
        projects_total=sum(status_counts.values()),
        projects_by_status=[
            (status, status_labels[status], status_counts.get(status, 0)) for status in PROJECT_STATUS_ORDER
        ],
        projects_by_category=project_categories,
        cadres_total=posts.values("cadre").distinct().count(),
        cadres_on=on,
        cadres_now=_cadres_now(posts, on),
        cadres_by_year=_cadres_by_year(posts, programme_years(programme)),
        parks=parks(scope=scope).filter(programme=programme).count(),
        investment=_investment(scope, programme),
        evaluations=list(Evaluation.objects.filter(programme=programme).order_by("year")),
    )


def programme_last_day(programme: Programme, today: date | None = None) -> date:
    """Today, or 31 December of the end year of a programme that has ended (its cadres in post at the end)."""
    today = today or timezone.localdate()
    if programme.end_year is not None and programme.end_year < today.year:
        return date(programme.end_year, 12, 31)
    return today


def _cadres_now(posts: QuerySet, on: date) -> list[tuple[str, str, int]]:
    counts = dict(
        posts.filter(_in_post(on, on)).values_list("role").annotate(count=Count("cadre", distinct=True))
    )
    return [(role, label, counts.get(role, 0)) for role, label in CadreRole.choices]


def _cadres_by_year(posts: QuerySet, years: list[int]) -> list[dict]:
    """Distinct cadres in post at some time in each year, by role: one grouped query."""
    if not years:
        return []
    annotations = {
        f"y{year}": Count("cadre", distinct=True, filter=_in_post(date(year, 1, 1), date(year, 12, 31)))
        for year in years
    }
    by_role = {row["role"]: row for row in posts.values("role").annotate(**annotations).order_by("role")}
    return [
        {"year": year} | {role: by_role.get(role, {}).get(f"y{year}", 0) for role in CadreRole.values}
        for year in years
    ]


def _investment(scope: Scope, programme: Programme) -> dict[str, object]:
    investments = InvestmentProject.objects.filter(park__in=parks(scope=scope).filter(programme=programme))
    return investments.aggregate(
        count=Count("pk"),
        total=Sum("amount"),
        from_donor_city=Count("pk", filter=Q(investor_origin_city__startswith=programme.donor_city)),
        large=Count("pk", filter=Q(amount__gt=LARGE_INVESTMENT)),
    )
