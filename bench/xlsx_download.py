"""Benchmark: memory of a list download (.xlsx) as rows grow — the shared helper ``web.downloads.xlsx_response``
that every list page uses, fed rows shaped like a run's household results (the run results download reads
them from the database in chunks of 2,000 as plain tuples, so the rows never sit in memory together).

    python bench/xlsx_download.py --rows 100000

Measures the Python heap's peak (tracemalloc) while writing N rows and while writing N/10, and the file's
size: with openpyxl's write-only mode the peak grows with the file (held once as the response body), not with
the rows as objects. The last line is one JSON object. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangfu.config.settings")


def rows(count: int):
    for index in range(count):
        code = f"4415211012{index // 1000:02d}{index % 10000:04d}"
        yield [code, code[:12], "新山村", "未达标" if index % 7 == 0 else "达标",
               "人均纯收入；住房安全" if index % 7 == 0 else "", "脱贫不稳定户"]  # fmt: skip


def measure(count: int) -> dict:
    from bangfu.web.downloads import xlsx_response

    tracemalloc.start()
    started = time.perf_counter()
    response = xlsx_response("评估结果", ["户编号", "村行政区划代码", "所在村", "结论", "未达标指标", "类别"],
                             rows(count), text_columns=(0, 1))  # fmt: skip
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"rows": count, "peak_mib": round(peak / 2**20, 1), "file_mib": round(len(response.content) / 2**20, 1),
            "seconds": round(seconds, 1)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, default=100_000, help="rows of the larger download (default 100000)"
    )
    args = parser.parse_args()
    import django

    django.setup()
    small, large = measure(args.rows // 10), measure(args.rows)
    print(json.dumps({"small": small, "large": large,
                      "peak_ratio": round(large["peak_mib"] / max(small["peak_mib"], 0.1), 1),
                      "peak_over_file": round(large["peak_mib"] / max(large["file_mib"], 0.1), 1)}))  # fmt: skip


if __name__ == "__main__":
    main()
