"""Template helpers shared by every page: charts, masked personal data, numbers and labels of codes.

Numbers: ``{{ x|yuan }}`` (``4,000``; ``1,234.50``), ``{{ x|amount }}`` (``12.35万``, ``1.2亿``),
``{{ share|percent }}`` (``12.3%``): the functions of ``bangfu.core.numbers``, also used by charts and exports.
Labels: ``{{ run.standard|standard_title }}`` (a standard's title, never its id), ``{{ key|category_label }}``
(a monitoring category). Links: ``{% link 'household-detail' row.code %}`` is ``{% url %}`` from a pattern
reversed once (``bangfu.web.links``), for links repeated on every row of a list.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join, json_script
from django.utils.translation import gettext as _

from bangfu.core import labels, numbers
from bangfu.core.personal_data import mask_id_number, mask_phone
from bangfu.monitoring import categories
from bangfu.web import links

register = template.Library()


@register.simple_tag(name="link")
def link(name: str, *args) -> str:
    """``{% link 'name' arg %}``: what ``{% url 'name' arg %}`` gives, without walking the URL resolver."""
    return links.link(name, *args)


@register.simple_tag
def chart(element_id: str, options: dict, height: str = "20rem", label: str = ""):
    """An ECharts chart: a sized box plus its option object as JSON; static/web/charts.js draws it. Beside it,
    folded in a ``<details>``, the same figures as a table (``chart_table``): for screen readers, for people
    who want the numbers, and for print.

    Options are built in Python (pages' selectors), so every chart is drawn by the same small script. The
    height is a data attribute that the script applies: the Content-Security-Policy forbids ``style=``.
    """
    return format_html(
        '<div class="chart" id="{}" data-chart="{}-options" data-height="{}" role="img" aria-label="{}"></div>{}{}',
        element_id,
        element_id,
        height,
        label,
        json_script(options, f"{element_id}-options"),
        chart_table(element_id, options, label),
    )


def _figure(value) -> str:
    if isinstance(value, dict):
        value = value.get("value")
    if isinstance(value, list | tuple):  # [x, y] pairs: the y
        value = value[-1] if value else None
    if value is None or value == "":
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def _category_axis(options: dict) -> dict | None:
    for name in ("xAxis", "yAxis"):
        for axis in options.get(name) if isinstance(options.get(name), list) else [options.get(name) or {}]:
            if axis.get("type") == "category" and axis.get("data") is not None:
                return axis
    return None


def chart_rows(options: dict) -> tuple[list[str], list[list[str]]]:
    """The figures a chart's options draw: the column headings (series) and rows (category, then one figure
    per series). Charts over a category axis give a row per category; pies and others without one give a
    row per named data item."""
    series = [item for item in options.get("series") or [] if isinstance(item, dict)]
    axis = _category_axis(options)
    if axis is not None:
        categories = [c.get("value") if isinstance(c, dict) else c for c in axis["data"]]
        names = [str(item.get("name", "")) for item in series]
        columns = [list(item.get("data") or []) for item in series]
        rows = [
            [str(category), *(_figure(data[i] if i < len(data) else None) for data in columns)]
            for i, category in enumerate(categories)
        ]
        return names, rows
    rows = [
        [str(point.get("name", "")), _figure(point)]
        for item in series
        for point in item.get("data") or []
        if isinstance(point, dict)
    ]
    return [str(series[0].get("name", "")) if series else ""], rows


def chart_table(element_id: str, options: dict, label: str = ""):
    """The chart's figures as a table in a folded ``<details>`` (the chart's accessible alternative)."""
    names, rows = chart_rows(options)
    if not rows:
        return ""
    head = format_html_join("", '<th scope="col" class="num">{}</th>', ((name,) for name in names))
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        (
            (
                format_html(
                    '<th scope="row">{}</th>{}',
                    row[0],
                    format_html_join("", '<td class="num">{}</td>', ((cell,) for cell in row[1:])),
                ),
            )
            for row in rows
        ),
    )
    return format_html(
        '<details class="chart-table" id="{}-table"><summary>{}</summary><div class="table-wrap"><table>'
        '{}<thead><tr><th scope="col">{}</th>{}</tr></thead><tbody>{}</tbody></table></div></details>',
        element_id,
        _("The chart's figures as a table"),
        format_html("<caption>{}</caption>", label) if label else "",
        _("Category"),
        head,
        body,
    )


@register.filter
def masked_id_number(value: str | None) -> str:
    return mask_id_number(value)


@register.filter
def masked_phone(value: str | None) -> str:
    return mask_phone(value)


register.filter("yuan", numbers.yuan)
register.filter("amount", numbers.amount)
register.filter("percent", numbers.percent)


@register.filter
def standard_title(standard_id: str, stored: str = "") -> str:
    """A standard's title (``gd-2016`` → 广东省…); the run's stored title, or the id, for one not shipped."""
    return labels.standard_title(standard_id, stored)


@register.filter
def category_label(key: str) -> str:
    return categories.category_label(key)
