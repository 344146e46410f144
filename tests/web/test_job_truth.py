"""Jobs tell the truth: what a job stored is linked from its page and the lists, whatever became of it."""

from __future__ import annotations

import pytest
from django.utils import translation

from bangfu.accounts.models import Role
from bangfu.assessment.models import AssessmentRun
from bangfu.assessment.services import assessment_run
from bangfu.core import jobs
from bangfu.core.models import BackgroundJob
from tests import factories
from tests.assessment.registers import small_register

Status = BackgroundJob.Status


@pytest.fixture(autouse=True)
def inline_jobs(settings):
    settings.BANGFU_JOBS_INLINE = True


@pytest.fixture
def officer(divisions):
    small_register()
    return factories.account("haifeng", Role.OFFICER, divisions=["441521000000"])


def test_a_run_started_from_the_web_is_marked_kept_with_its_results(client, officer):
    client.force_login(officer)
    client.post("/assessments/start/", {"standard": "gd-2016", "year": "2020", "level": "household"})
    job = BackgroundJob.objects.get()
    run = AssessmentRun.objects.get()
    assert job.kept == {"run_id": run.pk} and job.result == {"run_id": run.pk}


def test_an_interrupted_job_whose_run_was_committed_links_the_run(client, officer):
    """The run committed, then the server stopped before the job's row was marked finished."""
    run = assessment_run(standard_id="gd-2016", year=2020, scope="441521")
    job = BackgroundJob.objects.create(
        kind="assessment", user=officer, status=Status.RUNNING, worker=f"{jobs.HOST}:999999999:gone",
        parameters={"standard": "gd-2016", "year": 2020}, kept={"run_id": run.pk},
    )  # fmt: skip
    with translation.override("zh-hans"):
        jobs.jobs_recover(force=True)
    job.refresh_from_db()
    assert job.status == Status.INTERRUPTED
    client.force_login(officer)
    page = client.get(f"/assessments/jobs/{job.pk}/").content.decode()
    assert f'href="/assessments/{run.pk}/"' in page and 'id="run-stored"' in page
    assert "未保存任何结果" not in page and "结果已保留" in page
    listing = client.get("/assessments/").content.decode()
    assert f'<a class="job-kept" href="/assessments/{run.pk}/"' in listing


def test_an_interrupted_job_that_stored_nothing_says_so(client, officer):
    job = BackgroundJob.objects.create(
        kind="assessment", user=officer, status=Status.RUNNING, worker=f"{jobs.HOST}:999999999:gone",
        parameters={"standard": "gd-2016", "year": 2020},
    )  # fmt: skip
    with translation.override("zh-hans"):
        jobs.jobs_recover(force=True)
    client.force_login(officer)
    page = client.get(f"/assessments/jobs/{job.pk}/").content.decode()
    assert 'id="run-not-stored"' in page and "未保存任何结果" in page and "run-result" not in page


def test_an_import_interrupted_after_its_commit_shows_what_was_written(client, divisions, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bangfu.registry.models import ImportRecord
    from tests.registry.importing.builders import valid_rows, write_workbook

    settings.BANGFU_HOME = tmp_path / "home"
    factories.village("441521102201", name="东村")
    officer = factories.account("haifeng", Role.OFFICER, divisions=["441521000000"])
    client.force_login(officer)
    path = write_workbook(tmp_path / "台账.xlsx", valid_rows())
    client.post("/register/upload/", {"file": [SimpleUploadedFile("台账.xlsx", path.read_bytes())]})
    check = BackgroundJob.objects.get()
    assert check.kept == {}  # a check (a dry run, rolled back) stores nothing
    client.post(f"/register/upload/{check.pk}/confirm/")
    imported = BackgroundJob.objects.get(kind="register_import")
    record = ImportRecord.objects.get()
    assert imported.kept["import_id"] == record.pk and imported.kept["summary"]["import_id"] == record.pk
    # As if the server had stopped after the commit, before the job's end was written:
    BackgroundJob.objects.filter(pk=imported.pk).update(
        status=Status.RUNNING, result={}, message="", worker=f"{jobs.HOST}:999999999:gone"
    )
    with translation.override("zh-hans"):
        jobs.jobs_recover(force=True)
    page = client.get(f"/register/upload/{imported.pk}/").content.decode()
    assert 'id="import-done"' in page and f"#{record.pk}" in page and "import-not-written" not in page
    listing = client.get("/register/upload/").content.decode()
    assert f"导入 #{record.pk}" in listing
