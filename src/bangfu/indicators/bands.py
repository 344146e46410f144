"""The dashboard's reference values: income bands, incidence bands, poverty lines and guarantee criteria.

Poverty lines and the incidence limit are read from the shipped standard files (``standards/data``) through
the standards package, never typed here. Band edges are presentation choices, not rules; they are kept in one
place so that the refresh (which counts households per band) and the charts (which label the bands) agree.
"""

from __future__ import annotations

from functools import cache

from bangfu.standards import load_standard
from bangfu.standards.lines import PovertyLine
from bangfu.standards.lines import poverty_lines as income_lines

#: Lower edges of the per-capita net income bands (yuan per person and year) of the distribution chart: 2,000
#: yuan wide up to 30,000, then one open band. Incomes below the first edge (also negative ones) fall in it.
INCOME_BAND_EDGES: tuple[int, ...] = tuple(range(0, 30_001, 2_000))

#: The exit criteria that are the three guarantees and safe water (三保障 + 饮水安全), by the criterion ids
#: the shipped exit standards use (standards/data/cn-2020.toml, gd-2016.toml: [criteria.education] etc.).
GUARANTEE_CRITERIA: tuple[str, ...] = ("education", "medical", "housing", "water")

#: Upper edges of the incidence bands beyond the exit limit (fractions); the exit limit itself comes from
#: the national standard's ``incidence_limit`` (2 %), so the first bands read "0", "below the limit".
INCIDENCE_EDGES_ABOVE_LIMIT: tuple[float, ...] = (0.05, 0.10)

#: The standard whose village exit limit (``incidence_limit``) splits the incidence chart.
INCIDENCE_STANDARD = "cn-2020"


@cache
def poverty_lines() -> tuple[PovertyLine, ...]:
    """The national income lines of the shipped household exit standards (e.g. 4,000 and Guangdong 7,365),
    read by the one definition (``standards.lines``)."""
    return income_lines(kinds=("household_exit",))


@cache
def incidence_edges() -> tuple[float, ...]:
    """Upper edges of the incidence bands after the zero band: the exit limit, then 5 % and 10 %."""
    limit = float(load_standard(INCIDENCE_STANDARD).parameters["incidence_limit"].value(0))
    return (limit, *(edge for edge in INCIDENCE_EDGES_ABOVE_LIMIT if edge > limit))
