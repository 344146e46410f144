"""Benchmark: validate and load a register with `bangfu import`'s services, against the raw CSV parser alone.

    python bench/import.py --households 100000

Generates N households with the project's generator (a folder of contract CSV files), then measures in one run
into a fresh SQLite database in a temporary BANGFU_HOME: parse_only — the csv module reading every row of the
same files (the baseline); validate — `register_validate` (normalise, type, check every rule); load —
`register_import_apply` of the validated rows into the empty register (with history). Prints the ratio of
validate + load to the raw parse; the last line is one JSON object (households, members, validate_s, load_s,
parse_only_s, rows_per_s, peak_rss_mb). Goal (issue #4): 100,000 households validated and loaded in ≤ 60 s.
It measures; it asserts nothing.
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


def parse_only(folder: Path) -> int:
    rows = 0
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows += sum(1 for _ in csv.reader(handle)) - 1
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="bangfu-bench-import-"))
    os.environ["BANGFU_HOME"] = str(home)
    os.environ.pop("BANGFU_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangfu.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from bangfu.demo.generator import generate_register, scaled_profile
    from bangfu.regions.services import divisions_load_shipped
    from bangfu.registry.importing.apply import register_import_apply
    from bangfu.registry.importing.formats import open_source
    from bangfu.registry.importing.typed import validated_rows
    from bangfu.registry.importing.validate import register_validate

    call_command("migrate", verbosity=0)
    folder = home / "register"
    generate_register(scaled_profile(households=args.households), folder, seed=args.seed)

    started = time.perf_counter()
    rows = parse_only(folder)
    parse_s = time.perf_counter() - started

    with open_source(folder) as source:
        started = time.perf_counter()
        report = register_validate(source)
        validate_s = time.perf_counter() - started
        if report.errors:
            sys.exit(f"the generated register has {len(report.errors)} validation errors: {report.errors[0]}")
        started = time.perf_counter()
        with transaction.atomic():
            divisions_load_shipped()
            register_import_apply(validated_rows(source), file_name=folder.name)
        load_s = time.perf_counter() - started

    households = report.counts.get("户", args.households)
    members = report.counts.get("成员", 0)
    result = {
        "households": households,
        "members": members,
        "validate_s": round(validate_s, 1),
        "load_s": round(load_s, 1),
        "parse_only_s": round(parse_s, 2),
        "rows_per_s": round(rows / (validate_s + load_s)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(
        f"{households:,} households, {rows:,} rows: parse only {parse_s:.2f} s, validate {validate_s:.1f} s, "
        f"load {load_s:.1f} s — {(validate_s + load_s) / parse_s:.0f}× the raw parse",
        file=sys.stderr,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
