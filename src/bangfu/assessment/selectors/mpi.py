"""The multidimensional poverty index (多维贫困指数, ``bangfu mpi``) over an area: everything or one division."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bangfu.assessment.models import StandardKind
from bangfu.assessment.standards import register_required, standard_errors, standard_of_kind
from bangfu.codes.area import Area
from bangfu.core.errors import ApplicationError
from bangfu.engine.mpi import MpiGroup, mpi_decompose
from bangfu.engine.run import EvaluationError, evaluate
from bangfu.engine.snapshot import scope_validate, snapshot_take
from bangfu.regions.models import Division
from bangfu.standards.asof import year_end


@dataclass(frozen=True)
class MpiReport:
    """Alkire–Foster figures (people-weighted, see ``engine/mpi.py``): the total first, then each county."""

    standard_id: str
    standard_title: str
    year: int
    scope: str
    denominator: int
    cutoff: int
    indicators: tuple[tuple[str, str, int, str], ...]  # (id, title, weight, dimension)
    groups: tuple[MpiGroup, ...]
    county_names: dict[str, str]

    @property
    def total(self) -> MpiGroup:
        return self.groups[0]

    @property
    def counties(self) -> tuple[MpiGroup, ...]:
        return self.groups[1:]


def mpi_report(*, area: Area, standard_id: str | Path = "mpi", year: int, progress=None) -> MpiReport:
    """H, A and M0 over the two assurances and three guarantees (两不愁三保障), by county and indicator,
    over ``area``: everything, or one division-code prefix (the snapshot is taken by prefix)."""
    standard = standard_of_kind(standard_id, (StandardKind.MPI,), "多维贫困指数")
    scope = scope_validate(_one_prefix(area))
    with standard_errors():
        standard.check_year(year, area=area)
        query = standard.mpi_query(year, area=area)
    mpi = standard.mpi
    weights = list(mpi.weights.items())
    register_required()
    with snapshot_take(scope, on=year_end(year), progress=progress) as snapshot:
        try:
            evaluation = evaluate(snapshot, query.sql, "mpi")
        except EvaluationError as error:
            raise ApplicationError(f"标准 {standard.id} 的查询无法执行：{error}") from None
        groups = mpi_decompose(evaluation, weights, mpi.denominator)
    codes = [group.county_code for group in groups[1:] if group.county_code]
    return MpiReport(
        standard_id=standard.id,
        standard_title=standard.title,
        year=year,
        scope=scope or "",
        denominator=mpi.denominator,
        cutoff=mpi.cutoff,
        indicators=tuple(
            (indicator.id, indicator.title, indicator.weight, indicator.dimension)
            for indicator in mpi.indicators
        ),
        groups=tuple(groups),
        county_names=dict(Division.objects.filter(code__in=codes).values_list("code", "name")),
    )


def _one_prefix(area: Area) -> str | None:
    """The division-code prefix the snapshot reads (``None``: everything); refused for another area."""
    if area.unrestricted:
        return None
    if len(area.prefixes) == 1 and not area.village_codes:
        return area.prefixes[0]
    raise ApplicationError("多维贫困指数按整个档案或一个行政区划计算：请给出一个行政区划代码前缀")
