"""Reads of assessments: a run's results as the CLI contract lays them out, and one household's explanation.

The explanation runs the standard's own compiled query for that one household (``household_query(...,
household_code=...)``) on a snapshot of its village: the same rules as a bulk run, no second implementation.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bangfu.assessment.models import AssessmentRun, StandardKind
from bangfu.assessment.standards import register_required, standard_errors, standard_of_kind
from bangfu.codes.area import Area
from bangfu.core.errors import ApplicationError
from bangfu.core.personal_data import mask_id_number
from bangfu.engine.mpi import MpiGroup, mpi_decompose
from bangfu.engine.run import EvaluationError, evaluate
from bangfu.engine.snapshot import scope_validate, snapshot_take
from bangfu.regions.models import Division
from bangfu.registry.models import Household
from bangfu.standards.asof import year_end

CHUNK = 5000

#: Column names of the CLI's outputs (the public contract of issue #3).
HOUSEHOLD_COLUMNS = ("household_code", "result", "criteria", "category")
VILLAGE_COLUMNS = ("village_code", "result", "incidence", "criteria")
FINDING_COLUMNS = ("check", "household_code", "member", "message")


def run_result_rows(run: AssessmentRun) -> Iterator[tuple]:
    """The run's results in code order: ``HOUSEHOLD_COLUMNS`` or ``VILLAGE_COLUMNS`` (by the run's level)."""
    if run.level == "village":
        results = run.village_results.order_by("village__division__code")
        fields = ("village__division__code", "result", "incidence", "failed_criteria")
    else:
        results = run.household_results.order_by("household__code")
        fields = ("household__code", "result", "failed_criteria", "category")
    return results.values_list(*fields).iterator(chunk_size=CHUNK)


def run_finding_rows(run: AssessmentRun) -> Iterator[tuple[str, str, str, str]]:
    """The run's quality findings as ``FINDING_COLUMNS``, member ID numbers masked."""
    findings = run.findings.order_by("check_id", "household__code", "member_id", "message").values_list(
        "check_id", "household__code", "member__id_number", "message"
    )
    for check, household_code, id_number, message in findings.iterator(chunk_size=CHUNK):
        yield check, household_code or "", mask_id_number(id_number), message


@dataclass(frozen=True)
class CriterionVerdict:
    """One criterion's inputs and verdict: ``passed`` (exit standards) or ``flagged`` (monitoring)."""

    id: str
    title: str
    expression: str
    passed: bool | None  # exit standards; None when the standard does not say
    flagged: bool | None  # monitoring: the household meets this category's condition
    values: dict


@dataclass(frozen=True)
class Explanation:
    """Why a household passed or failed a standard in a year: every criterion, its inputs and verdict."""

    household_code: str
    standard_id: str
    standard_title: str
    year: int
    result: str
    failed: tuple[str, ...]
    category: str
    criteria: tuple[CriterionVerdict, ...]
    parameters: dict


def household_explanation(*, standard_id: str | Path, year: int, household_code: str) -> Explanation:
    """Evaluate one household with the standard's compiled query and return every criterion's inputs."""
    kinds = (StandardKind.HOUSEHOLD_EXIT, StandardKind.MONITORING)
    standard = standard_of_kind(standard_id, kinds, "解释户的评估结果")
    household = Household.objects.select_related("village__division").filter(code=household_code).first()
    if household is None:
        raise ApplicationError(f"找不到户编号 {household_code}")
    village_code = household.village.division.code
    with standard_errors():
        area = Area.within(village_code)
        standard.check_year(year, area=area)
        query = standard.household_query(year, area=area, household_code=household_code)
    with snapshot_take(village_code, on=year_end(year)) as snapshot:
        try:
            evaluation = evaluate(snapshot, query.sql, "household")
        except EvaluationError as error:
            raise ApplicationError(f"标准 {standard.id} 的查询无法执行：{error}") from None
        rows = list(evaluation.rows_of(("result", "failed", "category", "detail"), ("household_id",)))
    if not rows:
        raise ApplicationError(
            f"户 {household_code} 不是标准 {standard.id} {year} 年的评估对象"
            "（退出标准只评估该年及以前识别的建档立卡户）"
        )
    result, failed, category, detail_text = rows[0]
    detail = json.loads(detail_text) if detail_text else {}
    given = detail.get("criteria", {})
    judged = (*standard.criteria, *filter(None, [getattr(standard, "data_missing", None)]))  # monitoring
    listed = [(c.id, c.title, c.expression) for c in judged]
    known = {criterion.id for criterion in judged}
    listed += [
        (key, key, "") for key in sorted(given) if key not in known
    ]  # not in the file: should not happen
    criteria = [
        CriterionVerdict(
            key,
            title,
            expression,
            given.get(key, {}).get("passed"),
            given.get(key, {}).get("flagged"),
            given.get(key, {}).get("values", {}),
        )
        for key, title, expression in listed
    ]
    return Explanation(
        household_code=household_code,
        standard_id=standard.id,
        standard_title=standard.title,
        year=year,
        result=result,
        failed=tuple(sorted(filter(None, (failed or "").split(";")))),
        category=category or "",
        criteria=tuple(criteria),
        parameters=detail.get("parameters", {}),
    )


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


def mpi_report(
    *, standard_id: str | Path = "mpi", year: int, scope: str | None = None, progress=None
) -> MpiReport:
    """H, A and M0 over the two assurances and three guarantees (两不愁三保障), by county and indicator."""
    standard = standard_of_kind(standard_id, (StandardKind.MPI,), "多维贫困指数")
    scope = scope_validate(scope)
    with standard_errors():
        area = Area.within(scope) if scope else Area.everything()
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
