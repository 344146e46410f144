"""Runs started from the web while others browse, as users run it: a threaded server, the real task worker's
loop (``bangfu worker``'s, in a thread here; not ``BANGFU_JOBS_INLINE``), and on SQLite the test database file
in WAL mode.

Opening the live SQLite file with a second SQLite library (the ADBC driver bundles its own) removed the
``-wal``/``-shm`` files under Django's connections: the job stopped while writing its results and pages
answered "database disk image is malformed". This test starts two assessment runs and a quality check through
the pages while readers of three roles load pages, then checks that no request failed, every run is stored
and, on SQLite, that the file passes ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest
from django.db import connection

from bangfu.accounts.models import Role
from bangfu.assessment.models import AssessmentRun, HouseholdResult, QualityFinding
from bangfu.core.models import BackgroundJob
from bangfu.demo.generator import generate_register, scaled_profile
from bangfu.registry.loading import register_load_folder
from bangfu.registry.models import Household
from tests import factories
from tests.task_worker import worker_thread

pytestmark = pytest.mark.slow

PASSWORD = "pw-Bangfu-2020"  # tests.factories.account's default
COUNTY = "441521000000"  # 海丰县
PAGES = ("/", "/villages/", "/households/", "/assessments/", "/quality/")
RUNS = (
    {"standard": "gd-2016", "year": "2020", "level": "household", "area": ""},
    {"standard": "monitoring", "year": "2021", "level": "household", "area": ""},
    {"standard": "quality", "as_of": "2021-12-31", "area": ""},
)
FINISHED = {"succeeded", "failed", "interrupted"}


class Browser:
    """One signed-in user's cookies over HTTP to the live server; redirects are followed."""

    def __init__(self, base: str, username: str):
        self.base, self.cookies = base, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.get("/login/")
        final = self.post("/login/", {"username": username, "password": PASSWORD, "next": "/"})
        assert not final.endswith("/login/"), f"{username} could not sign in"

    def csrf(self) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")

    def get(self, path: str, headers: dict | None = None) -> str:
        request = urllib.request.Request(self.base + path, headers=headers or {})
        with self.opener.open(request, timeout=120) as response:
            response.read()
            return response.geturl()

    def text(self, path: str, headers: dict | None = None) -> str:
        request = urllib.request.Request(self.base + path, headers=headers or {})
        with self.opener.open(request, timeout=120) as response:
            return response.read().decode()

    def post(self, path: str, form: dict) -> str:
        """POST the form with its CSRF token; the URL the answer led to."""
        body = urlencode({**form, "csrfmiddlewaretoken": self.csrf()}).encode()
        with self.opener.open(self.base + path, data=body, timeout=120) as response:
            response.read()
            return response.geturl()


@pytest.fixture
def register(transactional_db, divisions, tmp_path):
    """A generated demo-like register of about 1,500 households, loaded as `bangfu load` does it."""
    generate_register(scaled_profile(households=1500), tmp_path / "register", seed=5)
    register_load_folder(tmp_path / "register")
    factories.account("boss", Role.ADMINISTRATOR)
    factories.account("haifeng", Role.OFFICER, divisions=[COUNTY])
    village = Household.objects.filter(village__division__code__startswith="441521").first().village
    factories.account("cadre", Role.CADRE, villages=[village.division.code])
    return Household.objects.filter(village=village).values_list("code", flat=True).first()


@pytest.fixture
def task_worker(register):
    """``bangfu worker``'s loop, in a thread (``tests.task_worker``)."""
    with worker_thread():
        yield


def read_pages(base: str, username: str, household: str, stop: threading.Event, log: dict) -> None:
    """Load pages until ``stop``; every request and every failure goes into ``log``."""
    try:
        browser = Browser(base, username)
    except Exception as error:
        log["failures"].append(f"{username} sign-in: {error!r}")
        return
    paths = [*PAGES, f"/households/{household}/"]
    while not stop.is_set():
        for path in paths:
            try:
                browser.get(path)
                log["requests"] += 1
            except urllib.error.HTTPError as error:
                if error.code != 404:  # a household outside a reader's scope, say: not a failure
                    log["failures"].append(f"{username} {path}: {error.code}")
            except Exception as error:
                log["failures"].append(f"{username} {path}: {error!r}")


def job_status(browser: Browser, job_path: str) -> str:
    fragment = browser.text(job_path, headers={"HX-Request": "true"})
    return re.search(r'data-status="(\w+)"', fragment).group(1)


def test_runs_started_from_the_web_while_others_browse_are_stored_and_the_database_stays_whole(
    live_server, register, task_worker
):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal" and not connection.is_in_memory_db()  # as users run it
    base = live_server.url
    stop, log = threading.Event(), {"requests": 0, "failures": []}
    readers = [
        threading.Thread(target=read_pages, args=(base, user, register, stop, log), daemon=True)
        for user in ("boss", "haifeng", "cadre", "haifeng", "cadre", "boss")
    ]
    for reader in readers:
        reader.start()
    admin = Browser(base, "boss")
    job_paths = []
    try:
        for form in RUNS:  # started at once; the jobs queue behind each other (one writer at a time)
            job_path = admin.post("/assessments/start/", form).removeprefix(base)
            assert re.fullmatch(r"/assessments/jobs/\d+/", job_path), job_path
            job_paths.append(job_path)
        deadline = time.monotonic() + 240
        statuses = {}
        while time.monotonic() < deadline:
            try:
                statuses = {path: job_status(admin, path) for path in job_paths}
            except Exception as error:  # recorded; the jobs are followed to their end all the same
                log["failures"].append(f"boss polling: {error!r}")
            if statuses and set(statuses.values()) <= FINISHED:
                break
            time.sleep(0.3)
        time.sleep(1)  # the readers go on for a moment after the last write
    finally:
        stop.set()
        for reader in readers:
            reader.join(timeout=120)

    assert log["failures"] == []
    assert log["requests"] > len(readers)
    assert set(statuses.values()) == {"succeeded"}, [
        (job.kind, job.status, job.message) for job in BackgroundJob.objects.order_by("pk")
    ]
    runs = {
        job.kind + ":" + job.parameters["standard"]: job.result["run_id"]
        for job in BackgroundJob.objects.all()
    }
    assert set(runs) == {"assessment:gd-2016", "assessment:monitoring", "quality_check:quality"}
    assert AssessmentRun.objects.filter(pk__in=runs.values()).count() == 3
    assert HouseholdResult.objects.filter(run_id=runs["assessment:gd-2016"]).exists()
    assert HouseholdResult.objects.filter(run_id=runs["assessment:monitoring"]).exists()
    assert QualityFinding.objects.filter(run_id=runs["quality_check:quality"]).exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            assert cursor.fetchall() == [("ok",)]
