"""Where a run's compiled query is evaluated: DuckDB (default) or Spark SQL, over the database or a folder.

- ``duckdb`` over the operational database: snapshot into Arrow, run the DuckDB SQL (the usual path).
- ``duckdb`` over a snapshot folder (``--snapshot DIR``, written by ``bangfu snapshot``): the same, from
  Parquet after its manifest is checked.
- ``spark``: the compiler's Spark SQL on a SparkSession (``bangfu.engine.spark``) over a snapshot folder — the
  one given, or one written to a temporary folder from the database — into Parquet, which is then read into
  DuckDB so that counting and storing the results are the same code for both engines.
"""

from __future__ import annotations

import datetime
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bangfu.core.errors import ApplicationError
from bangfu.engine import spark as engine_spark
from bangfu.engine.parquet import remove, results_files
from bangfu.engine.run import Evaluation, EvaluationError, evaluate, evaluate_files
from bangfu.engine.snapshot import (
    Snapshot,
    snapshot_folder_check,
    snapshot_read_folder,
    snapshot_take,
    snapshot_write_folder,
)
from bangfu.standards import CompiledQuery

ENGINES = ("duckdb", "spark")
Progress = Callable[..., None]


@dataclass(frozen=True)
class EngineOptions:
    """How to evaluate: ``engine`` (duckdb or spark), a snapshot ``folder`` instead of the database, and
    the Spark master URL (default local mode; ``SPARK_REMOTE`` selects Spark Connect)."""

    engine: str = "duckdb"
    snapshot: Path | None = None
    spark_master: str | None = None

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ApplicationError(f"未知的引擎 {self.engine}（可用：{'、'.join(ENGINES)}）")


@dataclass
class Evaluated:
    """What the run stores: the evaluation (rows in DuckDB), the snapshot's row counts and the timings."""

    evaluation: Evaluation
    snapshot_counts: dict[str, int]
    timings: dict


def effective_scope(options: EngineOptions, scope: str | None) -> tuple[str | None, dict | None]:
    """The scope a run covers and the snapshot folder's manifest (checked), or ``(scope, None)``."""
    if options.snapshot is None:
        return scope, None
    return snapshot_folder_check(options.snapshot, scope)


@contextmanager
def evaluated(
    options: EngineOptions,
    query: CompiledQuery,
    shape: str,
    scope: str | None,
    name: str,
    progress: Progress,
    on: datetime.date | None = None,
) -> Iterator[Evaluated]:
    """Evaluate ``query`` (of ``shape``) as ``options`` say; the rows live until the block ends.

    ``on``: the assessed date; a snapshot taken from the database reads the register as of it.
    """
    try:
        if options.engine == "spark":
            with _spark(options, query, shape, scope, progress, on) as result:
                yield result
        else:
            with _duckdb(options, query, shape, scope, progress, on) as result:
                yield result
    except EvaluationError as error:
        raise ApplicationError(f"标准 {name} 的查询无法执行：{error}") from None


@contextmanager
def _duckdb(options, query, shape, scope, progress, on) -> Iterator[Evaluated]:
    if options.snapshot is None:
        snapshot = snapshot_take(scope, on=on, progress=progress)
    else:
        snapshot, _ = snapshot_read_folder(options.snapshot, scope)
    with snapshot:
        evaluation = evaluate(snapshot, query.sql, shape)
        progress("评估", evaluation.rows, final=True)
        timings = {"engine": "duckdb", "reader": snapshot.reader, "snapshot": round(snapshot.seconds, 3)}
        yield Evaluated(evaluation, snapshot.counts, timings | {"evaluate": round(evaluation.seconds, 3)})


@contextmanager
def _spark(options, query, shape, scope, progress, on) -> Iterator[Evaluated]:
    work = Path(tempfile.mkdtemp(prefix="bangfu-spark-"))
    try:
        started = time.perf_counter()
        if options.snapshot is None:
            folder = work / "snapshot"
            manifest = _write_snapshot(folder, scope, progress, on)
            reader = "database → parquet"
        else:
            folder = Path(options.snapshot)
            _, manifest = snapshot_folder_check(folder, scope)
            reader = "parquet"
        snapshot_seconds = time.perf_counter() - started
        try:
            spark = engine_spark.session(options.spark_master)
        except engine_spark.SparkUnavailable as error:
            raise ApplicationError(str(error)) from None
        session_seconds = time.perf_counter() - started - snapshot_seconds
        try:
            engine_spark.register_snapshot(spark, folder)
            result = engine_spark.evaluate_to_parquet(spark, query.to("spark"), work / "results")
        except Exception as error:  # Spark's errors (AnalysisException, Py4J…) share no base class
            raise EvaluationError(f"Spark: {str(error).splitlines()[0]}") from error
        progress("评估（Spark）", result.rows, final=True)
        with Snapshot({}, scope, reader, snapshot_seconds) as holder:
            evaluation = evaluate_files(holder, results_files(result.folder), shape, result.seconds)
            timings = {
                "engine": "spark",
                "spark_master": engine_spark.master_of(spark),
                "reader": reader,
                "snapshot": round(snapshot_seconds, 3),
                "spark_session": round(session_seconds, 3),
                "evaluate": round(result.seconds, 3),
            }
            yield Evaluated(evaluation, dict(manifest["row_counts"]), timings)
    finally:
        remove(work)


def _write_snapshot(folder: Path, scope: str | None, progress: Progress, on) -> dict:
    return snapshot_write_folder(folder, scope=scope, as_of=on, progress=progress)
