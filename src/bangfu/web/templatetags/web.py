"""Template helpers shared by every page: charts, masked personal data, numbers and labels of codes.

Numbers: ``{{ x|yuan }}`` (``4,000``; ``1,234.50``), ``{{ x|amount }}`` (``12.35万``, ``1.2亿``),
``{{ share|percent }}`` (``12.3%``): the functions of ``bangfu.core.numbers``, also used by charts and exports.
Labels: ``{{ run.standard|standard_title }}`` (a standard's title, never its id), ``{{ key|category_label }}``
(a monitoring category).
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, json_script

from bangfu.core import labels, numbers
from bangfu.core.personal_data import mask_id_number, mask_phone

register = template.Library()


@register.simple_tag
def chart(element_id: str, options: dict, height: str = "20rem", label: str = ""):
    """An ECharts chart: a sized box plus its option object as JSON; static/web/charts.js draws it.

    Options are built in Python (pages' selectors), so every chart is drawn by the same small script. The
    height is a data attribute that the script applies: the Content-Security-Policy forbids ``style=``.
    """
    return format_html(
        '<div class="chart" id="{}" data-chart="{}-options" data-height="{}" role="img" aria-label="{}"></div>{}',
        element_id,
        element_id,
        height,
        label,
        json_script(options, f"{element_id}-options"),
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
    return labels.category_label(key)
