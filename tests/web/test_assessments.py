"""Assessment runs in the browser's pages: starting runs, their jobs, results by area, per role and scope."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from bangfu.accounts.models import Role
from bangfu.assessment.models import AssessmentRun
from bangfu.assessment.services import assessment_run
from bangfu.core import jobs
from bangfu.core.models import BackgroundJob
from tests import factories
from tests.assessment.registers import small_register

PASSWORD = "pw-Bangfu-2020"
A1, A2, A3 = "4415211012010001", "4415211012010002", "4415211012010003"
B2 = "4415811022030002"


@pytest.fixture(autouse=True)
def inline_jobs(settings):
    settings.BANGFU_JOBS_INLINE = True


@pytest.fixture
def register(divisions):
    return small_register()


@pytest.fixture
def users(register):
    return {
        "admin": factories.account("boss", Role.ADMINISTRATOR),
        "haifeng": factories.account("haifeng", Role.OFFICER, divisions=["441521000000"]),
        "lufeng": factories.account("lufeng", Role.OFFICER, divisions=["441581000000"]),
        "cadre": factories.account("cadre", Role.CADRE, villages=["441521101201"]),
        "inspector": factories.account("inspector", Role.INSPECTOR, divisions=["441521000000"]),
        "nobody": get_user_model().objects.create_user("nobody", password=PASSWORD),
    }


def signed_in(client, user):
    client.force_login(user)
    return client


def start(client, **form):
    form = {"standard": "gd-2016", "year": "2020", "level": "household"} | form
    return client.post("/assessments/start/", form)


def test_an_officer_starts_a_run_of_their_county_and_follows_it_to_the_results(client, users):
    signed_in(client, users["haifeng"])
    response = start(client)
    assert response.status_code == 302 and response.url.startswith("/assessments/jobs/")
    job = BackgroundJob.objects.get()
    assert job.status == "succeeded" and job.user == users["haifeng"] and job.kind == "assessment"
    run = AssessmentRun.objects.get(pk=job.result["run_id"])
    assert run.scope == "441521"  # the officer's county, automatically
    page = client.get(response.url).content.decode()
    assert f'href="/assessments/{run.pk}/"' in page and "progress" in page
    detail = client.get(f"/assessments/{run.pk}/").content.decode()
    assert "海丰县" in detail and "陆丰市" not in detail


def test_the_job_fragment_polls_while_running_and_stops_when_done(client, users):
    job = BackgroundJob.objects.create(
        kind="assessment", user=users["haifeng"], status="running", worker=jobs.worker_id()
    )
    jobs.state.live_set(job.pk, status="running", stage="快照户", done=3, fraction=0.3)
    signed_in(client, users["haifeng"])
    try:
        fragment = client.get(f"/assessments/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    finally:
        jobs.state._live.pop(job.pk, None)
    assert fragment.startswith('<section id="job"') and 'hx-trigger="every 1s"' in fragment
    assert 'value="30"' in fragment and "读取户" in fragment
    BackgroundJob.objects.filter(pk=job.pk).update(status="failed", message="标准 gd-2016 没有 2031 年的参数")
    fragment = client.get(f"/assessments/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment and "标准 gd-2016 没有 2031 年的参数" in fragment


def test_a_failed_run_shows_its_reason_in_chinese(client, users, monkeypatch):
    from bangfu.core.errors import ApplicationError

    def fail(**kwargs):
        raise ApplicationError("无法保存标准 gd-2016 的评估结果，未保存任何结果：磁盘已满")

    monkeypatch.setattr("bangfu.assessment.run_start.assessment_run", fail)
    signed_in(client, users["admin"])
    response = start(client)
    page = client.get(response.url).content.decode()
    assert "失败" in page and "未保存任何结果：磁盘已满" in page
    assert not AssessmentRun.objects.exists()


def test_counts_are_recomputed_within_each_readers_scope(client, users):
    run = assessment_run(standard_id="gd-2016", year=2020)  # the whole register: A1 A2 A3 B2
    assert sum(run.result_counts.values()) == 4
    expected = {"admin": 4, "haifeng": 3, "cadre": 3, "inspector": 3, "lufeng": 1}
    for name, total in expected.items():
        client.force_login(users[name])
        listing = client.get("/assessments/")
        assert listing.status_code == 200
        detail = client.get(f"/assessments/{run.pk}/").content.decode()
        figures = [int(n) for n in _figures(detail)]
        assert sum(figures) == total, name
    client.force_login(users["nobody"])
    assert f"/assessments/{run.pk}/" not in client.get("/assessments/").content.decode()
    assert client.get(f"/assessments/{run.pk}/").status_code == 404


def _figures(html: str) -> list[str]:
    import re

    return re.findall(r'<div class="value">(\d+)</div>', html)


def test_a_run_of_another_county_is_not_visible(client, users):
    run = assessment_run(standard_id="gd-2016", year=2020, scope="441581")
    client.force_login(users["haifeng"])
    assert client.get(f"/assessments/{run.pk}/").status_code == 404
    assert f"/assessments/{run.pk}/" not in client.get("/assessments/").content.decode()
    client.force_login(users["lufeng"])
    assert client.get(f"/assessments/{run.pk}/").status_code == 200


def test_drill_down_from_counties_to_households_with_their_verdicts(client, users):
    run = assessment_run(standard_id="gd-2016", year=2020)
    client.force_login(users["haifeng"])
    counties = client.get(f"/assessments/{run.pk}/").content.decode()
    assert 'href="?area=441521"' in counties and "441581" not in counties
    towns = client.get(f"/assessments/{run.pk}/?area=441521").content.decode()
    assert 'href="?area=441521101"' in towns
    villages = client.get(f"/assessments/{run.pk}/?area=441521101").content.decode()
    assert 'href="?area=441521101201"' in villages and "新山村" in villages
    households = client.get(f"/assessments/{run.pk}/?area=441521101201").content.decode()
    for code in (A1, A2, A3):
        assert f'href="/households/{code}/"' in households
    assert "收入" in households  # failed criteria by their titles
    failed = client.get(f"/assessments/{run.pk}/?area=441521101201&result=fail").content.decode()
    assert f"/households/{A1}/" not in failed and f"/households/{A2}/" in failed
    # another county's village, asked for directly: nothing of it
    other = client.get(f"/assessments/{run.pk}/?area=441581102203").content.decode()
    assert B2 not in other


def test_a_village_run_lists_villages_with_their_incidence(client, users):
    run = assessment_run(standard_id="gd-2016", year=2020, level="village")
    client.force_login(users["admin"])
    page = client.get(f"/assessments/{run.pk}/?area=441521101").content.decode()
    assert 'href="/villages/441521101201/"' in page and "%" in page


@pytest.mark.parametrize("role", ["inspector", "cadre", "nobody"])
def test_read_only_roles_may_not_start_runs(client, users, role):
    client.force_login(users[role])
    assert start(client).status_code == 403
    assert client.post("/assessments/start/", {"standard": "quality"}).status_code == 403
    assert not BackgroundJob.objects.exists()
    assert 'action="/assessments/start/"' not in client.get("/assessments/").content.decode()


def test_an_officer_may_not_assess_another_area(client, users):
    client.force_login(users["haifeng"])
    response = start(client, area="441581")
    assert response.status_code == 302 and response.url == "/assessments/"
    assert not BackgroundJob.objects.exists()
    assert "只能评估" in client.get("/assessments/").content.decode()


def test_a_year_the_standard_has_no_parameters_for_is_refused_at_once(client, users):
    client.force_login(users["admin"])
    start(client, year="2014")
    assert not BackgroundJob.objects.exists()


def test_another_users_job_is_not_shown(client, users):
    client.force_login(users["haifeng"])
    job_url = start(client).url
    client.force_login(users["lufeng"])
    assert client.get(job_url).status_code == 404


def test_the_pages_are_in_english_on_request(client, users):
    client.force_login(users["haifeng"])
    page = client.get("/assessments/", headers={"accept-language": "en"}).content.decode()
    assert "Assessment runs" in page and "Start an assessment run" in page
