"""Data-quality findings in the browser: within scope, filtered by check and village, ID numbers masked."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model

from bangfu.accounts.models import Role
from bangfu.assessment.models import AssessmentRun
from bangfu.assessment.services import quality_check_run
from bangfu.core.models import BackgroundJob
from bangfu.registry.models import Member
from tests import factories
from tests.assessment.registers import small_register

PASSWORD = "pw-Bangfu-2020"


@pytest.fixture(autouse=True)
def inline_jobs(settings):
    settings.BANGFU_JOBS_INLINE = True


@pytest.fixture
def register(divisions):
    register = small_register()
    # a finding in 陆丰市 too: a member of B2 in neither medical scheme
    b2 = register["households"]["B2"]
    Member.objects.filter(household=b2).update(resident_medical_insurance=False)
    return register


@pytest.fixture
def users(register):
    return {
        "admin": factories.account("boss", Role.ADMINISTRATOR),
        "haifeng": factories.account("haifeng", Role.OFFICER, divisions=["441521000000"]),
        "lufeng": factories.account("lufeng", Role.OFFICER, divisions=["441581000000"]),
        "cadre": factories.account("cadre", Role.CADRE, villages=["441521101201"]),
        "inspector": factories.account("inspector", Role.INSPECTOR, divisions=["441581000000"]),
        "nobody": get_user_model().objects.create_user("nobody", password=PASSWORD),
    }


def test_an_officer_runs_the_checks_of_their_county_from_the_page(client, users):
    client.force_login(users["haifeng"])
    response = client.post(
        "/assessments/start/", {"standard": "quality", "as_of": "2021-01-01", "next": "/quality/"}
    )
    job = BackgroundJob.objects.get()
    assert job.kind == "quality_check" and job.status == "succeeded", job.message
    run = AssessmentRun.objects.get(pk=job.result["run_id"])
    assert run.scope == "441521" and run.as_of == datetime.date(2021, 1, 1)
    page = client.get(response.url).content.decode()
    assert f'href="/quality/?run={run.pk}"' in page
    findings = client.get("/quality/").content.decode()
    assert "重复参保" in findings and "4415211012010003" in findings


def test_findings_are_shown_within_each_readers_scope_with_masked_id_numbers(client, users, register):
    run = quality_check_run(as_of=datetime.date(2021, 1, 1))  # the whole register
    both = register["both_schemes"]
    for name, sees_a, sees_b in [
        ("admin", True, True),
        ("haifeng", True, False),
        ("cadre", True, False),
        ("lufeng", False, True),
        ("inspector", False, True),
        ("nobody", False, False),
    ]:
        client.force_login(users[name])
        page = client.get("/quality/").content.decode()
        assert ("4415211012010003" in page) is sees_a, name
        assert ("4415811022030002" in page) is sees_b, name
        assert both.id_number not in page
        if sees_a:
            assert both.id_number[:6] + "********" + both.id_number[-4:] in page
    client.force_login(users["nobody"])
    assert client.get(f"/quality/?run={run.pk}").status_code == 404


def test_findings_filter_by_check_and_village(client, users):
    quality_check_run(as_of=datetime.date(2021, 1, 1))
    client.force_login(users["admin"])
    only_a = client.get("/quality/?village=441521101201").content.decode()
    assert "4415211012010003" in only_a and "4415811022030002" not in only_a
    medical = client.get("/quality/?check=medical_no_scheme").content.decode()
    assert "4415811022030002" in medical and "重复参保</td>" not in medical


def test_a_quality_run_of_another_county_is_not_shown(client, users):
    run = quality_check_run(scope="441581", as_of=datetime.date(2021, 1, 1))
    client.force_login(users["haifeng"])
    assert client.get(f"/quality/?run={run.pk}").status_code == 404
    assert "还没有运行过数据质量检查" in client.get("/quality/").content.decode()
    assert client.get(f"/assessments/{run.pk}/").status_code == 404
