"""Starting an assessment run or a quality check in the background (开始评估): the one service behind the
assessments page, and the queued tasks that run them (``bangfu worker``; see ``core.jobs``).

    job = run_start(user=user, standard="gd-2016", area="441521", year=2020, level="household")

``run_start`` takes the actor, checks what was asked (a shipped standard a run can use, an area inside the
actor's own, a year the standard has parameters for, a level the standard assesses), and queues the task;
each refusal is an ``ApplicationError`` in the user's language. The task calls ``assessment_run`` (or
``quality_check_run``) — the very services ``bangfu assess`` and ``bangfu quality`` call — which write the run
in one transaction and mark it kept (``job_keep``).
"""

from __future__ import annotations

import datetime
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from bangfu import standards as rules
from bangfu.accounts.scope import scope_for
from bangfu.assessment import selectors
from bangfu.assessment.models import Level, StandardKind
from bangfu.assessment.services import EXIT_LEVELS, assessment_run, quality_check_run
from bangfu.core import jobs
from bangfu.core.errors import ApplicationError
from bangfu.core.models import BackgroundJob
from bangfu.standards import Area, StandardError, shipped_standard_ids

#: Standards a run can be started with from the page (the MPI is a report, not a run).
RUN_KINDS = (StandardKind.HOUSEHOLD_EXIT, StandardKind.MONITORING, StandardKind.QUALITY)
#: The services' progress stages, in order (a job's share of the whole is counted over them).
RUN_STEPS = ("快照村", "快照村年度", "快照户", "快照成员", "快照收入", "评估", "写入结果")


@lru_cache(maxsize=1)
def run_standards() -> tuple[tuple[str, str, str], ...]:
    """Shipped standards a run can use: (id, title, kind)."""
    standards = [rules.load_standard(standard_id) for standard_id in shipped_standard_ids()]
    return tuple((s.id, s.title, s.kind) for s in standards if s.kind in RUN_KINDS)


def assessable_areas(scope) -> list[str]:
    """The division-code prefixes ``scope`` may assess (``""``: the whole register, administrators only)."""
    return [prefix for prefix, _name in selectors.run_scope_choices(scope=scope)]


def run_start(
    *,
    user,
    standard: str,
    area: str | None = None,
    year: int | str | None = None,
    level: str | None = None,
    as_of: str | None = None,
) -> BackgroundJob:
    """Queue an assessment run (exit or monitoring standards) or a quality check (``quality``) over ``area``
    (a division-code prefix; ``""`` the whole register, administrators only; ``None`` the actor's first)."""
    scope = scope_for(user)
    if not scope.may_change_register:
        raise ApplicationError(_("You may not change the register."))
    standards = {standard_id: kind for standard_id, _title, kind in run_standards()}
    if standard not in standards:
        raise ApplicationError(_("Choose one of the standards listed."))
    areas = assessable_areas(scope)
    area = (areas[0] if areas else "") if area is None else area
    if area not in areas:
        raise ApplicationError(_("You may only assess your own area."))
    if standards[standard] == StandardKind.QUALITY:
        try:
            day = datetime.date.fromisoformat(as_of or timezone.localdate().isoformat())
        except ValueError:
            raise ApplicationError(_("Enter the register date as YYYY-MM-DD.")) from None
        parameters = {"standard": standard, "scope": area, "as_of": day.isoformat()}
        return jobs.job_start(kind="quality_check", user=user, parameters=parameters, task=quality_check_task,
                              arguments=parameters)  # fmt: skip
    try:
        year = int(year or "")
    except ValueError:
        raise ApplicationError(_("Choose a year.")) from None
    level = level or Level.HOUSEHOLD
    if level not in EXIT_LEVELS[standards[standard]]:
        raise ApplicationError(_("This standard cannot assess at this level."))
    try:
        rules.load_standard(standard).check_year(
            year, area=Area.within(area) if area else Area.everything()
        )  # refused at once
    except StandardError as error:
        raise ApplicationError(str(error)) from None
    parameters = {"standard": standard, "year": year, "level": level, "scope": area}
    return jobs.job_start(kind="assessment", user=user, parameters=parameters, task=assessment_task,
                          arguments=parameters)  # fmt: skip


def _area_still_allowed(job_id: int, area: str) -> None:
    """The job's user may still assess ``area`` as the task runs (a re-run, ``core.jobs.job_rerun``, repeats
    arguments checked when the job was first started; the user's area may have changed since)."""
    user = BackgroundJob.objects.select_related("user").get(pk=job_id).user
    if user is None:  # started by the operator, not through a page
        return
    scope = scope_for(user)
    if not user.is_active or not scope.may_change_register:
        raise ApplicationError(_("You may not change the register."))
    if area not in assessable_areas(scope):
        raise ApplicationError(_("You may only assess your own area."))


@task()
def assessment_task(*, job_id: int, standard: str, year: int, level: str, scope: str) -> dict:
    def work(progress: jobs.JobProgress) -> dict:
        _area_still_allowed(job_id, scope)
        progress.plan(RUN_STEPS)
        run = assessment_run(
            standard_id=standard, year=year, level=level, scope=scope or None, progress=progress
        )
        return {"run_id": run.pk}

    return jobs.job_run(job_id, work)


@task()
def quality_check_task(*, job_id: int, standard: str, scope: str, as_of: str) -> dict:
    def work(progress: jobs.JobProgress) -> dict:
        _area_still_allowed(job_id, scope)
        progress.plan(RUN_STEPS)
        run = quality_check_run(
            standard_id=standard,
            scope=scope or None,
            as_of=datetime.date.fromisoformat(as_of),
            progress=progress,
        )
        return {"run_id": run.pk}

    return jobs.job_run(job_id, work)
