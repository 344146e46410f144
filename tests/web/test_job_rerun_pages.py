"""Re-running a finished job from its page and from the admin's action (``core.jobs.job_rerun`` at both
doors): the same task and arguments as a new job; refused while the job still runs."""

from __future__ import annotations

import pytest

from bangfu.accounts.models import Role
from bangfu.core.models import BackgroundJob
from tests import factories
from tests.assessment.registers import small_register

Status = BackgroundJob.Status
RUN = {"standard": "gd-2016", "year": "2020", "level": "household"}


@pytest.fixture(autouse=True)
def inline_jobs(settings):
    settings.BANGFU_JOBS_INLINE = True


@pytest.fixture
def users(divisions):
    small_register()
    return {
        "admin": factories.account("boss", Role.ADMINISTRATOR),
        "haifeng": factories.account("haifeng", Role.OFFICER, divisions=["441521000000"]),
        "lufeng": factories.account("lufeng", Role.OFFICER, divisions=["441581000000"]),
    }


def test_the_officer_runs_a_finished_assessment_again_from_its_page(client, users):
    client.force_login(users["haifeng"])
    first_url = client.post("/assessments/start/", RUN).url
    first = BackgroundJob.objects.get()
    assert first.status == Status.SUCCEEDED
    page = client.get(first_url).content.decode()
    assert f'action="{first_url}rerun/"' in page and "重新运行" in page

    response = client.post(f"{first_url}rerun/")
    again = BackgroundJob.objects.exclude(pk=first.pk).get()
    assert response.status_code == 302 and response.url == f"/assessments/jobs/{again.pk}/"
    assert (again.kind, again.user, again.task_path) == ("assessment", users["haifeng"], first.task_path)
    assert again.arguments == first.arguments == {**{"standard": "gd-2016", "year": 2020}, "level": "household",
                                                  "scope": "441521"}  # fmt: skip
    assert again.status == Status.SUCCEEDED and again.result["run_id"] != first.result["run_id"]
    assert again.parameters["rerun_of"] == first.pk


def test_a_running_job_is_not_rerun_and_another_officer_does_not_see_it(client, users):
    client.force_login(users["haifeng"])
    client.post("/assessments/start/", RUN)
    first = BackgroundJob.objects.get()
    client.force_login(users["lufeng"])
    assert client.post(f"/assessments/jobs/{first.pk}/rerun/").status_code == 404
    BackgroundJob.objects.filter(pk=first.pk).update(status=Status.QUEUED)  # as if waiting for the worker
    client.force_login(users["haifeng"])
    response = client.post(f"/assessments/jobs/{first.pk}/rerun/", follow=True)
    assert "仍在排队或运行" in response.content.decode()
    assert BackgroundJob.objects.count() == 1
    assert 'rerun/"' not in client.get(f"/assessments/jobs/{first.pk}/").content.decode()


def test_the_admin_action_reruns_finished_jobs_and_refuses_a_queued_one(client, users):
    client.force_login(users["haifeng"])
    client.post("/assessments/start/", RUN)
    client.post("/assessments/start/", RUN)
    done, waiting = BackgroundJob.objects.order_by("pk")
    BackgroundJob.objects.filter(pk=waiting.pk).update(status=Status.QUEUED)
    client.force_login(users["admin"])
    response = client.post(
        "/admin/core/backgroundjob/",
        {"action": "rerun", "_selected_action": [done.pk, waiting.pk]},
        follow=True,
    )
    page = response.content.decode()
    again = BackgroundJob.objects.exclude(pk__in=[done.pk, waiting.pk]).get()
    assert f"#{again.pk}" in page and "仍在排队或运行" in page
    assert again.user == users["haifeng"] and again.parameters["rerun_by"] == "boss"
    assert again.arguments == done.arguments and again.status == Status.SUCCEEDED


def test_the_jobs_admin_is_read_only(client, users):
    client.force_login(users["haifeng"])
    client.post("/assessments/start/", RUN)
    job = BackgroundJob.objects.get()
    client.force_login(users["admin"])
    assert client.get(f"/admin/core/backgroundjob/{job.pk}/change/").status_code == 200
    response = client.post(f"/admin/core/backgroundjob/{job.pk}/change/", {"kind": "changed"})
    assert response.status_code == 403
    job.refresh_from_db()
    assert job.kind == "assessment"
