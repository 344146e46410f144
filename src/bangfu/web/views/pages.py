"""The front page (首页, the dashboard) and the health endpoint."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from bangfu.accounts.scope import scope_for
from bangfu.core.labels import standard_title
from bangfu.core.numbers import percent
from bangfu.indicators.bands import poverty_lines
from bangfu.indicators.charts import dashboard_charts, guarantee_titles
from bangfu.indicators.selectors import Dashboard, dashboard
from bangfu.indicators.services import figures_ensure


def home(request: HttpRequest) -> HttpResponse:
    """Key figures and charts of the user's scope, from the pre-aggregated figures (``bangfu.indicators``)."""
    scope = scope_for(request.user)
    figures_ensure()
    board = dashboard(scope)
    context = {
        "board": board,
        "figures": key_figures(board),
        "lines": line_comparisons(board),
        "charts": dashboard_charts(board) if board.years else {},
        "gap_level": board.gaps.level if board.gaps else "",
        "gap_runs": board.gaps.runs if board.gaps else (),
        "guarantees": guarantee_titles(),
        "has_scope": scope.role is not None,
    }
    return render(request, "web/home.html", context)


def _number(value: int | float | None) -> str:
    return "–" if value is None else f"{round(value):,}"


def key_figures(board: Dashboard) -> dict[str, str]:
    """The key figures of the latest year, formatted with digit grouping."""
    latest, income = board.latest, board.latest_income
    if latest is None:
        return {}
    incidence = latest.incidence
    return {
        "year": latest.year,
        "villages": _number(latest.villages),
        "poor_villages": _number(latest.poor_villages),
        "poor_villages_exited": _number(latest.poor_villages_exited),
        "households": _number(latest.households_registered),
        "households_exited": _number(latest.households_exited),
        "households_remaining": _number(latest.households_remaining),
        "people": _number(latest.people_registered),
        "people_exited": _number(latest.people_exited),
        "people_remaining": _number(latest.people_remaining),
        "income_year": income.year if income else "",
        "income": _number(income.income_per_capita if income else None),
        "incidence": "–" if incidence is None else percent(incidence),
    }


def line_comparisons(board: Dashboard) -> list[dict]:
    """The latest per-capita income against each standard's line (of that year, else its latest year)."""
    income = board.latest_income
    if income is None or income.income_per_capita is None:
        return []
    comparisons = []
    for line in poverty_lines():
        found = line.at(income.year)
        if found:
            year, value = found
            comparisons.append(
                {
                    "standard": standard_title(line.standard_id),
                    "year": year,
                    "value": _number(value),
                    "ratio": f"{income.income_per_capita / value:.1f}",
                }
            )
    return comparisons


@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    """For monitoring: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
