"""ECharts options of the dashboard's charts, built in Python from ``selectors.Dashboard``.

Options are plain JSON (no JavaScript functions), drawn by ``web/static/web/charts.js`` through the
``{% chart %}`` template tag. Labels are translated in the request's language when the options are built.
"""

from __future__ import annotations

from itertools import pairwise

from django.utils.translation import gettext as _

from bangfu.core.labels import line_label
from bangfu.indicators.bands import GUARANTEE_CRITERIA, INCOME_BAND_EDGES, poverty_lines
from bangfu.indicators.selectors import Dashboard, IncidenceBand

COLOURS = {
    "exited": "#1a7f37",
    "remaining": "#b42318",
    "exited_people": "#7cc48a",
    "remaining_people": "#f19a8e",
    "income": "#1f6feb",
    "below": "#b42318",
    "above": "#1f6feb",
}
LINE_COLOURS = ("#9a6700", "#8250df", "#616e7c")
GAP_COLOURS = {"education": "#1f6feb", "medical": "#1a7f37", "housing": "#9a6700", "water": "#8250df"}
INCIDENCE_COLOURS = ("#1a7f37", "#7cc48a", "#f2c94c", "#f2994a", "#b42318")


def _base(**extra) -> dict:
    """What every chart shares: a tooltip, a legend that scrolls on phones, labels kept inside the grid."""
    return {
        "animation": False,
        "tooltip": {"trigger": "axis", "confine": True},
        "legend": {"type": "scroll", "top": 0},
        "grid": {"left": 8, "right": 16, "top": 56, "bottom": 8, "containLabel": True},
        **extra,
    }


def guarantee_titles() -> dict[str, str]:
    return {
        "education": _("Compulsory education"),
        "medical": _("Basic medical insurance"),
        "housing": _("Housing safety"),
        "water": _("Safe drinking water"),
    }


def status_chart(dashboard: Dashboard) -> dict:
    """Registered households and people by status (exited, not yet exited), year by year."""
    years = [year for year in dashboard.years if year.households_registered]
    series = [
        (_("Households exited"), "households", "households_exited", "exited"),
        (_("Households not yet exited"), "households", "households_remaining", "remaining"),
        (_("People exited"), "people", "people_exited", "exited_people"),
        (_("People not yet exited"), "people", "people_remaining", "remaining_people"),
    ]
    return _base(
        xAxis={"type": "category", "data": [str(year.year) for year in years]},
        yAxis={"type": "value"},
        series=[
            {
                "name": name,
                "type": "bar",
                "stack": stack,
                "itemStyle": {"color": COLOURS[colour]},
                "data": [getattr(year, field) for year in years],
            }
            for name, stack, field, colour in series
        ],
    )


def income_chart(dashboard: Dashboard) -> dict:
    """Per-capita net income of registered households by year, and each standard's poverty line."""
    years = [year for year in dashboard.years if year.income_people]
    labels = [str(year.year) for year in years]
    series = [
        {
            "name": _("Per-capita net income"),
            "type": "line",
            "itemStyle": {"color": COLOURS["income"]},
            "data": [round(year.income_per_capita) for year in years],
        }
    ]
    for line, colour in zip(poverty_lines(), LINE_COLOURS, strict=False):
        series.append(
            {
                "name": line_label(line.standard_id),
                "type": "line",
                "step": "middle",
                "symbol": "none",
                "lineStyle": {"type": "dashed", "color": colour},
                "itemStyle": {"color": colour},
                "data": [line.values.get(year.year) for year in years],
            }
        )
    return _base(
        xAxis={"type": "category", "data": labels},
        yAxis={"type": "value", "name": _("yuan per person"), "nameTextStyle": {"align": "left"}},
        series=series,
    )


def band_labels() -> list[str]:
    edges = INCOME_BAND_EDGES
    labels = [_("under %(amount)s") % {"amount": f"{edges[1]:,}"}]
    labels += [f"{lower:,}–{upper - 1:,}" for lower, upper in pairwise(edges[1:])]
    return [*labels, _("%(amount)s and over") % {"amount": f"{edges[-1]:,}"}]


def distribution_chart(dashboard: Dashboard) -> dict:
    """Registered households by per-capita net income band in the latest year with incomes.

    Bands wholly below the highest poverty line of that year are drawn in red.
    """
    year = dashboard.latest_income.year if dashboard.latest_income else None
    lines = [line.at(year) for line in poverty_lines()] if year else []
    highest = max((value for _, value in filter(None, lines)), default=None)
    upper_edges = [*INCOME_BAND_EDGES[1:], None]
    bands = dashboard.income_bands or [(edge, 0, 0) for edge in INCOME_BAND_EDGES]
    data = [
        {
            "value": households,
            "itemStyle": {
                "color": COLOURS["below"] if highest and upper and upper <= highest else COLOURS["above"]
            },
        }
        for (_edge, households, _people), upper in zip(bands, upper_edges, strict=True)
    ]
    return _base(
        legend={"show": False},
        xAxis={"type": "category", "data": band_labels(), "axisLabel": {"rotate": 45}},
        yAxis={"type": "value", "name": _("number of households"), "nameTextStyle": {"align": "left"}},
        series=[{"name": _("Households"), "type": "bar", "data": data}],
    )


def gaps_chart(dashboard: Dashboard) -> dict:
    """Households failing each guarantee in their village's latest exit assessment, by county/town/village."""
    groups = dashboard.gaps.groups if dashboard.gaps else ()
    titles = guarantee_titles()
    return _base(
        tooltip={"trigger": "axis", "confine": True, "axisPointer": {"type": "shadow"}},
        xAxis={"type": "value", "minInterval": 1},
        yAxis={"type": "category", "inverse": True, "data": [group.name for group in groups]},
        series=[
            {
                "name": titles[criterion],
                "type": "bar",
                "itemStyle": {"color": GAP_COLOURS[criterion]},
                "data": [group.gaps[criterion] for group in groups],
            }
            for criterion in GUARANTEE_CRITERIA
        ],
    )


def incidence_label(band: IncidenceBand) -> str:
    def percent(value: float) -> str:
        return f"{value * 100:g}%"

    if band.upper == 0:
        return _("none left")
    if band.lower == 0:
        return _("under %(limit)s") % {"limit": percent(band.upper)}
    if band.upper is None:
        return _("%(limit)s and over") % {"limit": percent(band.lower)}
    return f"{percent(band.lower)}–{percent(band.upper)}"


def incidence_chart(dashboard: Dashboard) -> dict:
    """Villages by poverty incidence band, year by year (stacked)."""
    years = sorted(dashboard.incidence[0].villages) if dashboard.incidence else []
    return _base(
        xAxis={"type": "category", "data": [str(year) for year in years]},
        yAxis={
            "type": "value",
            "name": _("number of villages"),
            "minInterval": 1,
            "nameTextStyle": {"align": "left"},
        },
        series=[
            {
                "name": incidence_label(band),
                "type": "bar",
                "stack": "villages",
                "itemStyle": {"color": colour},
                "data": [band.villages[year] for year in years],
            }
            for band, colour in zip(dashboard.incidence, INCIDENCE_COLOURS, strict=False)
        ],
    )


def dashboard_charts(dashboard: Dashboard) -> dict[str, dict]:
    """Every chart's options, by name (the page's element ids are ``chart-<name>``)."""
    return {
        "status": status_chart(dashboard),
        "income": income_chart(dashboard),
        "distribution": distribution_chart(dashboard),
        "gaps": gaps_chart(dashboard),
        "incidence": incidence_chart(dashboard),
    }
