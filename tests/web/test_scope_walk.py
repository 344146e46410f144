"""The scope walk: every URL of the project, as every role, with records inside and outside the role's scope.

The routes are not listed here: they are read from Django's resolver, so a page or API route added later is
walked too. A path parameter is filled from ``PARAMETERS`` (its name → the kind of record), with a record the
role may see and with every record it may not; a parameter missing from the table fails the walk, so no new
route escapes it. What must hold, for each role:

- a record outside the scope is 403 or 404 (GET and POST), and a POST to it writes nothing;
- no page, list, export or API answer holds a marker of a part of the register outside the scope (the other
  county's household codes, village names, heads' names, project codes), also when the query string names
  an outside village, county, town, run or household (``QUERY_PROBES``);
- nothing answers 500.

The register: tests/api/register.py (海丰县 新山村 and 东风村, 陆河县 坡平村; runs, a programme, projects and
fund flows in each; one user per role).
"""

import io
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from bangfu.accounts.models import Role
from bangfu.api.services import api_token_create
from bangfu.core.models import BackgroundJob
from bangfu.regions.services import divisions_load_shipped
from bangfu.registry.models import ImportConflict
from tests import factories
from tests.api.register import DONGFENG, LUHE, POPING, XINSHAN, Register, build_register
from tests.markets.walk import markets_records

pytestmark = pytest.mark.django_db

#: Routes not walked at all: Django's admin (staff only, its own permission checks), static files, and the
#: language switch (it only sets a cookie).
SKIPPED = ("admin/", "static/", "i18n/")

#: Routes that take no record and show no register data. They are fetched as every role (no 500, no
#: marker) but never POSTed to: a POST would sign the test client in or out.
NO_RECORD = {
    "health/",  # monitoring: {"status": "ok"}
    "login/",  # the sign-in form (signed-in users are sent on)
    "logout/",  # POST only
    "api/",  # ninja's root: a redirect to the docs
    "api/docs",  # the API's docs page (static files only)
    "api/openapi.json",  # the API's schema (no data)
    "favicon.ico",  # a redirect to the static icon
    "account/tokens/new/",  # POST makes the signed-in user's own API token (tests/security/test_tokens.py)
}

#: Path parameters → the kind of record they name. A name used by different routes for different kinds maps
#: route prefixes to kinds. A parameter (or a route prefix) missing here fails the walk: add it with the
#: records it names in ``KINDS`` below.
PARAMETERS: dict[str, str | dict[str, str]] = {
    "division_code": "village",
    "household_code": "household",
    "member_id": "member",
    "record": "member",  # /households/<code>/unmask/<record>/: a member's id (or "phone")
    "run_id": "run",
    "code": {"api/households/": "household", "programme/projects/": "project"},
    "job_id": {
        "assessments/jobs/": "assessment_job",
        "register/upload/exports/": "export_job",  # before register/upload/: the first prefix that matches
        "register/upload/": "upload_job",
    },
    "token_id": "api_token",  # /account/tokens/<id>/revoke/: a user's own API token
    "conflict_id": "conflict",
    "pk": {
        "monitoring/alerts/": "alert",
        "monitoring/cases/": "case",
        "monitoring/leads/": "lead",
        "api/monitoring/cases/": "case",
    },
    "id": {},
}

#: Parts of the register in the order a role's in-scope record is picked from.
PARTS = ("xinshan", "dongfeng", "haifeng", "luhe")
ROLES = ("admin", "officer", "inspector", "unit", "cadre", "nobody")

#: Routes whose in-scope record the walk can only fabricate: an upload job without its uploaded files (the
#: page answers 404 for it). Their out-of-scope records are walked like any other.
FABRICATED = {
    "register/upload/<id:job_id>/",
    "register/upload/<id:job_id>/report.xlsx",
    "register/upload/<id:job_id>/report.txt",
    # a register export's file: the walk's export jobs ended without a file (the page answers 404 for it)
    "register/upload/exports/<id:job_id>/file/",
}

#: How a record outside the scope may be refused: forbidden, not found, or (a route that only takes the
#: other method, refused before any record is looked up) method not allowed.
REFUSED = (403, 404, 405)

#: Rows that may change on any request: sessions, login throttling, the sign-in's last-login time.
VOLATILE = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


@dataclass(frozen=True)
class Route:
    route: str  # e.g. "households/<str:household_code>/"
    parameters: tuple[str, ...]

    def url(self, values: dict[str, str]) -> str:
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), self.route)


def walk(resolver: URLResolver, prefix: str = "") -> Iterator[Route]:
    """Every URL pattern under ``resolver``, its route string from the root and its parameter names."""
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED):
            continue
        if isinstance(pattern, URLResolver):
            yield from walk(pattern, route)
            continue
        assert isinstance(pattern, URLPattern)
        if hasattr(pattern.pattern, "regex") and not hasattr(pattern.pattern, "converters"):
            pytest.fail(f"/{route}: a regular-expression route; the walk fills only path() routes")
        yield Route(route, tuple(re.findall(r"<(?:\w+:)?(\w+)>", route)))


def all_routes() -> list[Route]:
    return list(walk(get_resolver()))


def kind_of(route: Route, parameter: str) -> str:
    kind = PARAMETERS.get(parameter)
    if isinstance(kind, dict):
        kind = next((k for prefix, k in kind.items() if route.route.startswith(prefix)), None)
    if kind is None:
        pytest.fail(
            f"/{route.route}: the parameter <{parameter}> is not in PARAMETERS — add it (and its records) so "
            "that the scope walk covers this route"
        )
    return kind


# ------------------------------------------------------------------------------------------------ records
@dataclass
class Walk:
    register: Register
    kinds: dict[str, dict[str, list]]  # kind → part → values
    jobs: dict[str, dict[str, int]]  # job kind (or api_token) → username → its id: records owned by a user
    probes: dict[str, dict[str, list[str]]]  # query parameter → part → values

    def inside(self, role: str, kind: str):
        """A record of ``kind`` that ``role`` may see (None: none, e.g. the user without a profile)."""
        if kind in self.jobs:
            return self.jobs[kind][role]
        hidden = self.register.hidden_parts(role)
        for part in PARTS:
            if part not in hidden and self.kinds[kind].get(part):
                return self.kinds[kind][part][0]
        return None

    def outside(self, role: str, kind: str) -> list:
        """Every record of ``kind`` that ``role`` may not see."""
        if kind in self.jobs:  # another user's job or token (administrators see every one)
            return [] if role == "admin" else [self.jobs[kind]["other"]]
        hidden = self.register.hidden_parts(role)
        return [value for part in PARTS if part in hidden for value in self.kinds[kind].get(part, [])]

    def query_probes(self, role: str) -> list[dict[str, str]]:
        hidden = self.register.hidden_parts(role)
        return [
            {name: value}
            for name, by_part in self.probes.items()
            for part in PARTS
            if part in hidden
            for value in by_part.get(part, [])
        ]


def _conflict(household) -> ImportConflict:
    return ImportConflict.objects.create(
        id_number_masked="441521********0011", digest=household.code, household=household,
        household_code=household.code, file_name="台账.xlsx", uploaded_by_name="someone", detected_at=timezone.now(),
    )  # fmt: skip


def build_walk(register: Register) -> Walk:
    r = register
    markets_records(r)  # employment and consumption records in each part (the /markets/ lists and the API)
    runs = r.runs
    kinds = {
        "village": {"xinshan": [XINSHAN], "dongfeng": [DONGFENG], "luhe": [POPING]},
        "household": {
            "xinshan": [r.households["xinshan"].code],
            "dongfeng": [r.households["dongfeng"].code],
            "luhe": [r.households["luhe"].code, r.households["luhe_exited"].code],
        },
        "member": {
            part: [r.households[part].members.order_by("id").first().pk]
            for part in ("xinshan", "dongfeng", "luhe")
        },
        # a run over 海丰县 is visible to everyone with a village in it; 陆河县's runs only to the administrator
        "run": {
            "xinshan": [runs["haifeng"].pk, runs["all"].pk, runs["quality_haifeng"].pk],
            "luhe": [runs["luhe"].pk, runs["luhe_village"].pk, runs["quality_luhe"].pk],
        },
        # ID-number conflicts found by uploads, by the registered household's part
        "conflict": {part: [_conflict(r.households[part]).pk] for part in ("xinshan", "dongfeng", "luhe")},
        "project": {
            "xinshan": ["HF-P001"],
            "dongfeng": ["HF-P002"],
            "haifeng": ["HF-P003"],
            "luhe": ["LH-P001", "LH-P002"],
        },
        "alert": monitoring_alerts(r),
        **monitoring_cases_and_leads(r),
    }
    other = factories.account("luhe", Role.OFFICER, divisions=[LUHE])
    jobs = {}
    for kind, job_kind in (
        ("assessment_job", "assessment"),
        ("upload_job", "check"),
        ("export_job", "register_export"),
    ):
        jobs[kind] = {
            username: BackgroundJob.objects.create(
                kind=job_kind,
                user=user,
                status=BackgroundJob.Status.FAILED,
                message="测试",
                parameters={"scope": "441523" if username == "other" else ""},
            ).pk
            for username, user in [*r.users.items(), ("other", other)]
        }
    jobs["api_token"] = {
        username: api_token_create(username=user.username).record.pk
        for username, user in [*r.users.items(), ("other", other)]
    }
    probes = {
        "village": {"dongfeng": [DONGFENG], "luhe": [POPING]},
        "county": {"luhe": [LUHE]},
        "town": {"luhe": [POPING[:9] + "000"]},
        "area": {"dongfeng": [DONGFENG], "luhe": ["441523", POPING]},
        "parent": {"luhe": ["441523"]},
        "run": {"luhe": [str(runs["luhe"].pk), str(runs["quality_luhe"].pk)]},
        # a household code without its last digit: finds the household by code prefix, and the echo of the
        # search box is not itself a marker
        "q": {"dongfeng": [r.households["dongfeng"].code[:-1]], "luhe": [r.households["luhe"].code[:-1]]},
        "search": {
            "dongfeng": [r.households["dongfeng"].code[:-1]],
            "luhe": [r.households["luhe"].code[:-1]],
        },
    }
    return Walk(register, kinds, jobs, probes)


def monitoring_alerts(r: Register) -> dict[str, list[int]]:
    """One open department alert (预警) on each part's household."""
    from bangfu.monitoring.models import AlertImport, DepartmentAlert

    record = AlertImport.objects.create(file_name="医保.csv", sha256="0" * 64)
    alerts = {}
    for part in ("xinshan", "dongfeng", "luhe"):
        household = r.households[part]
        head = household.members.get(relation="户主")
        alerts[part] = [
            DepartmentAlert.objects.create(
                department="卫健", event="新发大病", id_number=head.id_number, name=head.name,
                occurred_on="2024-01-02", member=head, household=household, raised=True, status="待核实",
                import_record=record,
            ).pk
        ]  # fmt: skip
    return alerts


def monitoring_cases_and_leads(r: Register) -> dict[str, dict[str, list[int]]]:
    """One monitoring case and one open lead on each part's household (the cases and leads pages)."""
    from bangfu.monitoring.models import Lead, MonitoringCase

    cases, leads = {}, {}
    for part in ("xinshan", "dongfeng", "luhe"):
        household = r.households[part]
        cases[part] = [
            MonitoringCase.objects.create(household=household, category="边缘易致贫户", risk_types=["因病"],
                                          channel="基层干部排查", discovered_on="2024-01-02").pk
        ]  # fmt: skip
        leads[part] = [
            Lead.objects.create(household=household, channel="农户自主申报", source="农户申报",
                                discovered_on="2024-01-03").pk
        ]  # fmt: skip
    return {"case": cases, "lead": leads}


@pytest.fixture(scope="module")
def walked(django_db_setup, django_db_blocker):
    """The register, built once for the module in a transaction rolled back at its end; each test's own
    writes are rolled back at the end of the test (``django_db``)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            divisions_load_shipped()
            yield build_walk(build_register())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --------------------------------------------------------------------------------------------- responses
def readable(response) -> str:
    """A response's text as a person reads it: JSON with its Chinese unescaped, a workbook's cells."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    if "json" in content_type:
        try:
            return json.dumps(json.loads(body), ensure_ascii=False)
        except ValueError:
            return body.decode("utf-8", "replace")
    if body[:2] == b"PK":  # an xlsx workbook (a zip)
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            " ".join("" if cell is None else str(cell) for cell in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return body.decode("utf-8", "replace")


def leaked(register: Register, role: str, response, path: str) -> list[str]:
    """Markers of parts of the register hidden from ``role`` that the response shows. The request's own path
    is taken out first: pages echo it (the language switch's ``next``), which shows nothing new."""
    text = readable(response).replace(path, "")
    return [marker for marker in register.hidden_markers(role) if marker in text]


def row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in VOLATILE and model._meta.managed
    }


def combinations(walk_: Walk, route: Route, role: str) -> tuple[dict | None, list[dict]]:
    """The route's path values all inside the scope (None when the role has no such record), and every
    combination with at least one value outside."""
    kinds = [kind_of(route, parameter) for parameter in route.parameters]
    inside = [walk_.inside(role, kind) for kind in kinds]
    choices = [[("in", value)] if value is not None else [] for value in inside]
    for options, kind in zip(choices, kinds, strict=True):
        options.extend(("out", value) for value in walk_.outside(role, kind))
    all_inside = None if None in inside else dict(zip(route.parameters, inside, strict=True))
    outside = [
        dict(zip(route.parameters, (value for _where, value in combo), strict=True))
        for combo in itertools.product(*choices)
        if any(where == "out" for where, _value in combo)
    ]
    return all_inside, outside


# ------------------------------------------------------------------------------------------------ the walk
def test_every_route_is_walked(walked):
    """The walk sees the pages and the API, and every parameter is in the table (else it fails here)."""
    routes = all_routes()
    names = {route.route for route in routes}
    assert {"", "villages/", "households/", "api/villages/", "api/households/<code>/"} <= names
    for route in routes:
        for parameter in route.parameters:
            kind_of(route, parameter)
    assert names >= NO_RECORD, "an allow-listed route no longer exists: take it off NO_RECORD"


@pytest.mark.parametrize("role", ROLES)
def test_get_every_route(client, walked, role):
    register, problems, seen = walked.register, [], {}
    user = register.users[role]
    for route in all_routes():
        inside, outside = combinations(walked, route, role)
        for values in outside:
            client.force_login(user)
            response = client.get(route.url(values))
            if response.status_code not in REFUSED:
                problems.append(f"GET {route.url(values)} as {role}: {response.status_code}, not 403/404")
            if found := leaked(register, role, response, route.url(values)):
                problems.append(f"GET {route.url(values)} as {role} shows {found}")
        if route.parameters and inside is None:
            continue
        url = route.url(inside or {})
        for query in [{}, *([] if route.route in NO_RECORD else walked.query_probes(role))]:
            client.force_login(user)
            response = client.get(url, query)
            if not query:
                seen[route.route] = response.status_code
            shown = (
                f"GET {url}{'?' if query else ''}{'&'.join(f'{k}={v}' for k, v in query.items())} as {role}"
            )
            if response.status_code >= 500:
                problems.append(f"{shown}: {response.status_code}")
            if found := leaked(register, role, response, url):
                problems.append(f"{shown} shows {found}")
    if role == "admin":  # administrators may use every page: one that is not 200 would show nothing to check
        pages = set(seen) - NO_RECORD - FABRICATED
        assert len(pages) > 20 and not {
            route: seen[route] for route in pages if seen[route] not in (200, 405)
        }
    assert not problems, "\n".join(problems)


#: A form that would be accepted if nothing checked the scope: a visit, a measure, a run over 陆河县.
def outside_form(walk_: Walk) -> dict[str, str]:
    from bangfu.programme.models import Cadre

    return {
        "date": "2020-05-01",
        "cadre": str(Cadre.objects.get(code="C-luhe").pk),
        "notes": "走访",
        "findings": "",
        "category": "产业",
        "description": "测试",
        "status": "计划",
        "amount": "100",
        "standard": "gd-2016",
        "year": "2020",
        "level": "household",
        "area": "441523",
        "as_of": "2020-01-01",
    }


@pytest.mark.parametrize("role", [role for role in ROLES if role != "admin"])
def test_post_to_anything_outside_the_scope_writes_nothing(client, walked, role):
    register, problems = walked.register, []
    user = register.users[role]
    form = outside_form(walked)
    for route in all_routes():
        if route.route in NO_RECORD:
            continue
        _inside, outside = combinations(walked, route, role)
        targets = [(values, True) for values in outside]
        if not route.parameters:  # a form naming records outside the scope (a run over 陆河县, …)
            targets.append(({}, False))
        for values, must_refuse in targets:
            client.force_login(user)
            before = row_counts()
            response = client.post(route.url(values), form)
            after = row_counts()
            shown = f"POST {route.url(values)} as {role}"
            if must_refuse and response.status_code not in REFUSED:
                problems.append(f"{shown}: {response.status_code}, not 403/404 (or 405: no POST)")
            if response.status_code >= 500:
                problems.append(f"{shown}: {response.status_code}")
            if changed := {key: (before[key], after[key]) for key in before if before[key] != after[key]}:
                problems.append(f"{shown} wrote {changed}")
            if found := leaked(register, role, response, route.url(values)):
                problems.append(f"{shown} shows {found}")
    assert not problems, "\n".join(problems)


def test_the_post_check_sees_a_write(client, walked):
    """The harness itself: a measure added to a household in the officer's scope changes the row counts."""
    client.force_login(walked.register.users["officer"])
    before = row_counts()
    form = outside_form(walked) | {"description": "在范围内"}
    response = client.post(
        f"/programme/households/{walked.register.households['xinshan'].code}/measures/new/", form
    )
    assert response.status_code == 302
    assert row_counts()["programme.measure"] == before["programme.measure"] + 1


def test_a_run_page_does_not_name_an_area_outside_the_scope(client, walked):
    """The walk's one finding, fixed: ?area=<陆河县's village> on a run page was named in the breadcrumb."""
    client.force_login(walked.register.users["officer"])
    url = f"/assessments/{walked.register.runs['haifeng'].pk}/"
    response = client.get(url, {"area": POPING})
    assert response.status_code == 404
    assert not leaked(walked.register, "officer", response, url)
