"""Programme pages (对口帮扶): the overview, projects, and the household section's visit and measure forms.

Reads go through ``bangfu.programme_projects.selectors`` (scoped); writes through the programme services. The village
and household pages show this area's sections through ``templatetags/programme.py``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bangfu.accounts.scope import Scope, scope_for
from bangfu.core import numbers
from bangfu.core.errors import ApplicationError
from bangfu.programme import services
from bangfu.programme.choices import CadreRole
from bangfu.programme_projects import selectors as browsing
from bangfu.programme_projects.selectors import ProgrammeOverview, ProjectFilters
from bangfu.projects.choices import ProjectCategory, ProjectStatus
from bangfu.registry.models import Household
from bangfu.registry.selectors import county_choices
from bangfu.web.forms.programme import MeasureForm, VisitForm

PAGE_SIZE = 25
PANEL = "web/programme/household_panel.html"


# ------------------------------------------------------------------------------------------------ charts
def money_series(named: list[tuple[str, list]]) -> tuple[list[dict], str]:
    """Bar series of amounts in yuan, scaled to the unit the largest needs (元, 万元 or 亿元; numbers.scale_for),
    and that unit for the axis: Chinese finance pages chart in 万元 and 亿元."""
    divisor, unit = numbers.scale_for(value for _name, values in named for value in values)
    return [
        {"name": name, "data": numbers.scaled([v or 0 for v in values], divisor)} for name, values in named
    ], unit


def bar_chart(
    categories: list[str], series: list[dict], unit: str, *, horizontal=False, stack=False, counts=False
) -> dict:
    """ECharts options for grouped (or stacked) bars; ``series`` items are ``{"name", "data"}``.

    ``counts``: the values are whole numbers (projects, cadres), so the axis has no fractional ticks.
    """
    category_axis = {"type": "category", "data": categories}
    value_axis = {"type": "value", "name": unit, **({"minInterval": 1} if counts else {})}
    if horizontal:
        category_axis["inverse"] = True
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll", "top": 0},
        "grid": {"left": 8, "right": 16, "top": 36, "bottom": 8, "containLabel": True},
        "xAxis": value_axis if horizontal else category_axis,
        "yAxis": category_axis if horizontal else value_axis,
        "series": [
            {"type": "bar", "barMaxWidth": 28, **({"stack": "all"} if stack else {}), **item}
            for item in series
        ],
    }


def _fund_series(rows: list[dict]) -> tuple[list[dict], str]:
    names = {"allocated": _("Allocated"), "disbursed": _("Disbursed"), "spent": _("Spent")}
    return money_series([(names[key], [row[key] for row in rows]) for key in names])


def overview_charts(overview: ProgrammeOverview) -> list[dict]:
    """The charts of one programme's overview: ``{"id", "label", "options", "height"}`` each."""
    prefix = f"programme-{overview.programme.pk}"
    charts = []
    if overview.funds_by_year:
        rows = overview.funds_by_year
        charts.append(
            {
                "id": f"{prefix}-funds-year",
                "label": _("Funds by budget year"),
                "options": bar_chart([str(row["year"]) for row in rows], *_fund_series(rows)),
            }
        )
    if overview.funds_by_category:
        rows = overview.funds_by_category
        charts.append(
            {
                "id": f"{prefix}-funds-category",
                "label": _("Funds by category"),
                "options": bar_chart(
                    [str(row["label"]) for row in rows], *_fund_series(rows), horizontal=True
                ),
            }
        )
    if overview.projects_total:
        statuses = overview.projects_by_status
        charts.append(
            {
                "id": f"{prefix}-projects-status",
                "label": _("Projects by status"),
                "options": bar_chart(
                    [str(label) for _status, label, _count in statuses],
                    [{"name": _("Projects"), "data": [count for *_rest, count in statuses]}],
                    _("projects"),
                    counts=True,
                ),
            }
        )
        categories = overview.projects_by_category
        charts.append(
            {
                "id": f"{prefix}-projects-category",
                "label": _("Projects by category"),
                "options": bar_chart(
                    [str(row["label"]) for row in categories],
                    [{"name": _("Projects"), "data": [row["count"] for row in categories]}],
                    _("projects"),
                    counts=True,
                ),
            }
        )
    if overview.cadres_total:
        years = overview.cadres_by_year
        charts.append(
            {
                "id": f"{prefix}-cadres-year",
                "label": _("Cadres in post by year"),
                "options": bar_chart(
                    [str(row["year"]) for row in years],
                    [
                        {"name": str(label), "data": [row[role] for row in years]}
                        for role, label in CadreRole.choices
                    ],
                    _("cadres"),
                    stack=True,
                    counts=True,
                ),
            }
        )
    return charts


# ---------------------------------------------------------------------------------------------- overview
def programme_overview(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    sections = []
    for programme in browsing.programmes(scope=scope):
        overview = browsing.programme_overview(scope=scope, programme=programme)
        sections.append({"overview": overview, "charts": overview_charts(overview)})
    return render(
        request,
        "web/programme/overview.html",
        {"sections": sections, "everything": scope.everything, "has_scope": scope.role is not None},
    )


# ---------------------------------------------------------------------------------------------- projects
def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) <= 9 else None


def project_filters(request: HttpRequest) -> ProjectFilters:
    get = request.GET
    county = get.get("county", "").strip()
    year = _int(get.get("year"))
    return ProjectFilters(
        programme=_int(get.get("programme")),
        category=get.get("category") if get.get("category") in ProjectCategory.values else "",
        status=get.get("status") if get.get("status") in ProjectStatus.values else "",
        county=county if len(county) == 12 and county.isdigit() else "",
        year=year if year and 1949 <= year <= 2100 else None,
    )


def project_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    filters = project_filters(request)
    page = Paginator(browsing.project_list(scope=scope, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    totals = browsing.project_fund_totals(scope=scope, project_ids=[project.pk for project in page])
    programmes = browsing.programmes(scope=scope)
    today = timezone.localdate()
    years = sorted(
        {year for programme in programmes for year in browsing.programme_years(programme, today)},
        reverse=True,
    )
    return render(
        request,
        "web/programme/project_list.html",
        {
            "page": page,
            "rows": [(project, totals.get(project.pk)) for project in page],
            "filters": filters,
            "programmes": programmes if len(programmes) > 1 else [],
            "categories": ProjectCategory.choices,
            "statuses": ProjectStatus.choices,
            "counties": county_choices(scope=scope),
            "years": years,
            "query": urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v]),
        },
    )


def project_detail(request: HttpRequest, code: str) -> HttpResponse:
    scope = scope_for(request.user)
    project = browsing.project_get(scope=scope, code=code)
    if project is None:
        raise Http404(_("No such project in your scope."))
    flows = browsing.project_fund_flows(scope=scope, project=project)
    return render(
        request,
        "web/programme/project_detail.html",
        {
            "project": project,
            "history": browsing.project_status_history(scope=scope, project=project),
            "outputs": browsing.project_outputs(scope=scope, project=project),
            "beneficiaries": browsing.project_beneficiaries(scope=scope, project=project),
            "flows": flows,
            "final": flows[-1] if flows else None,
        },
    )


# --------------------------------------------------------------------------- household section: the forms
def household_panel_context(
    request: HttpRequest,
    scope: Scope,
    household: Household,
    *,
    visit_form: VisitForm | None = None,
    measure_form: MeasureForm | None = None,
    error: str = "",
    saved: str = "",
    forms: bool = True,
) -> dict | None:
    """What ``household_panel.html`` needs; ``household`` read through ``browsing.household_get`` with
    ``scope`` (so neither the section nor the form's cadres read it a second time).

    ``forms=False`` (the household page) leaves the recording forms out: each folded form is fetched when it is
    opened (``record_form``: htmx, or a page of its own without JavaScript), so a page view does not build and
    render forms that most views never use."""
    data = browsing.household_programme(scope=scope, household=household, checked=True)
    if data is None:
        return None
    may_record = scope.may_record_visits
    if not forms:
        return {
            "household_code": household.code,
            "programme": data,
            "may_record": may_record,
            "plan_year": timezone.localdate().year,
            "request": request,
        }
    cadres = _visit_cadres(request, scope, household) if may_record else None
    return {
        "household_code": household.code,
        "programme": data,
        "may_record": may_record,
        "has_cadres": bool(cadres is not None and cadres.exists()),
        "visit_form": visit_form
        or (VisitForm(cadres=cadres, own_cadre=_own_cadre(request.user)) if may_record else None),
        "measure_form": measure_form or (MeasureForm() if may_record else None),
        "plan_year": timezone.localdate().year,
        "error": error,
        "saved": saved,
        "request": request,
    }


def _recordable_household(request: HttpRequest, household_code: str) -> tuple[Scope, Household]:
    """The household if in scope (else 404) and the user may record (else 403, e.g. inspectors)."""
    scope = scope_for(request.user)
    household = browsing.household_get(scope=scope, code=household_code)
    if household is None:
        raise Http404(_("No such household in your scope."))
    if not scope.may_record_visits:
        raise PermissionDenied(_("Your role may read but not record visits or measures."))
    return scope, household


def _answer(
    request: HttpRequest, scope: Scope, household: Household, *, saved: str = "", **forms
) -> HttpResponse:
    """htmx: the re-rendered section. Otherwise: back to the household page when saved, or a page with
    the forms and their errors (status 400)."""
    if saved and not request.htmx:
        messages.success(request, saved)
        return redirect(reverse("household-detail", args=[household.code]) + "#programme-household")
    context = household_panel_context(request, scope, household, saved=saved, **forms)
    if request.htmx:
        return render(request, PANEL, context)
    return render(request, "web/programme/household_forms.html", context, status=400)


def _visit_cadres(request: HttpRequest, scope: Scope, household: Household):
    """The cadres the form offers: those posted here, or only the user's own cadre when their role may not
    record in another cadre's name (``services.visit_record`` enforces the same)."""
    cadres = browsing.visit_cadres(scope=scope, household=household, checked=True)  # read in scope by callers
    if scope.may_record_visits_for_others:
        return cadres
    own = _own_cadre(request.user)
    return cadres.filter(pk=own.pk) if own is not None else cadres.none()


def _own_cadre(user):
    """The cadre (帮扶干部) the signed-in account belongs to, if its profile names one."""
    profile = getattr(user, "profile", None)
    return profile.cadre if profile is not None else None


#: The recording forms a household's section folds, by the name ``record_form`` takes (``?form=``).
RECORD_FORMS = {"visit": "web/programme/_visit_form.html", "measure": "web/programme/_measure_form.html"}


@require_GET
def record_form(request: HttpRequest, household_code: str) -> HttpResponse:
    """One folded recording form of the household's section (``?form=visit`` or ``measure``), fetched when it
    is opened: htmx gets the form alone; without JavaScript, a page with the section and that form open
    (without ``?form=``: the section with both forms)."""
    scope, household = _recordable_household(request, household_code)
    form = request.GET.get("form", "")
    if form and form not in RECORD_FORMS:
        raise Http404(_("No such form."))
    context = household_panel_context(request, scope, household)
    if request.htmx and form:
        return render(request, RECORD_FORMS[form], context)
    return render(request, "web/programme/household_forms.html", {**context, "open_form": form})


@require_POST
def visit_new(request: HttpRequest, household_code: str) -> HttpResponse:
    scope, household = _recordable_household(request, household_code)
    form = VisitForm(request.POST, cadres=_visit_cadres(request, scope, household))
    if not form.is_valid():
        return _answer(request, scope, household, visit_form=form)
    data = form.cleaned_data
    try:
        services.visit_record(
            household=household,
            cadre=data["cadre"],
            date=data["date"],
            notes=data["notes"],
            findings=data["findings"],
            user=request.user,
        )
    except ApplicationError as error:
        return _answer(request, scope, household, visit_form=form, error=str(error))
    return _answer(request, scope, household, saved=_("Visit recorded."))


@require_POST
def measure_new(request: HttpRequest, household_code: str) -> HttpResponse:
    scope, household = _recordable_household(request, household_code)
    form = MeasureForm(request.POST)
    if not form.is_valid():
        return _answer(request, scope, household, measure_form=form)
    try:
        measure = services.household_measure_add(actor=request.user, household=household, **form.cleaned_data)
    except ApplicationError as error:
        return _answer(request, scope, household, measure_form=form, error=str(error))
    saved = _("Measure added to the %(year)s plan.") % {"year": measure.plan.year}
    return _answer(request, scope, household, saved=saved)
