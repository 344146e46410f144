"""One service per action, whatever the door: the upload page (its check and its import, queued tasks), the
``bangfu import`` command and the task called directly all go through ``register_import``; the assessments page
and its task go through ``run_start`` and ``assessment_run``, the service ``bangfu assess`` calls."""

from __future__ import annotations

import inspect
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from bangfu.accounts.models import Role
from bangfu.assessment import run_start as run_start_module
from bangfu.assessment.management.commands import assess as assess_command
from bangfu.assessment.models import AssessmentRun
from bangfu.core.errors import ApplicationError
from bangfu.core.models import BackgroundJob
from bangfu.registry.importing import service, tasks
from bangfu.registry.models import Household
from bangfu.web.views import assessments as assessments_view
from tests import factories
from tests.registry.importing.builders import valid_rows, write_workbook
from tests.web.test_assessments import small_register


@pytest.fixture(autouse=True)
def inline(settings, tmp_path):
    settings.BANGFU_JOBS_INLINE = True
    settings.BANGFU_HOME = tmp_path / "home"


@pytest.fixture
def doors(monkeypatch):
    """Every call of the import's apply step, with the function that called it."""
    seen = []
    real = service.register_import_apply

    def spy(*args, **kwargs):
        seen.append((inspect.stack()[1].function, kwargs["dry_run"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "register_import_apply", spy)
    return seen


@pytest.mark.django_db
def test_the_upload_page_the_command_and_the_task_import_through_one_service(
    client, divisions, tmp_path, doors
):
    officer = factories.account("haifeng", Role.OFFICER, divisions=["441521000000"])
    path = write_workbook(tmp_path / "台账.xlsx", valid_rows())

    client.force_login(officer)  # the page: a check (dry run), then the import
    checked = client.post("/register/upload/", {"file": SimpleUploadedFile("台账.xlsx", path.read_bytes())})
    check = BackgroundJob.objects.get(pk=int(checked.url.rstrip("/").rsplit("/", 1)[1]))
    assert check.status == "succeeded", check.message
    client.post(f"/register/upload/{check.pk}/confirm/")
    assert doors == [("register_import", True), ("register_import", False)]
    assert Household.objects.count() == len(valid_rows()["户"])

    call_command("import", str(path), "--dry-run", stdout=io.StringIO(), stderr=io.StringIO())  # the command
    assert doors[-1] == ("register_import", True)

    job = BackgroundJob.objects.create(kind="register_check", user=officer, task_id="inline")  # the task
    result = tasks.register_check_task.call(
        job_id=job.pk,
        user_id=officer.pk,
        folder=str(tmp_path),
        source=path.name,
        file_name=path.name,
        lang="zh",
    )
    assert result["ok"] and doors[-1] == ("register_import", True) and len(doors) == 4
    # the task records its result on its job, in the queue's terms: JSON arguments in, JSON out
    job.refresh_from_db()
    assert job.status == "succeeded" and job.result == result


@pytest.mark.django_db
def test_the_area_rule_is_the_services_for_every_door(divisions, tmp_path):
    """An officer of 陆丰 may not import 海丰's villages: refused with located errors, nothing written."""
    officer = factories.account("lufeng", Role.OFFICER, divisions=["441581000000"])
    path = write_workbook(tmp_path / "台账.xlsx", valid_rows())
    job = BackgroundJob.objects.create(kind="register_import", user=officer, task_id="inline")
    tasks.register_import_task.call(
        job_id=job.pk,
        user_id=officer.pk,
        folder=str(tmp_path),
        source=path.name,
        file_name=path.name,
        lang="zh",
    )
    job.refresh_from_db()
    assert job.status == "failed" and "未写入" in job.message
    assert not Household.objects.exists()


@pytest.mark.django_db
def test_runs_start_through_one_service_and_run_through_the_commands_service(client, divisions):
    small_register()
    admin = factories.account("boss", Role.ADMINISTRATOR)
    # the page parses the form and calls run_start; the task and `bangfu assess` call assessment_run
    assert assessments_view.run_start_service is run_start_module.run_start
    assert assess_command.assessment_run is run_start_module.assessment_run
    client.force_login(admin)
    response = client.post(
        "/assessments/start/", {"standard": "gd-2016", "year": "2020", "level": "household"}
    )
    job = BackgroundJob.objects.get(kind="assessment")
    assert response.url == f"/assessments/jobs/{job.pk}/" and job.status == "succeeded"
    assert job.kept == {"run_id": AssessmentRun.objects.get().pk}

    officer = factories.account("lufeng", Role.OFFICER, divisions=["441581000000"])
    for user, asked in ((admin, {"year": "1999"}), (admin, {"year": "soon"}), (officer, {"area": "441521"})):
        with pytest.raises(ApplicationError):  # refused before anything is queued
            run_start_module.run_start(user=user, standard="gd-2016", **({"year": 2020} | asked))
    assert BackgroundJob.objects.count() == 1


@pytest.mark.django_db
def test_a_rerun_assessment_is_refused_once_its_area_is_no_longer_the_users(divisions):
    """A re-run repeats the arguments checked when the job was first started: the task checks the area again."""
    from bangfu.accounts.services import user_create_or_update
    from bangfu.core import jobs

    small_register()
    officer = factories.account("haifeng", Role.OFFICER, divisions=["441521000000"])
    first = run_start_module.run_start(user=officer, standard="gd-2016", area="441521", year=2020)
    first.refresh_from_db()
    assert first.status == "succeeded", first.message
    user_create_or_update(
        username="haifeng", password=None, role=Role.OFFICER, division_codes=["441581000000"]
    )
    again = jobs.job_rerun(actor=officer, job=first)
    again.refresh_from_db()
    assert again.status == "failed" and again.message == "您只能评估自己管辖的范围。"
    assert AssessmentRun.objects.count() == 1
