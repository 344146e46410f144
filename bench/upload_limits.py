"""Benchmark: refusing zip bombs (issue 11 item 4), and a real workbook's size and ratio against the limits.

    python bench/upload_limits.py [--web-mb 2500] [--cli-mb 8000] [--workbook FILE.xlsx]

Builds an .xlsx bomb whose 成员 sheet unpacks to ``--web-mb`` MB (≈ 2.5 MB on disk: the file of issue 11 that
grew the server to 1.25 GB) and a .zip of CSV files unpacking to ``--cli-mb`` MB (≈ 8 MB on disk), then, each
in a fresh process, (a) runs the web upload's check on the bomb (``register_validate``, what the background job
does) and (b) runs ``bangfu import`` on it, printing the message, the time to refuse and the process's peak
RSS. With ``--workbook`` it prints that workbook's compressed and uncompressed size and ratio (the figures
behind the defaults of ``BANGFU_IMPORT_MAX_UNCOMPRESSED_MB`` and ``BANGFU_IMPORT_MAX_RATIO``). The last line is
one JSON object. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

CHECK = """
import os, resource, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangfu.config.settings")
import django; django.setup()
from django.core.management import call_command
from bangfu.registry.importing import register_validate
from bangfu.registry.importing.issues import SourceError
started = time.perf_counter()
try:
    register_validate(sys.argv[1]); message = "(accepted)"
except SourceError as error:
    message = error.message
print(message); print(round(time.perf_counter() - started, 2))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def measure(command: list[str], env: dict) -> dict:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024  # the largest child so far
    return {"seconds": round(seconds, 2), "peak_rss_mb_so_far": peak, "exit": done.returncode,
            "output": (done.stdout + done.stderr).strip().splitlines()[-3:]}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--web-mb", type=int, default=2500, help="uncompressed MB of the .xlsx bomb")
    parser.add_argument("--cli-mb", type=int, default=8000, help="uncompressed MB of the .zip bomb")
    parser.add_argument("--workbook", type=Path, help="a real register workbook to measure")
    args = parser.parse_args()
    from tests.registry.importing.bombs import xlsx_bomb, zip_bomb

    figures: dict = {}
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        env = os.environ | {"BANGFU_HOME": str(home), "BANGFU_DATABASE_URL": "",
                            "PYTHONPATH": str(ROOT / "src") + os.pathsep + str(ROOT)}  # fmt: skip
        subprocess.run([sys.executable, "-m", "bangfu.cli.main", "migrate", "-v0"], env=env, check=True)
        for name, build, megabytes in (("xlsx", xlsx_bomb, args.web_mb), ("zip", zip_bomb, args.cli_mb)):
            path, built = Path(folder) / f"bomb.{name}", time.perf_counter()
            build(path, megabytes)
            entry = {"file_mb": round(path.stat().st_size / 2**20, 2), "unpacks_mb": megabytes,
                     "build_s": round(time.perf_counter() - built, 1)}  # fmt: skip
            check = subprocess.run([sys.executable, "-c", CHECK, str(path)], capture_output=True, text=True,
                                   env=env, check=False)  # fmt: skip
            lines = check.stdout.strip().splitlines()
            entry["check"] = {"message": lines[0], "seconds": float(lines[1]), "peak_rss_mb": int(lines[2])}
            command = [sys.executable, "-m", "bangfu.cli.main", "import", str(path)]
            entry["cli"] = measure(["/usr/bin/time", "-f", "peak_rss_kb=%M", *command], env)
            figures[name] = entry
            print(name, json.dumps(entry, ensure_ascii=False), flush=True)
            path.unlink()
    if args.workbook:
        from bangfu.registry.importing.archive import archive_size

        size = archive_size(args.workbook)
        figures["workbook"] = {"file_mb": round(args.workbook.stat().st_size / 2**20, 1),
                               "unpacks_mb": round(size.uncompressed / 2**20, 1),
                               "ratio": round(size.uncompressed / size.compressed, 2),
                               "largest_member_ratio": round(size.member_ratio, 2)}  # fmt: skip
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
