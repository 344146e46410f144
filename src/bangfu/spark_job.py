"""The stand-alone Spark job: one standard over one snapshot folder, results written as Parquet.

Needs only the standard file and a snapshot folder (``bangfu snapshot``): no Django, no database. Run it
where Spark runs — locally, with ``spark-submit`` on a cluster, or against Spark Connect (``SPARK_REMOTE``):

    python -m bangfu.spark_job --standard gd-2016.toml --snapshot snap/ --year 2020 --out results/
    spark-submit --master yarn --py-files bangfu.zip src/bangfu/spark_job.py --standard gd-2016.toml \\
        --snapshot hdfs-mounted/snap --year 2020 --out results/

The results folder (``rows/*.parquet`` plus ``manifest.json`` naming the standard, its content hash, the
year, level, scope and the snapshot it read) is loaded into Bangfu's database with
``bangfu results-import DIR``. The folders are read and written through the local file system (a shared
mount on a cluster), since the manifest's checksums are computed there.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import sys
from pathlib import Path

from bangfu import __version__
from bangfu.engine import parquet
from bangfu.engine import spark as engine_spark
from bangfu.standards import Area, StandardError, load_standard

#: What each kind of standard can be run as, and the result shape of each level.
LEVELS = {"household_exit": ("household", "village"), "monitoring": ("household",), "quality": ("quality",)}


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bangfu.spark_job",
        description="在 Spark 上按标准评估一个快照文件夹，把结果写成 Parquet（再用 bangfu results-import 载入）"
        " / run a standard on Spark over a snapshot folder and write the results as Parquet",
    )
    parser.add_argument("--standard", required=True, help="标准文件或内置标准编号 / a standard file or id")
    parser.add_argument("--snapshot", required=True, type=Path, help="快照文件夹 / the snapshot folder")
    parser.add_argument("--out", required=True, type=Path, help="结果文件夹（新的或空的）/ results folder")
    parser.add_argument(
        "--year", type=int, help="评估年度（退出和监测标准需要）/ the year (exit, monitoring)"
    )
    parser.add_argument("--level", choices=["household", "village"], default="household")
    parser.add_argument("--scope", help="行政区划代码前缀 / a division-code prefix")
    parser.add_argument("--as-of", type=datetime.date.fromisoformat, help="质量检查的日期 / quality checks")
    parser.add_argument("--spark-master", help="Spark 主节点（默认 local[*]）/ the Spark master")
    return parser.parse_args(argv)


def compile_query(standard, args: argparse.Namespace, manifest: dict):
    """The compiled query, its shape and the run's description for the results manifest."""
    levels = LEVELS.get(standard.kind)
    if levels is None:
        raise StandardError(f"标准 {standard.id}（{standard.kind}）不能在 Spark 作业中运行")
    scope = args.scope or manifest["scope"] or None
    if manifest["scope"] and scope and not scope.startswith(manifest["scope"]):
        raise StandardError(f"快照只含范围 {manifest['scope']}，不能评估范围 {scope}")
    run = {"standard": standard.id, "standard_kind": standard.kind, "standard_title": standard.title}
    run |= {"content_hash": standard.content_hash, "scope": scope or ""}
    area = Area.within(scope) if scope else Area.everything()  # a job reads its snapshot as an administrator
    if standard.kind == "quality":
        as_of = args.as_of or datetime.date.fromisoformat(manifest["as_of"])
        run |= {"shape": "quality", "level": "household", "year": None, "as_of": as_of.isoformat()}
        return standard.quality_query(area=area, as_of=as_of), run
    if args.level not in levels:
        raise StandardError(f"标准 {standard.id} 不能做 {args.level} 级评估")
    if args.year is None:
        raise StandardError(f"标准 {standard.id} 需要 --year")
    standard.check_year(args.year, area=area)
    query = (
        standard.village_query(args.year, area=area)
        if args.level == "village"
        else standard.household_query(args.year, area=area)
    )
    run |= {"shape": args.level, "level": args.level, "year": args.year, "as_of": None}
    return query, run


def run_job(args: argparse.Namespace, spark=None) -> dict:
    """Run the job; returns the results manifest. ``spark``: an existing session (tests share one)."""
    manifest = parquet.manifest_check(args.snapshot)
    standard = load_standard(Path(args.standard) if Path(args.standard).is_file() else args.standard)
    query, run = compile_query(standard, args, manifest)
    parquet.prepare(args.out)
    spark = spark or engine_spark.session(args.spark_master, app_name=f"bangfu {standard.id}")
    engine_spark.register_snapshot(spark, args.snapshot)
    result = engine_spark.evaluate_to_parquet(spark, query.to("spark"), args.out)
    snapshot_manifest = (Path(args.snapshot) / parquet.MANIFEST).read_bytes()
    return parquet.results_manifest_write(
        args.out,
        {
            **run,
            "rows": result.rows,
            "seconds": round(result.seconds, 3),
            "spark_master": engine_spark.master_of(spark),
            "bangfu_version": __version__,
            "written_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "snapshot": {
                "manifest_sha256": hashlib.sha256(snapshot_manifest).hexdigest(),
                "as_of": manifest["as_of"],
                "scope": manifest["scope"],
                "row_counts": manifest["row_counts"],
            },
        },
    )


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    try:
        manifest = run_job(args)
    except (parquet.FolderError, StandardError, engine_spark.SparkUnavailable) as error:
        print(f"bangfu.spark_job: {error}", file=sys.stderr)
        return 1
    print(
        f"{manifest['standard']} {manifest['level']}: {manifest['rows']:,} 行 rows → {args.out}"
        f"（{manifest['seconds']} 秒 s）",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
