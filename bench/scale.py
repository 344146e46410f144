"""Benchmark: how DuckDB and Spark (local mode) scale with the register, and what 30 million households need.

    python bench/scale.py --sizes 100000 1000000            # 3000000 too, if the machine allows
    python bench/scale.py --sizes 100000 --engines duckdb   # one engine only

For each size: generate N households and load them into SQLite in a temporary BANGFU_HOME (set-up, timed, not
judged), write the Parquet snapshot folder (``bangfu snapshot``), then evaluate the same three compiled
queries (gd-2016 households 2020, gd-2016 villages 2020, the data-quality checks) on each engine over that
folder, each engine in a fresh child process so that its memory is its own:
  - duckdb: read the folder into Arrow (manifest checked), run the DuckDB SQL, results into Arrow;
  - spark: start a local SparkSession (all cores), register the folder, run the Spark SQL, write Parquet.
Reports seconds and peak memory (Python's, plus the driver JVM's for Spark) per size and per household, the
growth exponent b of time ≈ a·N^b (time = reading the folder + evaluating; Spark's session start-up is a
fixed cost outside it), and projects 30,000,000 households: on one machine for DuckDB (the fitted curve), on
a cluster for Spark (docs/scale-out.md: the local-mode curve spread over 160 executor cores). The last line is one JSON object.
It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
TARGET = 30_000_000
#: The cluster the Spark projection assumes (docs/scale-out.md): executors × cores each.
CLUSTER_CORES = 20 * 8


def queries():
    import datetime

    from bangfu.standards import Area, load_standard

    gd = load_standard("gd-2016")
    return {
        "gd-2016 households": gd.household_query(2020, area=Area.everything()),
        "gd-2016 villages": gd.village_query(2020, area=Area.everything()),
        "quality": load_standard("quality").quality_query(
            area=Area.everything(), as_of=datetime.date(2021, 12, 31)
        ),
    }


def measure(engine: str, folder: Path, driver_memory: str) -> dict:
    """One engine over one snapshot folder (run in a child process): seconds per step and result rows."""
    started = time.perf_counter()
    seconds, rows = {}, {}
    if engine == "duckdb":
        import duckdb

        from bangfu.engine.parquet import snapshot_read

        tables, _ = snapshot_read(folder)
        connection = duckdb.connect()
        for name, table in tables.items():
            connection.register(name, table)
        seconds["read"] = time.perf_counter() - started
        for name, query in queries().items():
            begun = time.perf_counter()
            rows[name] = connection.sql(query.sql).to_arrow_table().num_rows
            seconds[name] = time.perf_counter() - begun
    else:
        from bangfu.engine import spark as engine_spark

        spark = engine_spark.session(config={"spark.driver.memory": driver_memory})
        seconds["session"] = time.perf_counter() - started
        begun = time.perf_counter()
        engine_spark.register_snapshot(spark, folder)
        seconds["read"] = time.perf_counter() - begun
        with tempfile.TemporaryDirectory(prefix="bangfu-scale-") as out:
            for number, (name, query) in enumerate(queries().items()):
                result = engine_spark.evaluate_to_parquet(spark, query.to("spark"), Path(out) / str(number))
                rows[name], seconds[name] = result.rows, result.seconds
        jvm_mb = _jvm_peak_mb(spark)
        spark.stop()
    seconds["total"] = time.perf_counter() - started
    python_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak = python_mb + (jvm_mb if engine == "spark" else 0)
    return {"seconds": {k: round(v, 2) for k, v in seconds.items()}, "rows": rows, "peak_mb": round(peak)}


def _jvm_peak_mb(spark) -> float:
    """The driver JVM's peak resident memory (VmHWM), which getrusage of this process does not see."""
    pid = spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child(engine: str, folder: Path, driver_memory: str) -> dict:
    """``measure`` in a fresh process; peak memory: its own, plus the driver JVM's for Spark."""
    command = [sys.executable, __file__, "--measure", engine, "--folder", str(folder)]
    command += ["--driver-memory", driver_memory]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def prepare(households: int, seed: int) -> tuple[Path, dict]:
    """Generate and load a register into a fresh SQLite database, and write its snapshot folder."""
    home = Path(tempfile.mkdtemp(prefix=f"bangfu-scale-{households}-"))
    env = {**os.environ, "BANGFU_HOME": str(home), "BANGFU_DATABASE_URL": "", "PYTHONPATH": str(ROOT / "src")}
    setup = (
        "import django, os, sys, time; os.environ.setdefault('DJANGO_SETTINGS_MODULE','bangfu.config.settings');"
        "django.setup(); from pathlib import Path; from django.core.management import call_command;"
        "from bangfu.demo.generator import generate_register, scaled_profile;"
        "from bangfu.regions.services import divisions_load_shipped;"
        "from bangfu.registry.loading import register_load_folder;"
        "from bangfu.engine.snapshot import snapshot_write_folder; import json;"
        "call_command('migrate', verbosity=0); divisions_load_shipped(); h=Path(os.environ['BANGFU_HOME']);"
        "t=time.perf_counter(); generate_register(scaled_profile(households=int(sys.argv[1])), h/'csv',"
        " seed=int(sys.argv[2])); g=time.perf_counter()-t; t=time.perf_counter(); register_load_folder(h/'csv');"
        "l=time.perf_counter()-t; t=time.perf_counter(); m=snapshot_write_folder(h/'snapshot');"
        "s=time.perf_counter()-t; print(json.dumps({'generate': round(g,1), 'load': round(l,1),"
        " 'snapshot': round(s,1), 'rows': m['row_counts']}))"
    )
    output = subprocess.run(
        [sys.executable, "-c", setup, str(households), str(seed)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    return home / "snapshot", json.loads(output.strip().splitlines()[-1])


def replicate(base: Path, times: int) -> tuple[Path, dict]:
    """A snapshot folder ``times`` the size of ``base``: copies with disjoint ids and their own division
    codes (copy k's codes start 44{80+k}), so every household, member and village is distinct. The same
    distribution as the generated register, without loading it into SQLite (10^6 households take over an
    hour to load on a busy 2-core machine)."""
    import datetime

    import pyarrow as pa
    import pyarrow.compute as pc

    from bangfu.engine.parquet import snapshot_read, snapshot_write

    tables, _ = snapshot_read(base)
    ids = {"village_id": "villages", "household_id": "households", "member_id": "members"}
    top = {column: pc.max(tables[table][column]).as_py() for column, table in ids.items()}
    copies: dict[str, list[pa.Table]] = {table: [] for table in tables}
    for k in range(times):
        for table, data in tables.items():
            for column in data.column_names:
                if column in top:
                    shifted = pc.add(data[column], pa.scalar(k * top[column], data.schema.field(column).type))
                    data = data.set_column(data.column_names.index(column), column, shifted)
                elif column in ("village_code", "county_code", "household_code") and k:
                    code = data[column]
                    moved = pc.binary_join_element_wise(
                        pc.utf8_slice_codeunits(code, 0, 2),
                        f"{80 + k:02d}",
                        pc.utf8_slice_codeunits(code, 4),
                        "",
                    )
                    data = data.set_column(data.column_names.index(column), column, moved)
            copies[table].append(data)
    out = base.parent / f"snapshot-x{times}"
    merged = {table: pa.concat_tables(parts) for table, parts in copies.items()}
    manifest = snapshot_write(
        merged, out, as_of=datetime.date.today(), scope=None, source=f"{base} × {times}"
    )
    return out, {"generate": None, "load": None, "snapshot": None, "rows": manifest["row_counts"]}


def exponent(points: list[tuple[int, float]]) -> float | None:
    """b of time ≈ a·N^b, least squares in log-log over the measured sizes."""
    if len(points) < 2:
        return None
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(t, 1e-6)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def project(points: list[tuple[int, float]], b: float | None) -> float | None:
    if not points or b is None:
        return None
    n, t = points[-1]
    return t * (TARGET / n) ** b


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--engines", nargs="+", default=["duckdb", "spark"], choices=["duckdb", "spark"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--driver-memory", default="6g", help="Spark local mode: the driver JVM's heap")
    parser.add_argument(
        "--replicate",
        type=int,
        nargs="+",
        default=[],
        metavar="K",
        help="also measure the largest generated size's snapshot copied K times (disjoint ids and codes)",
    )
    parser.add_argument(
        "--base",
        type=Path,
        metavar="DIR",
        help="with --replicate: copy this snapshot folder (of the largest --sizes) instead of generating it",
    )
    parser.add_argument("--measure", choices=["duckdb", "spark"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.folder, args.driver_memory)))
        return

    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    table, curves = [], {engine: [] for engine in args.engines}
    plan = [] if args.base else [(households, None) for households in sorted(args.sizes)]
    plan += [(max(args.sizes) * times, times) for times in sorted(args.replicate)]
    base = args.base
    for households, times in plan:
        if times is None:
            folder, setup = prepare(households, args.seed)
            base = folder
        else:
            folder, setup = replicate(base, times)
        log(f"{households:,} households: set-up {setup}")
        for engine in args.engines:
            result = child(engine, folder, args.driver_memory)
            evaluate = sum(v for k, v in result["seconds"].items() if k not in ("session", "read", "total"))
            row = {
                "households": households,
                "members": setup["rows"]["members"],
                "engine": engine,
                "replicated": times,
                **result,
                "evaluate_s": round(evaluate, 2),
                "us_per_household": round(result["seconds"]["total"] / households * 1e6, 1),
                "kb_per_household": round(result["peak_mb"] * 1024 / households, 2),
            }
            # The curve: reading the folder and evaluating (Spark's session start-up is a fixed cost).
            curves[engine].append((households, result["seconds"]["read"] + evaluate))
            table.append(row)
            log(json.dumps(row, ensure_ascii=False))
        folder_mb = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20
        log(f"snapshot folder: {folder_mb:.0f} MB")
    summary = {"rows": table, "exponent": {}, "projection_30M_s": {}, "load_average": os.getloadavg()}
    for engine, points in curves.items():
        b = exponent(points)
        summary["exponent"][engine] = None if b is None else round(b, 2)
        projected = project(points, b)
        if engine == "spark" and projected is not None:
            local_cores = os.cpu_count() or 1
            projected *= local_cores / CLUSTER_CORES  # evaluation spread over the cluster's cores
            summary["projection_30M_s"]["spark_cluster_160_cores"] = round(projected)
        elif projected is not None:
            summary["projection_30M_s"]["duckdb_one_machine"] = round(projected)
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
