"""Number formatting for reports: thousands separators and percentages."""

from django import template

register = template.Library()


@register.filter
def thousands(value) -> str:
    return "—" if value is None else f"{value:,}"


@register.filter
def percent(value) -> str:
    """0.5 → 50%, 0.98765 → 98.77%."""
    if value is None:
        return "—"
    text = f"{value * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


@register.filter
def percent_of(part, whole) -> str:
    return "—" if not whole else percent(part / whole)
