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


def _trimmed(value: float, places: int) -> str:
    return f"{value:.{places}f}".rstrip("0").rstrip(".")


@register.filter
def yi(amount) -> str:
    """Yuan in 亿元 up to two decimals (3,450,000,000 → 34.5亿元), or 万元 below 1亿 (4,500,001 → 450万元)."""
    if amount is None:
        return "—"
    if amount >= 10**8:
        return _trimmed(amount / 1e8, 2) + "亿元"
    return _trimmed(amount / 1e4, 2) + "万元"


@register.filter
def yi_about(amount) -> str:
    """Yuan the way a summary rounds it: 9,496,800,000 → 约95亿元; below 1亿 in whole 万元 (约450万元)."""
    if amount is None:
        return "—"
    if amount >= 10**8:
        return f"约{int(amount / 1e8 + 0.5)}亿元"
    return f"约{int(amount / 1e4 + 0.5)}万元"


@register.filter
def billion(amount) -> str:
    """Yuan in billions, up to two decimals: 3,450,000,000 → 3.45."""
    return "—" if amount is None else _trimmed(amount / 1e9, 2)


@register.filter
def billion_about(amount) -> str:
    """Yuan in billions to one decimal: 9,496,800,000 → 9.5."""
    return "—" if amount is None else f"{amount / 1e9:.1f}"


@register.filter
def wan_yu(count) -> str:
    """A count the way summaries round it down: 3,046,800 → 304万余; 12,460 → 1.2万余; 746 → 746."""
    if count is None:
        return "—"
    if count >= 1_000_000:
        whole, rest = divmod(count, 10_000)
        return f"{whole}万" + ("余" if rest else "")
    if count >= 10_000:
        tenths, rest = divmod(count, 1_000)
        return _trimmed(tenths / 10, 1) + "万" + ("余" if rest else "")
    return str(count)


@register.filter
def grade_runs(grades) -> list[dict]:
    """Consecutive years with the same grade: {"2016": "好", …, "2019": "好"} → [{first, last, grade, years}]."""
    runs: list[dict] = []
    for year, grade in sorted(((int(year), grade) for year, grade in (grades or {}).items())):
        if runs and runs[-1]["grade"] == grade and runs[-1]["last"] == year - 1:
            runs[-1]["last"] = year
            runs[-1]["years"] += 1
        else:
            runs.append({"first": year, "last": year, "grade": grade, "years": 1})
    return runs
