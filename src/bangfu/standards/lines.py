"""The poverty line (贫困线 / 收入线): the one reading of a standard's income line, for every page and chart.

A line is policy, so it is data with a source: the ``line`` parameter of the shipped standard files
(``standards/data/cn-2020.toml``: the national line of 2,300 yuan at 2010 prices, 4,000 in 2020;
``gd-2016.toml``: Guangdong's 7,365; ``monitoring.toml``: the monitoring line), each with the document it comes
from. The compiled rules read the same parameter (``Parameter.resolve``); this module gives Python its values
by year, for one region (the longest division-code prefix with its own value wins, else the national value).
Callers: the dashboard (``indicators.bands``), the household page (``registry.selectors``). Pure Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bangfu.standards.files import load_standard, shipped_standard_ids

#: The kinds of standard whose ``line`` is a household income line.
INCOME_LINE_KINDS = ("household_exit", "monitoring")


@dataclass(frozen=True)
class PovertyLine:
    """A standard's income line (``line`` parameter) by year, in yuan per person and year."""

    standard_id: str
    title: str
    values: dict[int, float]

    def at(self, year: int) -> tuple[int, float] | None:
        """The line of ``year``, else of the latest earlier year it has; ``(year, value)`` or None."""
        known = [y for y in self.values if y <= year]
        return (max(known), self.values[max(known)]) if known else None


def line_at(parameter, year: int, division_code: str = "") -> object | None:
    """The line of ``year`` where ``division_code`` lies, as the file writes it: the longest region prefix with a
    value of its own, else the national value; None when the standard has no line that year."""
    regions = [region for region in parameter.regions() if division_code.startswith(region)] + [""]
    return next((parameter.value(year, r) for r in regions if parameter.value(year, r) is not None), None)


def line_value(parameter, year: int, division_code: str = "") -> float | None:
    """``line_at`` as a number of yuan (float), for charts and comparisons."""
    found = line_at(parameter, year, division_code)
    return None if found is None else float(found)


def poverty_lines(
    *,
    kinds: Iterable[str] = INCOME_LINE_KINDS,
    division_code: str = "",
    years: Iterable[int] | None = None,
) -> tuple[PovertyLine, ...]:
    """The income line of each shipped standard of ``kinds``, for ``years`` (default: the years the file names).

    ``division_code``: the place the lines are for ('' = the national values). Standards without a line in any
    of the years are left out.
    """
    kinds = tuple(kinds)
    lines = []
    for standard_id in shipped_standard_ids():
        standard = load_standard(standard_id)
        parameter = standard.parameters.get("line")
        if standard.kind not in kinds or parameter is None:
            continue
        wanted = parameter.years() if years is None else years
        values = {
            year: value
            for year in wanted
            if (value := line_value(parameter, year, division_code)) is not None
        }
        if values:
            lines.append(PovertyLine(standard.id, standard.title, values))
    return tuple(lines)
