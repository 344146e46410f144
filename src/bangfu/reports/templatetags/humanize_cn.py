"""Number formatting for reports: thousands separators and percentages."""

from django import template

register = template.Library()


@register.filter
def thousands(value) -> str:
    return "—" if value is None else f"{value:,}"


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{value * 100:.0f}%" if value in (0, 1) else f"{value * 100:.2f}%"


@register.filter
def percent_of(part, whole) -> str:
    return "—" if not whole else percent(part / whole)
