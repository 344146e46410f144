"""Benchmark: people browse while two assessment runs and a register upload run, as a county office works.

    python bench/concurrency.py                                   # SQLite: a file in WAL mode, as `bangfu demo`
    python bench/concurrency.py --database-url postgresql://postgres@127.0.0.1:5432/bangfu_h1

Builds the demo register (``bangfu demo --no-serve``; on PostgreSQL the database is flushed first) in a
scratch BANGFU_HOME, exports one village of it as a workbook (``bangfu export --unmask``), and serves it with
``bangfu serve`` (waitress, 8 threads). Then ``--clients`` clients of the four demo accounts (administrator,
two county officers, a village cadre) sign in and load their pages, each over one keep-alive connection,
while at the same moment the administrator starts a gd-2016 run of the whole register, the 海丰县 officer a
monitoring run of the county, and the administrator uploads the workbook (check, then confirm the import
when the check offers it). The clients browse until all of that has ended, and at least ``--requests`` each.

Prints the page requests, the errors (a request that failed or answered other than 2xx/3xx; pages a user
may not see are found before the load and skipped), p50/p95 latency overall and per role, each job's end,
and the database check: on SQLite ``PRAGMA integrity_check`` after the server stopped, and on both that
every run a job reported is stored with its results. The last line is one JSON object. It measures; it
asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import Server, post_form, request, run, sign_in

PASSWORD = "bench-Bangfu-2020"
USERS = {"admin": "administrator", "haifeng": "officer", "luhe": "officer", "cadre": "cadre"}
PAGES = ("/", "/villages/", "/households/", "/households/{household}/", "/assessments/", "/quality/")
FINISHED = {"succeeded", "failed", "interrupted"}

FACTS = """
import json
from bangfu.registry.models import Household, Village
def first(prefix):
    households = Household.objects.filter(village__division__code__startswith=prefix).order_by("code")
    return households.values_list("code", flat=True).first() or ""
village = Village.objects.filter(is_demonstration=True).order_by("division__code").first().division.code
homes = {"admin": first("441521"), "haifeng": first("441521"), "luhe": first("441523"), "cadre": first(village)}
print(json.dumps({"households": Household.objects.count(), "homes": homes, "village": village}))
"""

STORED = """
import json
from bangfu.assessment.models import AssessmentRun
ids = %r
print(json.dumps({str(run.pk): run.household_results.count() + run.findings.count() + run.village_results.count()
                  for run in AssessmentRun.objects.filter(pk__in=ids)}))
"""


def prepare(env: dict, home: Path) -> dict:
    """The demo register, its accounts and facts, and the workbook to upload."""
    run("migrate", env=env)
    if env.get("BANGFU_DATABASE_URL"):
        run("flush", "--no-input", env=env)
    run("demo", "--no-serve", env=env, quiet=False)
    facts = json.loads(run("shell", "-c", FACTS, env=env).strip().splitlines()[-1])
    workbook = home / "upload.xlsx"
    run("export", str(workbook), "--scope", facts["village"], "--unmask", "--user", "admin", env=env)
    facts["workbook"] = str(workbook)
    return facts


def pages_of(server: Server, cookies: dict[str, str], homes: dict[str, str]) -> tuple[dict, list[str]]:
    """Each user's pages that answer 200 before the load (the others are noted and skipped)."""
    pages, notes = {}, []
    for user in USERS:
        pages[user] = []
        for template in PAGES:
            path = template.format(household=homes.get(user) or "none")
            status, _ = request(server.connection(), "GET", path, cookies[user])
            if status == 200:
                pages[user].append(path)
            else:
                notes.append(f"{user} {path}: answered {status} before the load, skipped")
    return pages, notes


class Load:
    """Clients browsing until ``done`` is set; latencies per role, errors with their reason."""

    def __init__(self, server: Server, cookies: dict, pages: dict, clients: int, minimum: int):
        self.server, self.cookies, self.pages, self.minimum = server, cookies, pages, minimum
        self.users = [list(USERS)[n % len(USERS)] for n in range(clients)]
        self.latencies: dict[str, list[float]] = {role: [] for role in set(USERS.values())}
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.threads = [threading.Thread(target=self.client, args=(user,)) for user in self.users]

    def client(self, user: str) -> None:
        connection, mine, errors, sent = self.server.connection(), [], [], 0
        paths = self.pages[user]
        while paths and (not self.done.is_set() or sent < self.minimum):
            path = paths[sent % len(paths)]
            began = time.perf_counter()
            try:
                status, _ = request(connection, "GET", path, self.cookies[user])
                if status >= 400:
                    errors.append(f"{user} {path}: {status}")
            except Exception as error:  # a dropped connection is an error too; go on with a new one
                errors.append(f"{user} {path}: {error!r}")
                connection = self.server.connection()
            mine.append(time.perf_counter() - began)
            sent += 1
        with self.lock:
            self.latencies[USERS[user]].extend(mine)
            self.errors.extend(errors)


#: How long a job is followed before it counts as "timed out" (seconds; ``--job-timeout``).
JOB_TIMEOUT = [900.0]


def follow(server: Server, cookies: str, job_path: str) -> tuple[str, str]:
    """Poll a job's page (its htmx fragment) until it ends; (status, fragment)."""
    deadline = time.monotonic() + JOB_TIMEOUT[0]
    while time.monotonic() < deadline:
        status, (_response, data) = request(
            server.connection(), "GET", job_path, cookies, headers={"HX-Request": "true"}
        )
        fragment = data.decode(errors="replace")
        found = re.search(r'data-status="(\w+)"', fragment)
        if status == 200 and found and found.group(1) in FINISHED:
            return found.group(1), fragment
        time.sleep(0.5)
    return "timed out", ""


def start_run(server: Server, cookies: str, form: dict, record: dict) -> None:
    began = time.perf_counter()
    status, location = post_form(server.connection(), "/assessments/start/", cookies, form)
    if status != 302 or "/assessments/jobs/" not in location:
        record.update(status=f"not started ({status} → {location})")
        return
    job_path = re.search(r"/assessments/jobs/\d+/", location).group(0)
    outcome, fragment = follow(server, cookies, job_path)
    run_id = re.search(r'href="/assessments/(\d+)/"', fragment) or re.search(r"run=(\d+)", fragment)
    record.update(status=outcome, seconds=round(time.perf_counter() - began, 1), job=job_path,
                  run_id=int(run_id.group(1)) if run_id else None)  # fmt: skip


def upload(server: Server, cookies: str, workbook: Path, record: dict) -> None:
    """The upload form, the check job, and the import job when the check offers to confirm it."""
    began = time.perf_counter()
    request(server.connection(), "GET", "/register/upload/", cookies)
    files = {"file": (workbook.name, workbook.read_bytes())}
    status, location = post_form(server.connection(), "/register/upload/", cookies, {}, files)
    if status != 302 or not re.search(r"/register/upload/\d+/", location):
        record.update(status=f"not started ({status} → {location})")
        return
    job_path = re.search(r"/register/upload/\d+/", location).group(0)
    outcome, fragment = follow(server, cookies, job_path)
    record.update(check=outcome, check_seconds=round(time.perf_counter() - began, 1), status=outcome)
    confirm = re.search(r'action="(/register/upload/\d+/confirm/)"', fragment)
    if outcome == "succeeded" and confirm:
        status, location = post_form(server.connection(), confirm.group(1), cookies, {})
        imported = re.search(r"/register/upload/\d+/", location)
        outcome = follow(server, cookies, imported.group(0))[0] if status == 302 and imported else f"{status}"
        record.update(imported=outcome, status=outcome)
    record["seconds"] = round(time.perf_counter() - began, 1)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[int(share * (len(ordered) - 1))] * 1000, 1) if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url", default="", help="a PostgreSQL URL; default: SQLite in the scratch home"
    )
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=20, help="at least this many requests per client")
    parser.add_argument("--threads", type=int, default=8, help="the server's worker threads (default 8)")
    parser.add_argument(
        "--job-timeout", type=float, default=900, help="seconds a job is followed (default 900)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch BANGFU_HOME")
    args = parser.parse_args()
    JOB_TIMEOUT[0] = args.job_timeout

    home = Path(tempfile.mkdtemp(prefix="bangfu-bench-concurrency-"))
    env = os.environ | {"BANGFU_HOME": str(home), "BANGFU_DEMO_PASSWORD": PASSWORD,
                        "BANGFU_DATABASE_URL": args.database_url}  # fmt: skip
    database = "postgresql" if args.database_url else "sqlite"
    try:
        facts = prepare(env, home)
        jobs: dict[str, dict] = {"gd-2016 (admin)": {}, "monitoring (haifeng)": {}, "upload (admin)": {}}
        with Server(env, args.threads) as server:
            cookies = {user: sign_in(server, user, PASSWORD) for user in USERS}
            pages, notes = pages_of(server, cookies, facts["homes"])
            load = Load(server, cookies, pages, args.clients, args.requests)
            work = [
                threading.Thread(target=start_run, args=(server, cookies["admin"],
                    {"standard": "gd-2016", "year": "2020", "level": "household", "area": ""}, jobs["gd-2016 (admin)"])),
                threading.Thread(target=start_run, args=(server, cookies["haifeng"],
                    {"standard": "monitoring", "year": "2021", "level": "household", "area": "441521"},
                    jobs["monitoring (haifeng)"])),
                threading.Thread(target=upload, args=(server, cookies["admin"], Path(facts["workbook"]), jobs["upload (admin)"])),
            ]  # fmt: skip
            began = time.perf_counter()
            for thread in load.threads + work:
                thread.start()
            for thread in work:
                thread.join()
            load.done.set()
            for thread in load.threads:
                thread.join()
            elapsed = time.perf_counter() - began
        run_ids = [job["run_id"] for job in jobs.values() if job.get("run_id")]
        stored = json.loads(run("shell", "-c", STORED % (run_ids,), env=env).strip().splitlines()[-1])
        integrity = "not applicable"
        if database == "sqlite":
            with sqlite3.connect(home / "bangfu.sqlite3") as db:
                integrity = "; ".join(row[0] for row in db.execute("PRAGMA integrity_check"))
            db.close()
        server_errors = (home / "serve.log").read_text(errors="replace").count("Traceback")
    finally:
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)

    everything = [value for values in load.latencies.values() for value in values]
    result = {
        "database": database, "households": facts["households"], "clients": args.clients,
        "server_threads": args.threads, "seconds": round(elapsed, 1), "requests": len(everything),
        "errors": len(load.errors), "error_examples": sorted(set(load.errors))[:10],
        "p50_ms": percentile(everything, 0.5), "p95_ms": percentile(everything, 0.95),
        "by_role": {role: {"requests": len(values), "p50_ms": percentile(values, 0.5), "p95_ms": percentile(values, 0.95)}
                    for role, values in sorted(load.latencies.items())},
        "jobs": jobs, "runs_stored": {str(i): stored.get(str(i), 0) for i in run_ids},
        "all_runs_stored": len(run_ids) == 2 and all(stored.get(str(i), 0) > 0 for i in run_ids),
        "integrity_check": integrity, "server_tracebacks": server_errors, "notes": notes,
    }  # fmt: skip
    print(
        f"\n{database}: {result['households']:,} households, {args.clients} clients, {elapsed:.1f} s",
        file=sys.stderr,
    )
    print(f"  requests {result['requests']}, errors {result['errors']}, p50 {result['p50_ms']} ms, "
          f"p95 {result['p95_ms']} ms", file=sys.stderr)  # fmt: skip
    for role, figures in result["by_role"].items():
        print(f"  {role:<14} {figures['requests']:>6} requests  p50 {figures['p50_ms']:>8} ms  p95 {figures['p95_ms']:>8} ms",
              file=sys.stderr)  # fmt: skip
    for name, job in jobs.items():
        print(f"  {name:<22} {job}", file=sys.stderr)
    print(
        f"  runs stored: {result['all_runs_stored']} {result['runs_stored']}; integrity: {integrity}",
        file=sys.stderr,
    )
    for line in notes + result["error_examples"]:
        print(f"  note: {line}", file=sys.stderr)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
