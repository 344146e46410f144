"""Monitoring case pages (监测对象): the list with filters, figures and charts (/monitoring/), a case's page with
its timeline, measures, overdue flags, the elimination check and its step actions (/monitoring/cases/<pk>/),
and the leads (线索) a cadre turns into cases (/monitoring/leads/).

Reads go through ``bangfu.monitoring.case_selectors`` (scoped); writes through the procedure services, whose
refusals (Chinese messages) are shown as they are and write nothing.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangfu.accounts.scope import scope_for
from bangfu.core.errors import ApplicationError
from bangfu.monitoring import case_selectors as selectors
from bangfu.monitoring import choices, procedure, services
from bangfu.monitoring.deadlines import overdue_flags
from bangfu.monitoring.elimination import case_measures, elimination_check
from bangfu.programme import choices as programme_choices
from bangfu.web.views.monitoring_actions import ACTIONS, actions_for, cadres_for, today
from bangfu.web.views.programme import bar_chart

PAGE_SIZE = 50


def _charts(figures: selectors.CaseFigures) -> list[dict]:
    if not figures.total:
        return []
    steps = [(s, n) for s, n in figures.by_step.items() if n]
    return [
        {"id": "cases-by-step", "label": _("Cases by step"), "options": bar_chart(
            [s for s, _n in steps], [{"name": _("Cases"), "data": [n for _s, n in steps]}], _("cases"),
            horizontal=True, counts=True)},
        {"id": "cases-by-county", "label": _("Cases by county"), "options": bar_chart(
            list(figures.by_county), [{"name": _("Cases"), "data": list(figures.by_county.values())}],
            _("cases"), counts=True)},
    ]  # fmt: skip


def case_list(request: HttpRequest) -> HttpResponse:
    """Cases in the reader's scope with filters; figures and charts over every case in scope."""
    scope = scope_for(request.user)
    filters = selectors.CaseFilters.from_query(request.GET)
    day = today()
    rows = selectors.cases_filtered(scope=scope, filters=filters, today=day)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for case in page:
        case.flags = overdue_flags(case, day)
    figures = selectors.case_figures(scope=scope, today=day)
    query = {k: v for k, v in [("category", filters.category), ("risk", filters.risk), ("step", filters.step),
                               ("overdue", "1" if filters.overdue else ""), ("area", filters.area)] if v}  # fmt: skip
    context = {
        "page": page, "filters": filters, "figures": figures, "charts": _charts(figures),
        "categories": choices.Category.choices, "risks": choices.RiskType.choices, "steps": choices.Step.choices,
        "query": urlencode(query), "may_act": scope.role in services.VERIFIERS,
    }  # fmt: skip
    return render(request, "web/monitoring/cases.html", context)


def _case(request: HttpRequest, pk: int):
    scope = scope_for(request.user)
    case = selectors.case_get(scope=scope, pk=pk)
    if case is None:
        raise Http404
    return scope, case


def _case_context(request: HttpRequest, scope, case, *, error: str = "", saved: str = "") -> dict:
    day = today()
    return {
        "case": case,
        "steps": case.steps.all(),
        "measures": case_measures(case).order_by("start_date", "id"),
        "flags": overdue_flags(case, day),
        "criteria": elimination_check(case, day) if case.step == choices.Step.ASSISTANCE else [],
        "actions": actions_for(case, request.user, scope),
        "cadres": cadres_for(case),
        "measure_categories": programme_choices.MeasureCategory.choices,
        "measure_statuses": programme_choices.MeasureStatus.choices,
        "methods": choices.EliminationMethod.choices,
        "today": day,
        "error": error,
        "saved": saved,
    }


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope, case = _case(request, pk)
    return render(request, "web/monitoring/case.html", _case_context(request, scope, case))


@require_POST
def case_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Take one step (``action`` in the form) on a case; a refusal shows the service's reason, writes nothing."""
    scope, case = _case(request, pk)
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        raise Http404
    if scope.role not in services.VERIFIERS:
        raise PermissionDenied
    try:
        action.run(case, request.POST, request.user)
    except ApplicationError as error:
        case.refresh_from_db()
        context = _case_context(request, scope, case, error=str(error))
        template = "web/monitoring/case_body.html" if request.htmx else "web/monitoring/case.html"
        return render(request, template, context, status=200 if request.htmx else 400)
    case.refresh_from_db()
    saved = _("Done: %(action)s.") % {"action": action.label}
    if request.htmx:
        return render(
            request, "web/monitoring/case_body.html", _case_context(request, scope, case, saved=saved)
        )
    messages.success(request, saved)
    return redirect(reverse("monitoring-case", args=[case.pk]))


def lead_list(request: HttpRequest) -> HttpResponse:
    """Open leads in the reader's area with the form that starts a case (or closes the lead)."""
    scope = scope_for(request.user)
    page = Paginator(selectors.leads(scope=scope), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page, "may_act": scope.role in services.VERIFIERS,
        "categories": choices.Category.choices, "risks": choices.RiskType.choices, "query": "",
    }  # fmt: skip
    return render(request, "web/monitoring/leads.html", context)


def _lead(request: HttpRequest, pk: int):
    scope = scope_for(request.user)
    if scope.role not in services.VERIFIERS:
        raise PermissionDenied
    lead = selectors.lead_get(scope=scope, pk=pk)
    if lead is None:
        raise Http404
    return scope, lead


@require_POST
def lead_start(request: HttpRequest, pk: int) -> HttpResponse:
    _scope, lead = _lead(request, pk)
    try:
        case = procedure.lead_to_case(
            actor=request.user, lead=lead, category=request.POST.get("category", ""),
            risk_types=request.POST.getlist("risk"),
        )  # fmt: skip
    except ApplicationError as error:
        messages.error(request, str(error))
        return redirect(reverse("monitoring-leads"))
    messages.success(request, _("Case %(case)s started.") % {"case": case.code})
    return redirect(reverse("monitoring-case", args=[case.pk]))


@require_POST
def lead_close(request: HttpRequest, pk: int) -> HttpResponse:
    _scope, lead = _lead(request, pk)
    try:
        procedure.lead_close(actor=request.user, lead=lead, reason=request.POST.get("reason", ""))
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Lead closed."))
    return redirect(reverse("monitoring-leads"))
