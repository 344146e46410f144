"""Assessment runs, their household verdicts, and data-quality findings (评估结果、数据质量问题).

Runs and findings come from the pages' selectors (``assessment.selectors``): a run is visible when it covers
part of the reader's area, and every count and row is recomputed within the reader's scope.
"""

from typing import Literal

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from bangfu.accounts.scope import scope_for
from bangfu.api import schemas
from bangfu.api.pagination import MAX_ID, Paged, Pages
from bangfu.api.selectors import failed, run_household_results
from bangfu.assessment import selectors
from bangfu.assessment.models import Level, StandardKind, Verdict

router = Router(tags=["评估 Assessments"])

VerdictValue = Literal[tuple(Verdict.values)]  # type: ignore[valid-type]


class RunQuery(Schema):
    quality: bool | None = Field(
        None, description="true 只看数据质量检查，false 不含数据质量检查 / only quality checks, or none"
    )


@router.get("/assessments/runs/", response=list[schemas.RunOut], summary="评估批次 Assessment runs")
@paginate(Pages)
def run_list(request, filters: Query[RunQuery]):
    """涉及本人数据范围的评估批次，新的在前；计数只含本人数据范围内的结果。"""
    scope = scope_for(request.user)

    def rows(page):
        return [
            {
                **{name: getattr(run, name) for name in schemas.RunOut.model_fields if name != "counts"},
                "counts": selectors.run_counts(run, scope=scope),
            }
            for run in page
        ]

    return Paged(selectors.runs(scope=scope, quality=filters.quality), rows)


class RunHouseholdQuery(Schema):
    village: str = Field("", pattern=r"^(\d{12})?$", description="村的行政区划代码 / village division code")
    result: VerdictValue | None = Field(None, description="结果 pass、fail、flag、clear / verdict")


@router.get(
    "/assessments/runs/{run_id}/households/",
    response=list[schemas.RunHouseholdOut],
    summary="一个评估批次的户结果 A run's household verdicts",
)
@paginate(Pages)
def run_households(request, filters: Query[RunHouseholdQuery], run_id: int = Path(..., ge=1, le=MAX_ID)):
    """户级评估批次中本人数据范围内各户的结果和未达标指标；不可见或不是户级评估的批次返回 404。"""
    scope = scope_for(request.user)
    run = selectors.run_get(run_id, scope=scope)
    if run is None or run.level != Level.HOUSEHOLD or run.standard_kind == StandardKind.QUALITY:
        raise Http404
    results = run_household_results(
        run, scope=scope, village_code=filters.village, result=filters.result or ""
    )

    def rows(page):
        return [
            {
                "household_code": result.household.code,
                "village_code": result.household.village.division.code,
                "village_name": result.household.village.division.name,
                "result": result.result,
                "failed_criteria": failed(result.failed_criteria),
                "category": result.category,
            }
            for result in page
        ]

    return Paged(results, rows)


class FindingQuery(Schema):
    run: int | None = Field(
        None, ge=1, le=MAX_ID, description="数据质量检查批次编号，默认最近一次 / quality run, default latest"
    )
    check: str = Field("", max_length=100, description="检查规则 / check id")
    village: str = Field("", pattern=r"^(\d{12})?$", description="村的行政区划代码 / village division code")


@router.get("/quality/findings/", response=list[schemas.FindingOut], summary="数据质量问题 Quality findings")
@paginate(Pages)
def finding_list(request, filters: Query[FindingQuery]):
    """一次数据质量检查（默认最近一次）在本人数据范围内发现的问题；证件号码已遮蔽。"""
    scope = scope_for(request.user)
    quality_runs = selectors.runs(scope=scope, quality=True)
    run = quality_runs.filter(pk=filters.run).first() if filters.run else quality_runs.first()
    if run is None:
        if filters.run:
            raise Http404
        return []
    findings = selectors.quality_findings(run, scope=scope, check=filters.check, village_code=filters.village)

    def rows(page):
        return [{"run_id": run.pk, **vars(row)} for row in selectors.finding_rows(page)]

    return Paged(findings, rows)
