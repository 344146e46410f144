"""Re-running a finished job (``core.jobs.job_rerun``), without a browser: the same registered task with the
same JSON arguments as a new job; who may; refused while the job is queued or running."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from bangfu.core import jobs
from bangfu.core.errors import ApplicationError
from bangfu.core.jobs.worker import Worker
from bangfu.core.models import BackgroundJob, PersonalDataAccess
from tests.core.rerun_tasks import record_task

Status = BackgroundJob.Status


@pytest.fixture
def people(db):
    User = get_user_model()
    return {
        "owner": User.objects.create_user("owner", password="pw-Bangfu-2020"),
        "other": User.objects.create_user("other", password="pw-Bangfu-2020"),
        "admin": User.objects.create_superuser("root", password="pw-Bangfu-2020"),
    }


@pytest.fixture
def inline(settings):
    settings.BANGFU_JOBS_INLINE = True


@pytest.fixture(autouse=True)
def chinese():
    """The refusals are read in Chinese, whatever language a test before this one left active."""
    with translation.override("zh-hans"):
        yield


def started(user, **arguments) -> BackgroundJob:
    job = jobs.job_start(kind="test", user=user, parameters={"lang": "zh-hans", "what": "记录"},
                         task=record_task, arguments={"username": "u1", **arguments})  # fmt: skip
    job.refresh_from_db()
    return job


def test_the_owner_reruns_a_failed_job_with_the_same_task_and_arguments(people, inline):
    first = started(people["owner"], fail=True)
    assert first.status == Status.FAILED and not PersonalDataAccess.objects.exists()
    assert first.task_path == "tests.core.rerun_tasks.record_task"
    assert first.arguments == {"username": "u1", "fail": True}

    again = jobs.job_rerun(actor=people["owner"], job=first)
    assert again.pk != first.pk and again.kind == "test" and again.user == people["owner"]
    assert (again.task_path, again.arguments) == (first.task_path, first.arguments)
    assert again.parameters == {"lang": "zh-hans", "what": "记录", "rerun_of": first.pk, "rerun_by": "owner"}
    assert again.status == Status.FAILED and again.message == "失败了"  # the same arguments: it fails again


def test_a_succeeded_job_rerun_does_its_work_again(people, inline):
    first = started(people["owner"])
    assert first.status == Status.SUCCEEDED and first.result == {"rows": 1}
    again = jobs.job_rerun(actor=people["owner"], job=first)
    again.refresh_from_db()
    assert again.status == Status.SUCCEEDED and again.result == {"rows": 2}


def test_an_administrator_reruns_anyone_s_job_for_its_user_and_others_may_not(people, inline):
    first = started(people["owner"])
    with pytest.raises(ApplicationError, match="只能重新运行自己的任务"):
        jobs.job_rerun(actor=people["other"], job=first)
    assert BackgroundJob.objects.count() == 1
    again = jobs.job_rerun(actor=people["admin"], job=first)
    assert again.user == people["owner"] and again.parameters["rerun_by"] == "root"


@pytest.mark.parametrize("status", [Status.QUEUED, Status.RUNNING])
def test_a_job_still_queued_or_running_is_refused_in_chinese(people, inline, status):
    job = BackgroundJob.objects.create(kind="test", user=people["owner"], status=status, worker=jobs.worker_id(),
                                       task_path="tests.core.rerun_tasks.record_task", arguments={"username": "x"})  # fmt: skip
    jobs.state.live_set(job.pk, status=status)  # this process runs it: not a stopped server's job
    try:
        with pytest.raises(ApplicationError, match="仍在排队或运行"):
            jobs.job_rerun(actor=people["admin"], job=job)
    finally:
        jobs.state.live_forget(job.pk)
    assert BackgroundJob.objects.count() == 1


def test_a_task_that_is_not_a_registered_task_is_refused(people, inline):
    job = BackgroundJob.objects.create(kind="test", user=people["owner"], status=Status.FAILED,
                                       task_path="bangfu.core.jobs.job_start", arguments={})  # fmt: skip
    with pytest.raises(ApplicationError, match="任务已不存在"):
        jobs.job_rerun(actor=people["admin"], job=job)


@pytest.mark.django_db(transaction=True)
def test_the_queue_runs_the_rerun_and_an_older_job_reruns_from_the_queue_s_record(people):
    """Queued for ``bangfu worker`` (the database backend), as users run it; a job recorded before jobs kept
    their task's arguments is re-run from the queue's own record of the task."""
    first = started(people["owner"], username="queued")
    assert first.status == Status.QUEUED and first.task_id not in {"", "inline"}
    Worker(interval=0, batch=True).run()
    first.refresh_from_db()
    assert first.status == Status.SUCCEEDED
    BackgroundJob.objects.filter(pk=first.pk).update(task_path="", arguments={})  # as an older row
    first.refresh_from_db()

    again = jobs.job_rerun(actor=people["owner"], job=first)
    assert again.status == Status.QUEUED and again.task_path == "tests.core.rerun_tasks.record_task"
    assert again.arguments == {"username": "queued"}
    Worker(interval=0, batch=True).run()
    again.refresh_from_db()
    assert again.status == Status.SUCCEEDED and again.result == {"rows": 2}
