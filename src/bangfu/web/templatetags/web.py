"""Template helpers shared by every page: charts and masked personal data."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, json_script

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
