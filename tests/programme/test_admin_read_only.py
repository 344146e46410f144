"""The admin saves through the services or is read-only: a record that only a service (or the register's
import) writes cannot be changed, added or deleted on its admin page — a POST is refused and nothing is
written — and a record with a "set" service is changed through it, its key read-only."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone

from bangfu.accounts.models import Role
from bangfu.api.models import ApiToken
from bangfu.api.services import api_token_create
from bangfu.assessment.models import AssessmentRun
from bangfu.markets import services as markets_services
from bangfu.programme import services
from bangfu.programme.models import Evaluation, HouseholdPlan, Measure
from bangfu.registry.models import Household, Member
from tests import factories
from tests.programme import records

HOUSEHOLD = "4415211012010001"


@pytest.fixture
def admin_client(client, divisions):
    client.force_login(factories.account("boss", Role.ADMINISTRATOR))
    return client


@pytest.fixture
def household(divisions):
    return factories.household(factories.village(), HOUSEHOLD, members=2)


def test_register_records_are_read_only_in_the_admin(admin_client, household):
    member = household.members.first()
    url = f"/admin/registry/household/{household.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.post(url, {"code": "4415211012019999"}).status_code == 403
    assert (
        admin_client.post(f"/admin/registry/member/{member.pk}/change/", {"name": "改名"}).status_code == 403
    )
    assert (
        admin_client.post("/admin/registry/household/add/", {"code": "4415211012019999"}).status_code == 403
    )
    assert (
        admin_client.post(f"/admin/registry/household/{household.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Household.objects.get().code == HOUSEHOLD and Member.objects.get(pk=member.pk).name == member.name


def test_measures_and_visits_are_not_changed_in_the_admin(admin_client, household):
    plan = services.household_plan_set(household=household, year=2018)
    measure = services.measure_create(plan=plan, category="产业", start_date=date(2018, 3, 1))
    data = {
        "plan": plan.pk,
        "category": "产业",
        "status": "计划",
        "start_date": "2018-03-01",
        "end_date": "2018-01-01",
    }  # fmt: skip  — an end before the start, which measure_create refuses
    assert admin_client.post(f"/admin/programme/measure/{measure.pk}/change/", data).status_code == 403
    assert Measure.objects.get().end_date is None
    assert admin_client.post("/admin/programme/visit/add/", {"household": household.pk}).status_code == 403
    # the plan's page lists its measures read-only: no inline form to add or change one
    page = admin_client.get(f"/admin/programme/householdplan/{plan.pk}/change/").content.decode()
    assert "产业" in page and not re.search(r'name="[\w-]+-0-(category|description)"', page)


def test_a_plan_is_changed_through_its_service_with_its_key_read_only(admin_client, household, monkeypatch):
    plan = services.household_plan_set(household=household, year=2018, summary="发展茶叶")
    called = []
    original = services.household_plan_set
    monkeypatch.setattr(services, "household_plan_set", lambda **kw: called.append(kw) or original(**kw))
    response = admin_client.post(
        f"/admin/programme/householdplan/{plan.pk}/change/",
        {"summary": "发展养殖", "year": "2030", "household": "0", "measures-TOTAL_FORMS": "0",
         "measures-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    plan = HouseholdPlan.objects.get()
    assert (plan.year, plan.household_id, plan.summary) == (2018, household.pk, "发展养殖")
    assert called and called[-1] == {"household": household, "year": 2018, "summary": "发展养殖"}


def test_an_evaluation_change_goes_through_evaluation_set(admin_client):
    programme = records.programme()
    evaluation = services.evaluation_set(programme=programme, year=2018, grade="好")
    url = f"/admin/programme/evaluation/{evaluation.pk}/change/"
    response = admin_client.post(url, {"grade": "较差", "evaluator": "市考核组", "notes": "", "year": "2019"})
    assert response.status_code == 302
    assert list(Evaluation.objects.values_list("year", "grade", "evaluator")) == [(2018, "较差", "市考核组")]


def test_runs_tokens_and_market_records_cannot_be_deleted_or_changed(admin_client, household):
    run = AssessmentRun.objects.create(
        standard="gd-2016",
        year=2020,
        level="household",
        started_at=timezone.now(),
        finished_at=timezone.now(),
    )
    assert (
        admin_client.post(f"/admin/assessment/assessmentrun/{run.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    api_token_create(username="boss")
    token = ApiToken.objects.get()
    assert admin_client.post(f"/admin/api/apitoken/{token.pk}/delete/", {"post": "yes"}).status_code == 403
    producer = markets_services.producer_create(
        code="P1", name="茶厂", kind="企业", village=household.village
    )
    url = f"/admin/markets/producer/{producer.pk}/change/"
    assert admin_client.post(url, {"code": "P1", "name": "改名", "kind": "企业"}).status_code == 403
    assert AssessmentRun.objects.count() == 1 and ApiToken.objects.count() == 1
    producer.refresh_from_db()
    assert producer.name == "茶厂"
