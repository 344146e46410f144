"""Benchmark: generate a register, then load it into a fresh database; compare with reading the files raw.

    python bench/load.py --households 18000          # SQLite in a temporary BANGFU_HOME
    BANGFU_DATABASE_URL=postgresql://... python bench/load.py --households 18000

Prints the time of each step, the ratio of the load to the raw CSV read of the same files (the baseline,
measured in the same run) and peak memory; the last line is a JSON object. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def raw_read(folder: Path) -> int:
    """The baseline: read every row of every CSV file with the csv module, doing nothing else."""
    rows = 0
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows += sum(1 for _ in csv.reader(handle)) - 1
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=18000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="bangfu-bench-"))
    os.environ["BANGFU_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangfu.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bangfu.demo.generator import generate_register, scaled_profile
    from bangfu.regions.services import divisions_load_shipped
    from bangfu.registry.loading import register_load_folder

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    divisions_load_shipped()
    folder = home / "register"

    started = time.perf_counter()
    generated = generate_register(scaled_profile(households=args.households), folder, seed=args.seed)
    generate_s = time.perf_counter() - started

    started = time.perf_counter()
    rows = raw_read(folder)
    raw_s = time.perf_counter() - started

    started = time.perf_counter()
    loaded = register_load_folder(folder)
    load_s = time.perf_counter() - started

    result = {
        "database": connection.vendor,
        "households": loaded.households,
        "members": loaded.members,
        "rows": rows,
        "generate_s": round(generate_s, 2),
        "raw_read_s": round(raw_s, 3),
        "load_s": round(load_s, 2),
        "load_vs_raw_read": round(load_s / raw_s, 1),
        "rows_per_s": round(rows / load_s),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(
        f"{generated.households:,} households, {rows:,} rows on {connection.vendor}: generate {generate_s:.1f} s, "
        f"raw read {raw_s:.2f} s, load {load_s:.1f} s ({result['load_vs_raw_read']}× the raw read), "
        f"{result['rows_per_s']:,} rows/s, peak RSS {result['peak_rss_mb']} MB",
        file=sys.stderr,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
