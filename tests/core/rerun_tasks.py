"""A registered task for the re-run tests: writes one row in its job's transaction, as the services do."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from bangfu.core import jobs
from bangfu.core.errors import ApplicationError
from bangfu.core.models import PersonalDataAccess


@task()
def record_task(*, job_id: int, username: str, fail: bool = False) -> dict:
    def work(progress: jobs.JobProgress) -> dict:
        with transaction.atomic():
            PersonalDataAccess.objects.create(username=username, purpose="rerun-test", records=1)
            if fail:
                raise ApplicationError("失败了")
        return {"rows": PersonalDataAccess.objects.filter(username=username).count()}

    return jobs.job_run(job_id, work)
