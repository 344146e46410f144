"""Assessment runs (评估): snapshot the register, evaluate a compiled standard in DuckDB, write back in bulk.

    run = assessment_run(standard_id="gd-2016", year=2020, level="village", scope="441521")
    run = quality_check_run(scope="441521")

The run and all its results are written in one transaction, after the evaluation: a run that fails (a bad
standard, an interrupted write, Ctrl-C) leaves nothing behind, and the register is only locked for writing
while the results are inserted. The same register and standard give the same results (rows are written in
household / village order; the verdicts are those of the compiled SQL).
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from django.db import DatabaseError, transaction
from django.utils import timezone

from bangfu.assessment.engines import EngineOptions, effective_scope, evaluated
from bangfu.assessment.models import (
    AssessmentRun,
    HouseholdResult,
    Level,
    QualityFinding,
    StandardKind,
    Verdict,
    VillageResult,
)
from bangfu.assessment.standards import register_required, standard_errors, standard_of_kind
from bangfu.core.bulk import bulk_insert, table_statistics_refresh
from bangfu.core.errors import ApplicationError
from bangfu.core.jobs import job_keep
from bangfu.engine.parquet import RESULTS_FORMAT, FolderError, manifest_check, results_files
from bangfu.engine.run import Evaluation, EvaluationError, evaluate_files
from bangfu.engine.snapshot import Snapshot, scope_validate
from bangfu.standards import Area, CompiledQuery
from bangfu.standards.asof import year_end

#: progress(label, done, total=None, *, final=False), as core.progress.ProgressPrinter takes it.
Progress = Callable[..., None]

#: What each shape writes: the model, its columns, the evaluation's columns in the same order, the row order.
WRITES = {
    Level.HOUSEHOLD: (
        HouseholdResult,
        ("household_id", "result", "failed_criteria", "category", "detail"),
        (
            "household_id",
            "result",
            "coalesce(failed, '')",
            "coalesce(category, '')",
            "coalesce(detail, '{}')",
        ),
        ("household_id",),
    ),
    Level.VILLAGE: (
        VillageResult,
        ("village_id", "result", "incidence", "failed_criteria", "detail"),
        ("village_id", "result", "incidence", "coalesce(failed, '')", "coalesce(detail, '{}')"),
        ("village_id",),
    ),
    "quality": (
        QualityFinding,
        ("check_id", "household_id", "member_id", "message"),
        ("check_id", "household_id", "member_id", "message"),
        ("check_id", "household_code", "member_id", "message"),
    ),
}
#: The levels each kind of standard can assess.
EXIT_LEVELS = {
    StandardKind.HOUSEHOLD_EXIT: (Level.HOUSEHOLD, Level.VILLAGE),
    StandardKind.MONITORING: (Level.HOUSEHOLD,),
}


def _quiet(*args, **kwargs) -> None:
    return None


def assessment_run(
    *,
    standard_id: str | Path,
    year: int,
    level: str = Level.HOUSEHOLD,
    scope: str | None = None,
    progress: Progress | None = None,
    engine: EngineOptions | None = None,
) -> AssessmentRun:
    """Assess every household (or village) in ``scope`` against an exit or monitoring standard for ``year``.

    Exit standards list the registered poor households identified in or before the year (and, at village
    level, every village); ``monitoring`` lists every household. ``engine``: DuckDB (default) or Spark, over
    the database or a snapshot folder (``engines.EngineOptions``). Returns the stored run.
    """
    progress = progress or _quiet
    started_at, started = timezone.now(), time.perf_counter()
    standard = standard_of_kind(standard_id, tuple(EXIT_LEVELS), "户或村的评估")
    if level not in EXIT_LEVELS[standard.kind]:
        levels = "、".join(EXIT_LEVELS[standard.kind])
        raise ApplicationError(f"标准 {standard.id} 不能做 {level} 级评估（可用：{levels}）")
    engine = engine or EngineOptions()
    scope, _ = effective_scope(engine, scope_validate(scope))
    area = Area.within(scope) if scope else Area.everything()
    with standard_errors():
        standard.check_year(year, area=area)
        if level == Level.VILLAGE:
            query = standard.village_query(year, area=area)
        else:
            query = standard.household_query(year, area=area)
    run = AssessmentRun(
        standard=standard.id,
        standard_kind=standard.kind,
        standard_title=standard.title,
        content_hash=standard.content_hash,
        year=year,
        level=level,
        scope=scope or "",
        started_at=started_at,
    )
    return _run(run, query, level, started, progress, engine)


def quality_check_run(
    *,
    standard_id: str | Path = "quality",
    scope: str | None = None,
    as_of: datetime.date | None = None,
    progress: Progress | None = None,
    engine: EngineOptions | None = None,
) -> AssessmentRun:
    """Run the data-quality checks (数据质量检查) over ``scope``; stores one finding per problem found.

    Ages are counted on ``as_of`` (default: the snapshot folder's as-of date, else today), the date the
    register is taken to describe.
    """
    progress = progress or _quiet
    started_at, started = timezone.now(), time.perf_counter()
    standard = standard_of_kind(standard_id, (StandardKind.QUALITY,), "数据质量检查")
    engine = engine or EngineOptions()
    scope, manifest = effective_scope(engine, scope_validate(scope))
    if as_of is None and manifest is not None:
        as_of = datetime.date.fromisoformat(manifest["as_of"])
    as_of = as_of or timezone.localdate()
    with standard_errors():
        query = standard.quality_query(area=Area.within(scope) if scope else Area.everything(), as_of=as_of)
    run = AssessmentRun(
        standard=standard.id,
        standard_kind=standard.kind,
        standard_title=standard.title,
        content_hash=standard.content_hash,
        year=None,
        as_of=as_of,
        level=Level.HOUSEHOLD,
        scope=scope or "",
        started_at=started_at,
    )
    return _run(run, query, "quality", started, progress, engine)


def _run(
    run: AssessmentRun,
    query: CompiledQuery,
    shape: str,
    started: float,
    progress: Progress,
    engine: EngineOptions,
) -> AssessmentRun:
    """Snapshot, evaluate, store. ``started``: when loading and compiling the standard began."""
    if engine.snapshot is None:
        register_required()
    compiled = time.perf_counter() - started
    on = run.as_of or year_end(run.year)  # the assessed date: the register is read as it stood then
    with evaluated(engine, query, shape, run.scope or None, run.standard, progress, on) as result:
        run.snapshot_counts = result.snapshot_counts
        run.result_counts = _counts(result.evaluation, shape)
        run.timings = {"compile": round(compiled, 3), **result.timings}
        _store(run, result.evaluation, shape, progress)
    return run


def _counts(evaluation: Evaluation, shape: str) -> dict[str, int]:
    """Results by verdict, plus monitoring categories; for quality checks, findings by check."""
    if shape == "quality":
        return evaluation.counts("check_id")
    counts = evaluation.counts("result")
    unknown = sorted(str(verdict) for verdict in counts if verdict not in Verdict.values)
    if unknown:
        raise ApplicationError(
            f"标准给出了未知的结论 {', '.join(unknown)}（应为 pass、fail、flag、clear 或 missing）"
        )
    if shape == Level.HOUSEHOLD:
        counts |= {key: value for key, value in evaluation.counts("category").items() if key}
    return counts


@transaction.atomic
def _store(run: AssessmentRun, evaluation: Evaluation, shape: str, progress: Progress) -> None:
    """The run and its results, in one transaction (all or nothing)."""
    model, fields, columns, order = WRITES[shape]
    writing = time.perf_counter()
    run.finished_at = timezone.now()
    run.full_clean()
    run.save()

    def rows() -> Iterator[tuple]:
        for row in evaluation.rows_of(columns, order):
            yield (run.pk, *row)

    total = evaluation.rows
    try:
        written = bulk_insert(
            model, ("run_id", *fields), rows(), progress=lambda done: progress("写入结果", done, total)
        )
    except DatabaseError as error:
        # A value the database refuses (e.g. a result code the standard should not give); nothing is kept.
        raise ApplicationError(f"无法保存标准 {run.standard} 的评估结果，未保存任何结果：{error}") from None
    progress("写入结果", written, total, final=True)
    # PostgreSQL plans the next queries over these rows (the dashboard's gaps below, the run's pages) with
    # fresh statistics, not as if the table were empty (which took 30 s a refresh on the demo register).
    table_statistics_refresh(model)
    run.timings["write"] = round(time.perf_counter() - writing, 3)
    run.finished_at = timezone.now()
    # Saved with its timings: receivers act now, in this transaction (the dashboard's three-guarantee gaps
    # after an exit run, bangfu.indicators.receivers; leads after a monitoring run, assessment.signals).
    run.save(update_fields=["timings", "finished_at", "updated_at"])
    job_keep(run_id=run.pk)  # a web job's row says "stored" in this same transaction (core.jobs)


def results_import(*, folder: Path, progress: Progress | None = None) -> AssessmentRun:
    """Store a results folder written by the Spark job (``bangfu.spark_job``) as an assessment run.

    The folder's manifest is checked first (every file, its checksum); the rows are checked as the engine's
    own (the shape's columns, one row per household or village) and written in one transaction.
    """
    progress = progress or _quiet
    started = time.perf_counter()
    try:
        manifest = manifest_check(folder, RESULTS_FORMAT)
        shape, kind = manifest["shape"], manifest["standard_kind"]
    except FolderError as error:
        raise ApplicationError(str(error)) from None
    except KeyError:
        raise ApplicationError(
            f"{folder} 的清单缺少评估的说明 / the manifest does not describe a run"
        ) from None
    if shape not in WRITES or kind not in (*EXIT_LEVELS, StandardKind.QUALITY):
        raise ApplicationError(f"{folder}：无法载入 {kind} 标准的 {shape} 结果 / cannot import these results")
    as_of = manifest.get("as_of")
    run = AssessmentRun(
        standard=manifest["standard"],
        standard_kind=kind,
        standard_title=manifest["standard_title"],
        content_hash=manifest["content_hash"],
        year=manifest.get("year"),
        as_of=datetime.date.fromisoformat(as_of) if as_of else None,
        level=manifest["level"],
        scope=scope_validate(manifest.get("scope") or None) or "",
        started_at=timezone.now(),
        snapshot_counts=manifest["snapshot"]["row_counts"],
    )
    with Snapshot({}, run.scope or None, "parquet", 0.0) as holder:
        try:
            evaluation = evaluate_files(holder, results_files(folder), shape, manifest.get("seconds", 0.0))
        except EvaluationError as error:
            raise ApplicationError(f"{folder} 的结果无法载入：{error}") from None
        run.result_counts = _counts(evaluation, shape)
        run.timings = {
            "engine": "spark",
            "spark_master": manifest.get("spark_master", ""),
            "evaluate": manifest.get("seconds"),
            "import": round(time.perf_counter() - started, 3),
        }
        _store(run, evaluation, shape, progress)
    return run
