"""Benchmark: the standards engine (gd-2016 + monitoring + quality) on a generated register.

    python bench/assess.py --households 100000

Generates N households with the project's generator and loads them into SQLite in a temporary BANGFU_HOME
(set-up, timed but not judged), then measures in one run:
  (a) the engine's evaluation of the compiled standards on one snapshot, against hand-written DuckDB SQL over
      the same Arrow tables returning the same results (bench/handwritten.py): limit_ratio = engine ÷ hand-written;
  (b) a straightforward per-household Python evaluator (tests/standards/per_record.py) on the same data for
      gd-2016 and monitoring: per_record_ratio = its time ÷ the engine's time for those two standards;
  (c) end to end, from the SQLite database to results written back (three stored runs): end_to_end_s;
and peak memory; and one snapshot against the reader before issue 11 (ADBC on the live file, run here with
Django's connection closed, the only way it is safe): snapshot_vs_old_reader.
Goals (issue #3, at 1,000,000 households): limit_ratio ≤ 1.5, per_record_ratio ≥ 30,
end_to_end_s ≤ 60, peak ≤ 4 GiB. The last line is one JSON object. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def old_adbc_read() -> None:
    """The reader before issue 11, as the baseline of the snapshot: the ADBC SQLite driver (its own bundled
    SQLite library) on the live file. Only safe here because Django's connection is closed first and nothing
    else runs in this process; under the web server it deleted the WAL files and corrupted the database."""
    import adbc_driver_sqlite.dbapi
    from django.db import connection

    from bangfu.engine.readers import SQLITE_BATCH_ROWS
    from bangfu.engine.snapshot import snapshot_queries

    queries, path = snapshot_queries(None), str(connection.settings_dict["NAME"])
    connection.close()
    with adbc_driver_sqlite.dbapi.connect(path) as adbc, adbc.cursor() as cursor:
        cursor.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": SQLITE_BATCH_ROWS})
        for sql in queries.values():
            cursor.execute(sql)
            cursor.fetch_arrow_table()
        adbc.rollback()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-per-record", action="store_true", help="skip (b), which is slow at 10^6")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="bangfu-bench-assess-"))
    os.environ["BANGFU_HOME"] = str(home)
    os.environ.pop("BANGFU_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangfu.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from tests.standards import per_record

    import handwritten
    from bangfu.assessment.services import assessment_run, quality_check_run
    from bangfu.demo.generator import generate_register, scaled_profile
    from bangfu.engine.snapshot import snapshot_take
    from bangfu.regions.services import divisions_load_shipped
    from bangfu.registry.loading import register_load_folder
    from bangfu.standards import Area, load_standard

    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    call_command("migrate", verbosity=0)
    divisions_load_shipped()
    _, generate_s = timed(
        generate_register, scaled_profile(households=args.households), home / "csv", seed=args.seed
    )
    loaded, load_s = timed(register_load_folder, home / "csv")
    log(f"set-up: generated in {generate_s:.1f} s, loaded {loaded.households:,} households in {load_s:.1f} s")

    as_of = date(2021, 12, 31)
    started = time.perf_counter()
    assessment_run(standard_id="gd-2016", year=2020)
    assessment_run(standard_id="monitoring", year=2021)
    quality_check_run(as_of=as_of)
    end_to_end_s = time.perf_counter() - started
    peak_rss_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    log(f"(c) end to end, three runs stored: {end_to_end_s:.1f} s, peak RSS so far {peak_rss_mb} MB")
    compiled = {
        "gd-2016": load_standard("gd-2016").household_query(2020, area=Area.everything()).sql,
        "monitoring": load_standard("monitoring").household_query(2021, area=Area.everything()).sql,
        "quality": load_standard("quality").quality_query(area=Area.everything(), as_of=as_of).sql,
    }
    by_hand = {
        "gd-2016": handwritten.GD_2016_2020,
        "monitoring": handwritten.MONITORING_2021,
        "quality": handwritten.QUALITY_2021_12_31,
    }
    snapshot, snapshot_s = timed(snapshot_take)
    old_reader_s = timed(old_adbc_read)[1]
    log(f"snapshot: {snapshot_s:.1f} s ({snapshot.reader}); the old reader: {old_reader_s:.1f} s")
    db = snapshot.duckdb
    engine, hand, same = {}, {}, True
    for name in compiled:
        db.execute(
            f"CREATE TEMP TABLE warm_{name.replace('-', '_')} AS SELECT 1"
        )  # nothing cached between runs
        _, engine[name] = timed(lambda sql=compiled[name]: db.sql(sql).to_arrow_table())
        _, hand[name] = timed(lambda sql=by_hand[name]: db.sql(sql).to_arrow_table())
        key = (
            "check_id, household_code, member_id"
            if name == "quality"
            else "household_code, result, failed, category"
        )
        diff = db.execute(
            f"SELECT count(*) FROM ((SELECT {key} FROM ({compiled[name]})) "
            f"EXCEPT ALL (SELECT {key} FROM ({by_hand[name]})))"
        ).fetchone()[0]
        same = same and diff == 0
        log(
            f"(a) {name}: engine {engine[name]:.2f} s, hand-written {hand[name]:.2f} s, rows differing {diff}"
        )
    engine_s, hand_s = sum(engine.values()), sum(hand.values())

    per_record_s = per_record_ratio = None
    if not args.skip_per_record:

        def rows_of_snapshot():
            # Per-record evaluation needs the records as Python objects: that is part of its cost.
            tables = {name: table.to_pylist() for name, table in snapshot.tables.items()}
            return per_record.Register(tables["households"], tables["members"], tables["incomes"])

        register, rows_s = timed(rows_of_snapshot)
        _, gd_s = timed(per_record.assess_households, register, "gd-2016", 2020)
        _, monitoring_s = timed(per_record.assess_households, register, "monitoring", 2021)
        per_record_s = rows_s + gd_s + monitoring_s
        per_record_ratio = round(per_record_s / (engine["gd-2016"] + engine["monitoring"]), 1)
        log(
            f"(b) per-household Python: {per_record_s:.1f} s for gd-2016 + monitoring ({rows_s:.1f} s to Python rows)"
        )
    snapshot.close()

    result = {
        "households": loaded.households,
        "members": loaded.members,
        "snapshot_s": round(snapshot_s, 2),
        "snapshot_reader": snapshot.reader,
        "old_reader_s": round(old_reader_s, 2),
        "snapshot_vs_old_reader": round(snapshot_s / old_reader_s, 2),
        "engine_s": round(engine_s, 2),
        "handwritten_s": round(hand_s, 2),
        "limit_ratio": round(engine_s / hand_s, 2),
        "same_results": same,
        "per_record_s": None if per_record_s is None else round(per_record_s, 1),
        "per_record_ratio": per_record_ratio,
        "end_to_end_s": round(end_to_end_s, 1),
        "peak_rss_mb": peak_rss_mb,  # after set-up and (c); (b) holds the rows as Python objects
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
