"""The zh-Hans walk: every page of the scope walk's route list, as every role, in Chinese, on the test register
(tests/api/register.py) with runs of every shipped standard added; the text a person reads holds no snake_case
identifier (``near_poor``, ``sudden_hardship``, ``has_income_record``): every code is shown through its label."""

import re
from html import unescape

import pytest
from django.db import transaction

from bangfu.assessment.services import assessment_run
from bangfu.indicators.services import figures_refresh
from bangfu.regions.services import divisions_load_shipped
from bangfu.standards import shipped_standard_ids
from tests import factories
from tests.api.register import build_register
from tests.web.test_scope_walk import ROLES, all_routes, build_walk, combinations, readable

pytestmark = pytest.mark.django_db

#: A snake_case word standing alone (not part of a path, a file name or an address).
SNAKE = re.compile(r"(?<![\w./:@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/.:@-])")


@pytest.fixture(scope="module")
def walked(django_db_setup, django_db_blocker):
    """The scope walk's register, plus runs of cn-2020 (households and villages) and of the monitoring
    standard (2021, with a household near the poverty line), so that every kind of verdict and category shows."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            divisions_load_shipped()
            register = build_register()
            for key in ("xinshan", "dongfeng", "luhe"):
                factories.income(register.households[key], 2021, wages=3000)
            factories.income(register.households["xinshan_exited"], 2021, wages=3000)
            register.runs["cn"] = assessment_run(standard_id="cn-2020", year=2020)
            register.runs["cn_village"] = assessment_run(standard_id="cn-2020", year=2020, level="village")
            register.runs["monitoring"] = assessment_run(standard_id="monitoring", year=2021)
            figures_refresh(reason="test")
            yield build_walk(register)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def visible_text(response) -> str:
    """What a person reads: a page's text without its markup, scripts and styles; a file's cells. Text set as
    ``<code>`` is a literal value shown on purpose (an API token's prefix, an ID number) and is left out."""
    text = readable(response)
    if "html" in response.get("Content-Type", ""):
        text = re.sub(r"<(script|style|code)\b.*?</\1>", " ", text, flags=re.S)
        text = unescape(re.sub(r"<[^>]+>", " ", text))
    return text


def standard_ids() -> re.Pattern:
    """The shipped standards' ids as words (``gd-2016``): pages name a standard by its title."""
    ids = "|".join(re.escape(standard_id) for standard_id in shipped_standard_ids())
    return re.compile(rf"(?<![\w/.=-])(?:{ids})(?![\w/.-])")


def raw_codes(text: str) -> list[str]:
    return sorted(set(SNAKE.findall(text)) | set(standard_ids().findall(text)))


def test_the_check_sees_a_raw_code():
    assert raw_codes("<p>类别：near_poor</p>") == ["near_poor"]
    assert raw_codes("评估: gd-2016 2020；cn-2020 收入线") == ["cn-2020", "gd-2016"]
    assert raw_codes("见 /households/x_y/ 或 a_b.csv、user_1@example.org、?standard=gd-2016") == []


@pytest.mark.parametrize("role", ROLES)
def test_no_raw_code_on_any_page(client, walked, role):
    problems = []
    user = walked.register.users[role]
    runs = walked.register.runs
    for route in all_routes():
        if route.route.startswith("api/"):
            continue  # the API speaks codes to programs
        inside, _outside = combinations(walked, route, role)
        if route.parameters and inside is None:
            continue
        urls = [route.url(inside or {})]
        if route.route == "assessments/<int:run_id>/" and role == "admin":
            urls += [f"/assessments/{runs[key].pk}/" for key in ("cn", "cn_village", "monitoring")]
        for url in urls:
            client.force_login(user)
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
            if response.status_code >= 500:
                problems.append(f"{url} as {role}: {response.status_code}")
            elif found := raw_codes(visible_text(response)):
                problems.append(f"{url} as {role}: {found}")
    assert not problems, "\n".join(problems)
