"""Benchmark: the web application under 20 concurrent clients, each page against /health/ in the same run.

    python bench/web.py --households 100000            # the demo, then a generated register of 100,000
    python bench/web.py --skip-demo                     # only the generated register (default 1,000,000)
    BANGFU_DATABASE_URL=postgresql://... python bench/web.py --households 100000 --skip-demo
    python bench/web.py --skip-demo --base var/bench-1m  # build the register there once, reuse it afterwards
    python bench/web.py --skip-demo --base var/bench-1m --workers 2 --server gunicorn-gthread  # other server

For each register (the Shanwei demo from ``bangfu demo --no-serve``; a generated register from ``bangfu
generate`` + ``bangfu load``, which refreshes the dashboard's figures), in a scratch BANGFU_HOME: serves it
with ``bangfu serve`` (waitress) on 127.0.0.1 in a subprocess, signs in as an administrator and as a county
officer, and sends each page from ``--clients`` threads, each with its own keep-alive connection. Prints
p50 / p95 latency and requests per second per page and user, each as a ratio to /health/ measured the same
way in the same run; pages that answer 404 are skipped with a note. The last line is one JSON object. It
measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import SERVERS, Server, request, run, sign_in

PASSWORD = "bench-Bangfu-2020"
PAGES = ("/", "/villages/", "/households/", "/households/{household}/")
OFFICER_COUNTY = "441521000000"  # 海丰县: a county of the demo and of generated registers


SETUP_USERS = """
from bangfu.accounts.services import user_create_or_update
from bangfu.registry.models import Household
user_create_or_update(username="bench-admin", password={password!r}, role="admin")
user_create_or_update(username="bench-officer", password={password!r}, role="officer",
                      division_codes=[{county!r}])
code = (Household.objects.filter(village__division__path__contains="/{county}/")
        .order_by("code").values_list("code", flat=True)[50:51])
print("HOUSEHOLD", code[0] if code else "")
"""


def setup_users(env: dict) -> str:
    """The two bench accounts; returns a household code of the officer's county (for the household page)."""
    output = run("shell", "-c", SETUP_USERS.format(password=PASSWORD, county=OFFICER_COUNTY), env=env)
    return re.search(r"HOUSEHOLD (\S*)", output).group(1)


def load(server: Server, path: str, cookies: str, clients: int, per_client: int) -> dict:
    """``clients`` threads send ``per_client`` requests each over one keep-alive connection."""
    latencies: list[float] = []
    statuses: set[int] = set()
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client() -> None:
        connection, mine = server.connection(), []
        request(connection, "GET", path, cookies)  # warm the connection
        start.wait()
        for _ in range(per_client):
            began = time.perf_counter()
            status, _ = request(connection, "GET", path, cookies)
            mine.append(time.perf_counter() - began)
            statuses.add(status)
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies),
        "statuses": sorted(statuses),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 1),
        "rps": round(len(latencies) / elapsed, 1),
    }


def measure(server: Server, household: str, clients: int, per_client: int) -> tuple[list[dict], list[str]]:
    rows, notes = [], []
    for user in ("bench-admin", "bench-officer"):
        cookies = sign_in(server, user, PASSWORD)
        health = load(server, "/health/", cookies, clients, per_client)
        rows.append({"user": user, "page": "/health/", **health})
        for template in PAGES:
            path = template.format(household=household)
            began = (
                time.perf_counter()
            )  # the first view: the dashboard's figures of this scope not cached yet
            status, _ = request(server.connection(), "GET", path, cookies)
            first_ms = round((time.perf_counter() - began) * 1000, 1)
            if status != 200:
                notes.append(f"{user} {path}: answered {status}, skipped")
                continue
            result = load(server, path, cookies, clients, per_client)
            result |= {
                "first_ms": first_ms,
                "p50_vs_health": round(result["p50_ms"] / health["p50_ms"], 1),
                "p95_vs_health": round(result["p95_ms"] / health["p95_ms"], 1),
                "rps_vs_health": round(result["rps"] / health["rps"], 3),
            }
            rows.append({"user": user, "page": template, **result})
    return rows, notes


def prepare_or_reuse(kind: str, households: int, home: Path, env: dict, based: bool) -> tuple[dict, float]:
    """A register built earlier in ``home`` (``--base``) is migrated and reused; otherwise built."""
    marker = home / "bench-web-register.json"
    if based and marker.exists():
        built = json.loads(marker.read_text())
        if built["households"] != households:
            sys.exit(f"{home} holds {built['households']:,} households, not {households:,}")
        print(f"  reusing the register in {home} (built in {built['setup_s']} s)", file=sys.stderr)
        run("migrate", env=env, quiet=False)
        return built["facts"], 0.0
    if based:
        home.mkdir(parents=True, exist_ok=True)
    facts, setup_s = prepare(kind, households, home, env)
    if based:
        marker.write_text(
            json.dumps({"households": households, "facts": facts, "setup_s": round(setup_s, 1)})
        )
    return facts, setup_s


def prepare(kind: str, households: int, home: Path, env: dict) -> tuple[dict, float]:
    """Build the register in ``home``; returns facts and the set-up time."""
    started = time.perf_counter()
    facts: dict = {}
    if kind == "demo":
        run("demo", "--no-serve", env=env, quiet=False)
    else:
        run("migrate", env=env)
        if env.get("BANGFU_DATABASE_URL"):
            run("flush", "--no-input", env=env)
        run("shell", "-c", "from bangfu.regions.services import divisions_load_shipped as d; d()", env=env)
        folder = home / "register"
        run("generate", "--households", str(households), "--out", str(folder), env=env, quiet=False)
        out = run("load", str(folder), env=env, quiet=False)
        facts["load"] = out.strip().splitlines()[-1]
    output = run("shell", "-c", FIGURES_FACTS, env=env)
    facts |= json.loads(output.strip().splitlines()[-1])
    return facts, time.perf_counter() - started


FIGURES_FACTS = """
import json
from bangfu.indicators.models import FiguresRefresh, VillageYearFigure
from bangfu.registry.models import Household, Village
refresh = FiguresRefresh.objects.filter(part="all").order_by("-id").first()
print(json.dumps({"households": Household.objects.count(), "villages": Village.objects.count(),
                  "figure_rows": VillageYearFigure.objects.count(),
                  "refresh_s": refresh.seconds if refresh else None}))
"""


def print_table(name: str, facts: dict, rows: list[dict], notes: list[str]) -> None:
    print(f"\n{name}: {facts.get('households', 0):,} households, {facts.get('villages', 0):,} villages, "
          f"figures refreshed in {facts.get('refresh_s')} s", file=sys.stderr)  # fmt: skip
    print(
        f"{'user':<14}{'page':<28}{'first ms':>9}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>9}{'p50×':>7}{'p95×':>7}",
        file=sys.stderr,
    )
    for row in rows:
        ratios = f"{row.get('p50_vs_health', 1.0):>7}{row.get('p95_vs_health', 1.0):>7}"
        print(
            f"{row['user']:<14}{row['page']:<28}{row.get('first_ms', ''):>9}{row['p50_ms']:>9}{row['p95_ms']:>9}"
            f"{row['rps']:>9}{ratios}",
            file=sys.stderr,
        )
    for note in notes:
        print(f"  note: {note}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10, help="requests per client and page (default 10)")
    parser.add_argument(
        "--threads", type=int, default=4, help="the server's threads per process (default 4, as bangfu serve)"
    )
    parser.add_argument("--workers", type=int, default=1, help="the server's processes (default 1)")
    parser.add_argument(
        "--server", choices=SERVERS, default="waitress",
        help="waitress: bangfu serve (default); gunicorn-sync / gunicorn-gthread: gunicorn (the dev extra) "
        "with --workers processes, sync workers or gthread workers of --threads threads",
    )  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the scratch BANGFU_HOME folders")
    parser.add_argument(
        "--base", type=Path, metavar="DIR",
        help="BANGFU_HOME of the generated register: built there when DIR has no finished register yet, "
        "reused as it is (migrated, not rebuilt) otherwise; never removed",
    )  # fmt: skip
    parser.add_argument("--setup-only", action="store_true", help="build the register(s), measure nothing")
    args = parser.parse_args()

    registers = ([] if args.skip_demo else [("demo", 0)]) + [("generated", args.households)]
    result: dict = {"server": args.server, "workers": args.workers, "clients": args.clients, "requests_per_client": args.requests, "server_threads": args.threads,
                    "database": "postgresql" if os.environ.get("BANGFU_DATABASE_URL") else "sqlite", "registers": {}}  # fmt: skip
    for kind, households in registers:
        based = kind == "generated" and args.base is not None
        home = args.base.resolve() if based else Path(tempfile.mkdtemp(prefix=f"bangfu-bench-web-{kind}-"))
        env = os.environ | {"BANGFU_HOME": str(home), "BANGFU_DEMO_PASSWORD": PASSWORD}
        try:
            facts, setup_s = prepare_or_reuse(kind, households, home, env, based)
            household = setup_users(env)
            rows, notes = [], ["set-up only"]
            if not args.setup_only:
                with Server(env, args.threads, args.workers, args.server) as server:
                    rows, notes = measure(server, household, args.clients, args.requests)
        finally:
            if not (args.keep or based):
                shutil.rmtree(home, ignore_errors=True)
        facts["setup_s"] = round(setup_s, 1)
        print_table(kind, facts, rows, notes)
        result["registers"][kind] = {**facts, "pages": rows, "notes": notes}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
