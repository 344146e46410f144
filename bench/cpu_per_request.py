"""Benchmark: server CPU per request and queries per page, in process, one client, against /health/.

    BANGFU_HOME=var/bench-1m python bench/cpu_per_request.py             # the register bench/web.py built
    BANGFU_HOME=var/bench-1m python bench/cpu_per_request.py --repeat 40 --extra /runs/
    BANGFU_HOME=var/bench-1m python bench/cpu_per_request.py --profile /households/HH/ --user bench-officer

Runs inside one Python process with Django's test client (no server, no network), signed in as the accounts
``bench/web.py`` creates (``bench-admin``, ``bench-officer`` of 海丰县): for each page, one request to warm up,
one with every query captured (count and SQL time), then ``--repeat`` requests timed by the process's CPU clock.
Prints ms of CPU per request, the queries and their time, and each page's CPU as a ratio to /health/ measured
the same way in the same run. With 20 closed-loop clients on 2 cores, bench/web.py's p95 is roughly ten times
the CPU one request costs, so this is the figure to cut. ``--profile PATH`` prints cProfile's top functions for
that page (``HH`` stands for the household). The last line is one JSON object. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangfu.config.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bangfu.registry.models import Household  # noqa: E402

USERS = ("bench-admin", "bench-officer")
PAGES = ("/", "/villages/", "/households/", "/households/HH/")
COUNTY_PATH = "/440000000000/441500000000/441521000000/"  # 海丰县, the officer's county


def captured(client: Client, path: str) -> tuple[int, float]:
    """Queries one request sends and their time in ms."""
    times: list[float] = []

    def wrapper(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            times.append(time.perf_counter() - start)

    with connection.execute_wrapper(wrapper):
        client.get(path, HTTP_HOST="127.0.0.1")
    return len(times), sum(times) * 1000


def cpu_ms(client: Client, path: str, repeat: int) -> float:
    start = time.process_time()
    for _ in range(repeat):
        client.get(path, HTTP_HOST="127.0.0.1")
    return (time.process_time() - start) * 1000 / repeat


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--user", action="append", help="account(s) to sign in as (default both bench users)")
    parser.add_argument("--extra", action="append", default=[], help="more paths to measure")
    parser.add_argument("--profile", help="a path to profile with cProfile (HH: the household)")
    parser.add_argument("--top", type=int, default=40, help="functions cProfile prints (default 40)")
    args = parser.parse_args()

    household = (
        Household.objects.filter(village__division__path__startswith=COUNTY_PATH)
        .order_by("code")
        .values_list("code", flat=True)[50]
    )
    users = args.user or list(USERS)
    rows = []
    for username in users:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        health = None
        for page in ("/health/", *PAGES, *args.extra):
            path = page.replace("HH", household)
            response = client.get(path, HTTP_HOST="127.0.0.1")
            if response.status_code != 200:
                print(f"{username:14} {path:40} answered {response.status_code}, skipped", file=sys.stderr)
                continue
            queries, sql_ms = captured(client, path)
            cpu = cpu_ms(client, path, args.repeat)
            health = cpu if page == "/health/" else health
            row = {"user": username, "page": page, "cpu_ms": round(cpu, 1), "queries": queries}
            row.update(sql_ms=round(sql_ms, 1), vs_health=round(cpu / health, 1) if health else None)
            rows.append(row)
            print(
                f"{username:14} {page:18} {cpu:6.1f} ms CPU/request  {queries:3} queries  {sql_ms:5.1f} ms SQL"
                f"  {row['vs_health']}× /health/"
            )
    if args.profile:
        client = Client()
        client.force_login(get_user_model().objects.get(username=users[-1]))
        path = args.profile.replace("HH", household)
        client.get(path, HTTP_HOST="127.0.0.1")
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(10):
            client.get(path, HTTP_HOST="127.0.0.1")
        profile.disable()
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(args.top)
    load = os.getloadavg()[0]
    print(json.dumps({"household": household, "load_average": round(load, 2), "rows": rows}))


if __name__ == "__main__":
    main()
