"""Scoped reads of monitoring cases and leads: the list with its filters, the page figures, one case, leads.

Every function takes the reader's ``Scope``; a case is in scope when its household's village is. Risk types
(a JSON list) and overdue flags are filtered in Python, the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from bangfu.accounts.scope import Scope
from bangfu.monitoring import choices
from bangfu.monitoring.deadlines import overdue_flags
from bangfu.monitoring.models import Lead, MonitoringCase
from bangfu.regions.area import inside_divisions_q
from bangfu.regions.models import Division

VILLAGE = "household__village"


@dataclass(frozen=True)
class CaseFilters:
    """The list's filters, each empty for "all"; ``area`` is a division code (county, town or village)."""

    category: str = ""
    risk: str = ""
    step: str = ""
    overdue: bool = False
    area: str = ""

    @classmethod
    def from_query(cls, query) -> CaseFilters:
        category = query.get("category", "")
        risk = query.get("risk", "")
        step = query.get("step", "")
        return cls(
            category=category if category in choices.Category.values else "",
            risk=risk if risk in choices.RiskType.values else "",
            step=step if step in choices.Step.values else "",
            overdue=query.get("overdue", "") in ("1", "on", "true"),
            area=query.get("area", "").strip()[:12],
        )


def cases(*, scope: Scope) -> QuerySet[MonitoringCase]:
    """Cases of households in scope, newest discovery first."""
    rows = MonitoringCase.objects.filter(scope.village_q(VILLAGE))
    return rows.select_related("household__village__division", "assigned_cadre").order_by(
        "-discovered_on", "-id"
    )


def case_get(*, scope: Scope, pk: int) -> MonitoringCase | None:
    return cases(scope=scope).filter(pk=pk).first()


def cases_filtered(*, scope: Scope, filters: CaseFilters, today: date) -> QuerySet[MonitoringCase]:
    rows = cases(scope=scope)
    if filters.category:
        rows = rows.filter(category=filters.category)
    if filters.step:
        rows = rows.filter(step=filters.step)
    if filters.area:
        division = Division.objects.filter(code=filters.area).first()
        rows = (
            rows.filter(**{f"{VILLAGE}__division__path__startswith": division.path})
            if division
            else rows.none()
        )
    if filters.risk:
        keep = [pk for pk, risks in rows.values_list("pk", "risk_types") if filters.risk in (risks or [])]
        rows = rows.filter(pk__in=keep)
    if filters.overdue:
        rows = rows.filter(pk__in=[case.pk for case in rows.filter(step__in=choices.OPEN_STEPS)
                                   if overdue_flags(case, today)])  # fmt: skip
    return rows


@dataclass
class CaseFigures:
    total: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_step: dict[str, int] = field(default_factory=dict)
    by_county: dict[str, int] = field(default_factory=dict)  # county name → cases
    overdue: int = 0
    eliminated: int = 0
    reopened: int = 0  # cases reopened at least once (风险复现, return to poverty risk)


def case_figures(*, scope: Scope, today: date) -> CaseFigures:
    """The figures at the top of the list, over every case in scope."""
    rows = cases(scope=scope)
    figures = CaseFigures(total=rows.count())
    figures.by_category = dict.fromkeys(choices.Category.values, 0)
    figures.by_step = dict.fromkeys(choices.Step.values, 0)
    counties: Counter[str] = Counter()
    for category, step, village_code, reopened in rows.values_list(
        "category", "step", f"{VILLAGE}__division__code", "reopened_count"
    ):
        figures.by_category[category] = figures.by_category.get(category, 0) + 1
        figures.by_step[step] = figures.by_step.get(step, 0) + 1
        counties[village_code[:6]] += 1
        figures.reopened += 1 if reopened else 0
    names = dict(
        Division.objects.filter(code__in=[c + "000000" for c in counties]).values_list("code", "name")
    )
    figures.by_county = {names.get(code + "000000", code): n for code, n in sorted(counties.items())}
    figures.eliminated = figures.by_step.get(choices.Step.ELIMINATED, 0)
    figures.overdue = sum(
        1 for case in rows.filter(step__in=choices.OPEN_STEPS) if overdue_flags(case, today)
    )
    return figures


def leads(*, scope: Scope, status: str = choices.LeadStatus.OPEN) -> QuerySet[Lead]:
    """Leads of households in scope, and leads of people not in the register in a division in scope."""
    if scope.role is None:
        return Lead.objects.none()
    rows = Lead.objects.all()
    if not scope.everything:
        unregistered = Q(household=None) & inside_divisions_q(scope.area, "division")
        rows = rows.filter(scope.village_q(VILLAGE) | unregistered)
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("household__village__division", "division", "case").order_by(
        "-discovered_on", "-id"
    )


def lead_get(*, scope: Scope, pk: int) -> Lead | None:
    return leads(scope=scope, status="").filter(pk=pk).first()
