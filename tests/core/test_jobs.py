"""Background jobs: progress visible while the job's own transaction is open, failures, interrupted jobs."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import translation

from bangfu.core import jobs
from bangfu.core.errors import ApplicationError
from bangfu.core.models import BackgroundJob, PersonalDataAccess

Status = BackgroundJob.Status


def start(task, parameters=None, *, inline=False):
    """A job run by ``job_run`` as the worker runs it: here in a thread of its own (or inline)."""
    job = BackgroundJob.objects.create(
        kind="test",
        parameters=parameters or {},
        status=Status.QUEUED,
        task_id="inline" if inline else "thread",
    )
    if inline:
        jobs.job_run(job.pk, task)
        job.refresh_from_db()
        return job

    def run():
        try:
            jobs.job_run(job.pk, task)
        finally:
            connections.close_all()

    threading.Thread(target=run, daemon=True).start()
    return job


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_from_another_connection_while_the_job_transaction_is_open():
    reached, release = threading.Event(), threading.Event()

    def task(progress):
        with transaction.atomic():  # the services write all or nothing, like this
            PersonalDataAccess.objects.create(username="job", purpose="test", records=1)
            progress("写入结果", 5, 10)
            reached.set()
            assert release.wait(20)
        return {"written": 1}

    job = start(task)
    try:
        assert reached.wait(20)
        # This thread has its own database connection; the job's transaction is still open.
        row = BackgroundJob.objects.get(pk=job.pk)
        assert row.status == Status.RUNNING
        state = jobs.job_state(row)
        assert (state.status, state.stage, state.done, state.total) == ("running", "写入结果", 5, 10)
        assert state.percent == 50
        if connection.vendor == "postgresql":
            # the row itself carries the progress (mirrored through a separate connection) …
            assert (row.stage, row.done, row.total) == ("写入结果", 5, 10)
            # … while the job's own writes are not visible yet: its transaction is open
            assert not PersonalDataAccess.objects.exists()
    finally:
        release.set()
    row = jobs.job_wait(job.pk, timeout=20)
    assert row.status == Status.SUCCEEDED and row.result == {"written": 1}
    assert row.started_at and row.finished_at and row.finished_at >= row.started_at
    assert PersonalDataAccess.objects.count() == 1
    assert jobs.job_state(row).percent == 100


@pytest.mark.django_db(transaction=True)
def test_a_failed_job_writes_nothing_and_keeps_its_one_line_reason():
    def task(progress):
        with transaction.atomic():
            PersonalDataAccess.objects.create(username="job", purpose="test", records=1)
            progress("写入结果", 1, 2)
            raise ApplicationError("标准 gd-2016 的查询无法执行：列不存在\n（详细信息）")

    job = start(task)
    row = jobs.job_wait(job.pk, timeout=20)
    assert row.status == Status.FAILED
    assert row.message == "标准 gd-2016 的查询无法执行：列不存在"
    assert row.stage == "写入结果" and row.finished_at is not None
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.django_db
def test_an_unexpected_error_fails_the_job_with_a_chinese_reason():
    def task(progress):
        raise ValueError("bug")

    job = start(task, {"lang": "zh-hans"}, inline=True)
    assert job.status == Status.FAILED
    assert "意外错误" in job.message and "ValueError" in job.message and "\n" not in job.message


@pytest.mark.django_db
def test_jobs_of_a_stopped_server_are_marked_interrupted():
    gone = BackgroundJob.objects.create(kind="test", status=Status.RUNNING, worker=f"{jobs.HOST}:999999999:x")
    earlier_boot = BackgroundJob.objects.create(
        kind="test", status=Status.QUEUED, worker=f"{jobs.HOST}:{jobs.os.getpid()}:earlier"
    )
    this_process_lost = BackgroundJob.objects.create(
        kind="test", status=Status.RUNNING, worker=jobs.worker_id()
    )
    other_host = BackgroundJob.objects.create(kind="test", status=Status.RUNNING, worker="elsewhere:1:abc")
    done = BackgroundJob.objects.create(
        kind="test", status=Status.SUCCEEDED, worker=f"{jobs.HOST}:999999999:x"
    )
    assert jobs.jobs_recover(force=True) == 3
    for job in (gone, earlier_boot, this_process_lost):
        job.refresh_from_db()
        assert job.status == Status.INTERRUPTED and job.finished_at is not None
        assert "服务器" in job.message or "server" in job.message
    other_host.refresh_from_db()
    done.refresh_from_db()
    assert other_host.status == Status.RUNNING and done.status == Status.SUCCEEDED


@pytest.mark.django_db(transaction=True)
def test_writing_jobs_run_one_at_a_time_and_wait_queued():
    release = threading.Event()
    first_running = threading.Event()

    def first(progress):
        first_running.set()
        assert release.wait(20)
        return {}

    def second(progress):
        return {"second": True}

    one = start(first)
    assert first_running.wait(20)
    two = start(second)
    try:
        assert jobs.job_state(BackgroundJob.objects.get(pk=two.pk)).status == Status.QUEUED
    finally:
        release.set()
    assert jobs.job_wait(one.pk, 20).status == Status.SUCCEEDED
    assert jobs.job_wait(two.pk, 20).result == {"second": True}


def test_a_job_state_shows_percent_from_its_steps():
    progress = jobs.JobProgress(-1)
    progress.plan(["快照户", "评估", "写入结果"], {"写入结果": 200})
    progress("评估", 0, final=True)
    assert jobs.live_get(-1).fraction == pytest.approx(2 / 3)
    progress("写入结果", 100)
    assert jobs.live_get(-1).fraction == pytest.approx(2.5 / 3)
    jobs.state._live.pop(-1)


# ------------------------------------------------------------------------------------------------ kept


@pytest.mark.django_db(transaction=True)
def test_what_a_job_stored_is_marked_in_the_same_transaction_and_survives_a_later_failure():
    def task(progress):
        with transaction.atomic():
            access = PersonalDataAccess.objects.create(username="job", purpose="test", records=1)
            jobs.job_keep(access_id=access.pk)
            progress("写入结果", 1, 1, final=True)  # PostgreSQL: the mirror must not wait for the row's lock
        raise ValueError("after the commit")  # e.g. the task's last line fails

    job = start(task, {"lang": "zh-hans"})
    row = jobs.job_wait(job.pk, timeout=20)
    access = PersonalDataAccess.objects.get()
    assert row.status == Status.FAILED and row.kept == {"access_id": access.pk}
    assert "保留" in row.message and "未保留" not in row.message
    assert jobs.job_state(row).stored


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_takes_the_kept_mark_with_it():
    def task(progress):
        with transaction.atomic():
            access = PersonalDataAccess.objects.create(username="job", purpose="test", records=1)
            jobs.job_keep(access_id=access.pk)
            raise RuntimeError("before the commit")

    job = start(task, {"lang": "en"})
    row = jobs.job_wait(job.pk, timeout=20)
    assert row.status == Status.FAILED and row.kept == {}
    assert not PersonalDataAccess.objects.exists()
    assert "Nothing of it was kept" in row.message


def test_job_keep_does_nothing_outside_a_job_and_refuses_outside_a_transaction():
    jobs.job_keep(run_id=1)  # a command: no job, nothing to mark, no database touched
    token = jobs.running._current.set((-1, None))
    try:
        with pytest.raises(RuntimeError):
            jobs.job_keep(run_id=1)
    finally:
        jobs.running._current.reset(token)


@pytest.mark.django_db
def test_an_interrupted_job_that_had_stored_its_results_says_so():
    worker = f"{jobs.HOST}:999999999:x"
    stored = BackgroundJob.objects.create(
        kind="test", status=Status.RUNNING, worker=worker, kept={"run_id": 7}
    )
    lost = BackgroundJob.objects.create(kind="test", status=Status.RUNNING, worker=worker)
    with translation.override("en"):
        assert jobs.jobs_recover(force=True) == 2
    stored.refresh_from_db()
    lost.refresh_from_db()
    assert stored.status == lost.status == Status.INTERRUPTED
    assert "stored its results" in stored.message and "nothing" not in stored.message
    assert "nothing of it was kept" in lost.message
