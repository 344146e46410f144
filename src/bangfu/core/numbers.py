"""Numbers as people read them (数字的显示): one place for every page, chart and export that shows money or shares.

- ``yuan``: an amount in yuan with thousands separators, without ``.00`` when whole (``4,000``; ``1,234.50``).
- ``amount``: a large sum as Chinese reports write it: 万 from 10,000 and 亿 from 100,000,000, with at most two
  decimals and no trailing zero (``12.35万``, ``1.2亿``); below 10,000 as ``yuan``. In English the same
  figure is written in thousands, millions and billions (``123.5 thousand``, ``1.23 million``).
- ``percent``: a share (0.1234) as a percentage with one decimal (``12.3%``).
- ``scale_for``: the divisor and unit a chart's axis uses for a list of amounts (元, 万元 or 亿元), so that its
  numbers stay short.

Templates use the filters of ``bangfu.web.templatetags.web`` (``yuan``, ``amount``, ``percent``), which call these.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import get_language
from django.utils.translation import gettext as _

EMPTY = "—"
WAN = Decimal(10_000)
YI = Decimal(100_000_000)


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _places(number: Decimal, places: int) -> str:
    """``number`` rounded half up to ``places`` decimals, separators, no trailing zeros after the point."""
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def yuan(value) -> str:
    """``4000`` → ``4,000``; ``1234.5`` → ``1,234.50``; nothing → ``—``."""
    number = _decimal(value)
    if number is None:
        return EMPTY
    rounded = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return f"{rounded:,.0f}"
    return f"{rounded:,.2f}"


def _chinese() -> bool:
    return (get_language() or "zh-hans").lower().startswith("zh")


def amount(value) -> str:
    """A sum in yuan as a figure: ``123456`` → ``12.35万``, ``120000000`` → ``1.2亿`` (English: thousands,
    millions, billions); below 10,000 as ``yuan``."""
    number = _decimal(value)
    if number is None:
        return EMPTY
    size = abs(number)
    if _chinese():
        if size >= YI:
            return _places(number / YI, 2) + "亿"
        if size >= WAN:
            return _places(number / WAN, 2) + "万"
        return yuan(number)
    for divisor, word in ((10**9, _("billion")), (10**6, _("million")), (10**4, _("thousand"))):
        if size >= divisor:
            shown = number / (divisor if divisor != 10**4 else 1000)
            return f"{_places(shown, 2)} {word}"
    return yuan(number)


def percent(value, *, places: int = 1) -> str:
    """A share as a percentage with one decimal: ``0.1234`` → ``12.3%``; nothing → ``—``."""
    number = _decimal(value)
    if number is None:
        return EMPTY
    rounded = (number * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:.{places}f}%"


def scale_for(values) -> tuple[int, str]:
    """(divisor, unit) for a chart of amounts in yuan: 亿元 when the largest is at least 1亿, 万元 from 1万."""
    largest = max((abs(float(v)) for v in values if v is not None), default=0)
    if largest >= 100_000_000:
        return 100_000_000, _("100 million yuan")
    if largest >= 10_000:
        return 10_000, _("10,000 yuan")
    return 1, _("yuan")


def scaled(values, divisor: int) -> list[float | None]:
    """Amounts divided by a chart's ``divisor``, with two decimals (numbers, for the chart's data)."""
    return [None if v is None else round(float(v) / divisor, 2) for v in values]
