"""A standard (标准): its criteria and parameters, and the queries compiled from them.

Standards are read from files by ``files.load_standard``; this module holds what a loaded standard is. Its
query methods compile to SQL over the snapshot (``CompiledQuery``) and never evaluate anything in Python.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bangfu.codes.area import Area
from bangfu.standards import assessments, indices, quality
from bangfu.standards.errors import StandardError
from bangfu.standards.features import HOUSEHOLD
from bangfu.standards.language import Rule
from bangfu.standards.parameters import Parameter
from bangfu.standards.query import CompiledQuery
from bangfu.standards.scope import check_area

HOUSEHOLD_EXIT, MONITORING, QUALITY, MPI = "household_exit", "monitoring", "quality", "mpi"
KIND_TITLES = {
    HOUSEHOLD_EXIT: "贫困户退出标准",
    MONITORING: "防止返贫监测标准",
    QUALITY: "数据质量核查",
    MPI: "多维贫困指数",
}


@dataclass(frozen=True)
class Criterion:
    """One criterion (条件): an id such as ``income``, a Chinese title and its rule's text.

    Data-quality checks also have a ``level`` (``household`` or ``member``) and a Chinese ``message``; MPI
    indicators have an integer ``weight`` and a ``dimension``.
    """

    id: str
    title: str
    expression: str
    level: str = HOUSEHOLD
    message: str = ""
    weight: int | None = None
    dimension: str = ""
    line: int | None = field(default=None, compare=False)
    rule: Rule | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Mpi:
    """Alkire–Foster settings: deprivation weights are integers over ``denominator``; poor when score ≥ cutoff."""

    denominator: int
    cutoff: int
    indicators: tuple[Criterion, ...]

    @property
    def weights(self) -> dict[str, int]:
        return {indicator.id: indicator.weight for indicator in self.indicators}

    @property
    def titles(self) -> dict[str, str]:
        return {indicator.id: indicator.title for indicator in self.indicators}

    @property
    def dimensions(self) -> dict[str, str]:
        return {indicator.id: indicator.dimension for indicator in self.indicators}


@dataclass(frozen=True)
class Standard:
    id: str
    kind: str
    title: str
    source: str
    content_hash: str
    file: str
    path: Path | None
    criteria: tuple[Criterion, ...]
    village_criteria: tuple[Criterion, ...] = ()
    parameters: Mapping[str, Parameter] = field(default_factory=dict, hash=False)
    precedence: tuple[str, ...] = ()
    mpi: Mpi | None = None
    #: Monitoring: when a household cannot be screened (no income record …): result ``missing``, not ``clear``.
    data_missing: Criterion | None = None
    #: Quality: the monitoring standard's ``line`` parameter, which case-level checks read (``files.py`` loads it
    #: with the standard, so that the compiler never loads a file).
    monitoring_line: Parameter | None = field(default=None, hash=False, compare=False)

    @property
    def years(self) -> tuple[int, ...] | None:
        """Years with a national value of every yearly parameter; None when no parameter depends on the year."""
        yearly = [parameter for parameter in self.parameters.values() if parameter.by_year]
        if not yearly:
            return None
        years = set.intersection(
            *({y for y in range(1978, 2101) if p.covers(y, Area.everything())} for p in yearly)
        )
        return tuple(sorted(years))

    def check_year(self, year: int, *, area: Area) -> None:
        """Raise StandardError unless the standard has every parameter for ``year`` in ``area``."""
        if isinstance(year, bool) or not isinstance(year, int):
            raise StandardError(f"年度必须是整数，收到 {year!r}")
        for parameter in self.parameters.values():
            if parameter.by_year and not parameter.covers(year, check_area(area)):
                known = "、".join(
                    f"{region or '全国'} {'、'.join(map(str, parameter.years(region)))}"
                    for region in ["", *parameter.regions()]
                    if parameter.years(region)
                )
                raise StandardError(
                    f"标准 {self.id} 没有 {year} 年的参数 {parameter.name}（已有：{known}）", self.file
                )

    def _require(self, *kinds: str) -> None:
        if self.kind not in kinds:
            wanted = "或".join(KIND_TITLES[kind] for kind in kinds)
            raise StandardError(f"标准 {self.id} 是{KIND_TITLES[self.kind]}，这里需要{wanted}")

    def household_query(self, year: int, *, area: Area, household_code: str | None = None) -> CompiledQuery:
        """One row per household: household_id, household_code, result, failed, category, detail."""
        self._require(HOUSEHOLD_EXIT, MONITORING)
        area = check_area(area)
        self.check_year(year, area=area)
        return assessments.household_query(self, year, area, household_code)

    def village_query(self, year: int, *, area: Area) -> CompiledQuery:
        """One row per poor village: village_id, village_code, result, incidence, failed, detail."""
        self._require(HOUSEHOLD_EXIT)
        if not self.village_criteria:
            raise StandardError(f"标准 {self.id} 没有村级出列条件（village_criteria）", self.file)
        area = check_area(area)
        self.check_year(year, area=area)
        return assessments.village_query(self, year, area)

    def quality_query(self, *, area: Area, as_of: datetime.date | None = None) -> CompiledQuery:
        """One row per finding: check_id, household_id, household_code, member_id, id_number, message.

        Ages are completed years on ``as_of`` (default: today), the date the register is taken to describe.
        """
        self._require(QUALITY)
        area = check_area(area)
        as_of = as_of or datetime.date.today()
        self.check_year(as_of.year, area=area)
        return quality.quality_query(self, as_of, area)

    def mpi_query(self, year: int, *, area: Area) -> CompiledQuery:
        """One row per household: household_id, household_code, county_code, members, score, poor, d_<id>…"""
        self._require(MPI)
        area = check_area(area)
        self.check_year(year, area=area)
        return indices.mpi_query(self, year, area)
