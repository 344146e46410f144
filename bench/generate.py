"""Benchmark: the synthetic register generator against a plain CSV write of the same size.

    python bench/generate.py --households 100000

Runs, each in its own process so peak memory is measured per run:
  1. generate_register for N/10 households,
  2. generate_register for N households,
  3. the baseline: the csv module writing the same numbers of rows (of fixed dummy values) to the same
     five files, measured in the same run on the same machine.
Prints households per second, the ratio to the baseline, and peak RSS for N and N/10 (flat memory means
the two are close). The last line is a JSON object. It never asserts a time.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHEET_ROWS = ("villages", "households", "members", "income_records", "village_stats")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def child_generate(households: int, out: Path, seed: int) -> dict:
    from bangfu.demo.generator import generate_register, scaled_profile

    started = time.perf_counter()
    summary = generate_register(scaled_profile(households=households), out, seed=seed)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_rss_mb": peak_rss_mb(), **summary.__dict__}


def child_baseline(counts: dict, out: Path) -> dict:
    """Write the same numbers of rows with the csv module: the floor any CSV writer in Python pays."""
    from bangfu.registry import contract

    dummy = {
        contract.VILLAGES.name: [
            "441581001201",
            "东坑村",
            "东海街道",
            "陆丰市",
            "是",
            2016,
            2019,
            "否",
            1500,
        ],
        contract.HOUSEHOLDS.name: [
            "4415810012010001",
            "441581001201",
            "441581197005162798",
            "一般贫困户",
            2016,
            2018,
            "因病",
            "A",
            "",
            "是",
            "13812345678",
        ],
        contract.MEMBERS.name: [
            "4415810012010001",
            "陈志明",
            "441581197005162798",
            "户主",
            "男",
            "1970-05-16",
            "汉族",
            "初中",
            "",
            "健康",
            "普通劳动力",
            10,
            "是",
            "否",
            "是",
            "是",
            "否",
            "否",
            "否",
            "",
        ],
        contract.INCOMES.name: ["4415810012010001", 2020, 45000, 9000, 300, 6000, 2500, 800],
        contract.VILLAGE_STATS.name: ["441581001201", 2020, 1500, 16905, 120000],
    }
    sheets = dict(zip(SHEET_ROWS, contract.SHEETS, strict=True))
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for key, sheet in sheets.items():
        with open(out / sheet.file_name, "w", encoding="utf-8-sig", newline="", buffering=1 << 20) as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(sheet.headers)
            row = dummy[sheet.name]
            for _ in range(counts[key]):
                writer.writerow(row)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_rss_mb": peak_rss_mb()}


def run_child(*args: str) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, out = args.child[0], Path(args.child[1])
        if kind == "generate":
            print(json.dumps(child_generate(args.households, out, args.seed)))
        else:
            print(json.dumps(child_baseline(json.loads(args.child[2]), out)))
        return

    households = args.households
    small_households = max(1, households // 10)
    with tempfile.TemporaryDirectory(prefix="bangfu-bench-") as temp:
        small = run_child("generate", str(Path(temp) / "small"), "--households", str(small_households))
        large = run_child("generate", str(Path(temp) / "large"), "--households", str(households))
        counts = {key: large[key] for key in SHEET_ROWS}
        baseline = run_child("baseline", str(Path(temp) / "baseline"), json.dumps(counts))
    rate = households / large["seconds"]
    baseline_rate = households / baseline["seconds"]
    ratio = large["seconds"] / baseline["seconds"]
    print(f"generate_register, {households:,} households: {large['seconds']:.1f} s, {rate:,.0f} households/s")
    print(
        f"  ({large['members']:,} members, {large['income_records']:,} income rows, {large['villages']:,} villages)"
    )
    print(
        f"baseline csv write of the same rows: {baseline['seconds']:.1f} s, {baseline_rate:,.0f} households/s"
    )
    print(f"ratio generate / baseline: {ratio:.2f}×")
    print(
        f"peak RSS: {large['peak_rss_mb']:.0f} MB for {households:,} households, "
        f"{small['peak_rss_mb']:.0f} MB for {small_households:,} (baseline process {baseline['peak_rss_mb']:.0f} MB)"
    )
    print(
        json.dumps(
            {
                "benchmark": "generate",
                "households": households,
                "seconds": round(large["seconds"], 3),
                "households_per_second": round(rate),
                "baseline_seconds": round(baseline["seconds"], 3),
                "ratio_to_baseline": round(ratio, 3),
                "peak_rss_mb": round(large["peak_rss_mb"], 1),
                "peak_rss_mb_tenth": round(small["peak_rss_mb"], 1),
                "members": large["members"],
                "income_records": large["income_records"],
            }
        )
    )


if __name__ == "__main__":
    main()
