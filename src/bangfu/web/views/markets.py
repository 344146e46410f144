"""The employment and consumption page (/markets/, 就业帮扶、消费帮扶): figures, charts, the wage effect, and
the forms for township officers and assisting units to add a course, a trainee, a placement or a sale.

Reads go through ``bangfu.markets.selectors`` (scoped); each form is one action of ``bangfu.markets.services``
(``training_course_add``, ``trainee_add``, ``placement_add``, ``sale_add``), which finds the referenced records
(the course's division, a course, a member, a product) within the user's scope.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangfu.accounts.scope import Scope, scope_for
from bangfu.core.errors import ApplicationError
from bangfu.markets import selectors, services
from bangfu.markets.choices import Channel, Destination
from bangfu.web.forms.markets import FORMS
from bangfu.web.views.markets_lists import LISTS
from bangfu.web.views.programme import bar_chart, money_series

PANEL = "web/markets/forms_panel.html"


def markets_charts(scope: Scope) -> list[dict]:
    charts = []
    table = selectors.sales_by_channel_and_year(scope=scope)
    if table:
        years = sorted({year for by_year in table.values() for year in by_year})
        series, unit = money_series(
            [
                (channel, [table[channel].get(year) for year in years])
                for channel in Channel.values
                if channel in table
            ]
        )
        charts.append({
            "id": "markets-sales", "label": _("Sales by channel and year"),
            "options": bar_chart([str(y) for y in years], series, unit, stack=True),
        })  # fmt: skip
    placed = selectors.placements_by_destination(scope=scope)
    if placed:
        charts.append({
            "id": "markets-destinations", "label": _("Placements by destination"),
            "options": bar_chart(
                list(Destination.values), [{"name": _("Placements"), "data": [placed.get(d, 0) for d in Destination.values]}],
                _("placements"), counts=True,
            ),
        })  # fmt: skip
    return charts


def forms_context(scope: Scope, *, forms: dict | None = None, error: str = "", saved: str = "") -> dict:
    if not scope.may_record_markets:
        return {"may_record": False}
    forms = forms or {}
    return {
        "may_record": True,
        "forms": {name: forms.get(name) or form_class() for name, form_class in FORMS.items()},
        "open": next(iter(forms), ""),
        "error": error,
        "saved": saved,
    }


def markets_overview(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    context = {
        "summary": selectors.summary(scope=scope),
        "charts": markets_charts(scope),
        "effect": selectors.wage_effect(scope=scope),
        "lists": LISTS,
        "has_scope": scope.role is not None,
    } | forms_context(scope)
    return render(request, "web/markets/overview.html", context)


def _answer(request: HttpRequest, scope: Scope, name: str, form, *, error: str = "", saved: str = ""):
    if saved and not request.htmx:
        messages.success(request, saved)
        return redirect(reverse("markets-overview") + "#markets-forms")
    context = forms_context(scope, forms={} if saved else {name: form}, error=error, saved=saved)
    if request.htmx:
        return render(request, PANEL, context)
    return render(request, "web/markets/forms_page.html", context, status=400)


def _recorder(request: HttpRequest) -> Scope:
    scope = scope_for(request.user)
    if not scope.may_record_markets:
        raise PermissionDenied(_("Your role may read but not record employment or consumption records."))
    return scope


@require_POST
def record_new(request: HttpRequest, name: str) -> HttpResponse:
    """Add a course, a trainee, a placement or a sale (``name``), through the markets service of that action."""
    scope = _recorder(request)
    if name not in FORMS:
        raise Http404
    form = FORMS[name](request.POST)
    if not form.is_valid():
        return _answer(request, scope, name, form)
    try:
        saved = RECORDERS[name](request.user, form.cleaned_data)
    except ApplicationError as error:
        return _answer(request, scope, name, form, error=str(error))
    return _answer(request, scope, name, form, saved=saved)


def _course(user, data: dict) -> str:
    course = services.training_course_add(actor=user, **data)
    return _("Training course %(code)s recorded.") % {"code": course.code}


def _trainee(user, data: dict) -> str:
    trainee = services.trainee_add(actor=user, **data)
    return _("Trainee added to %(code)s.") % {"code": trainee.course.code}


def _placement(user, data: dict) -> str:
    services.placement_add(actor=user, **data)
    return _("Placement recorded.")


def _sale(user, data: dict) -> str:
    services.sale_add(actor=user, **data)
    return _("Sale recorded.")


RECORDERS = {"course": _course, "trainee": _trainee, "placement": _placement, "sale": _sale}
