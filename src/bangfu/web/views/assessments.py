"""Assessment runs in the browser (评估): the list, starting a run in the background, its progress, results.

Runs are started by ``assessment.run_start`` (checks, then a queued task run by ``bangfu worker``; ``core.jobs``): the page of the job polls itself with htmx every second
and shows the stage and a progress bar; when the run is stored, the same fragment links to its results —
also when the job was interrupted or failed after the run was committed (the job's ``kept`` mark).
Everything read goes through ``assessment.selectors`` with the reader's scope.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bangfu.accounts.scope import Scope, scope_for
from bangfu.assessment import selectors
from bangfu.assessment.models import AssessmentRun, Level, StandardKind, Verdict
from bangfu.assessment.run_start import run_standards
from bangfu.assessment.run_start import run_start as run_start_service
from bangfu.core import jobs
from bangfu.core.errors import ApplicationError
from bangfu.core.numbers import percent
from bangfu.monitoring.categories import category_label
from bangfu.standards import StandardError, load_standard
from bangfu.web.redirects import next_url

RUN_PAGE = 20
RESULT_PAGE = 50
JOB_KINDS = ("assessment", "quality_check")
YEARS = range(2014, 2031)

#: The services' progress labels, as people read them.
STAGES = {
    "快照村": gettext_lazy("Reading villages"),
    "快照村年度": gettext_lazy("Reading village statistics"),
    "快照户": gettext_lazy("Reading households"),
    "快照成员": gettext_lazy("Reading members"),
    "快照收入": gettext_lazy("Reading incomes"),
    "评估": gettext_lazy("Evaluating the standard"),
    "写入结果": gettext_lazy("Writing the results"),
}
STAGE_PREFIXES = {
    "check": gettext_lazy("Checking sheet %(sheet)s"),
    "preview": gettext_lazy("Working out the changes: %(sheet)s"),
    "write": gettext_lazy("Writing %(sheet)s"),
    "export": gettext_lazy("Exporting sheet %(sheet)s"),
}


def stage_label(stage: str) -> str:
    """A job's stage for people: ``快照户`` → "Reading households", ``check:户`` → "Checking sheet 户"."""
    if stage in STAGES:
        return str(STAGES[stage])
    prefix, _sep, sheet = stage.partition(":")
    if prefix in STAGE_PREFIXES and sheet:
        return str(STAGE_PREFIXES[prefix]) % {"sheet": sheet}
    return stage


def household_url(code: str) -> str:
    """The household page (built by the household pages; its literal path until that name exists)."""
    try:
        return reverse("household-detail", args=[code])
    except NoReverseMatch:
        return f"/households/{code}/"


def village_url(code: str) -> str:
    try:
        return reverse("village-detail", args=[code])
    except NoReverseMatch:
        return f"/villages/{code}/"


@lru_cache(maxsize=32)
def criterion_titles(standard_id: str, level: str) -> dict[str, str]:
    """Criterion (or check) titles of a shipped standard; {} when it cannot be read."""

    try:
        standard = load_standard(standard_id)
    except StandardError:
        return {}
    criteria = standard.village_criteria if level == Level.VILLAGE else standard.criteria
    return {criterion.id: criterion.title for criterion in criteria}


def failed_titles(run: AssessmentRun, failed: str) -> list[str]:
    titles = criterion_titles(run.standard, run.level)
    return [titles.get(key, key) for key in filter(None, (failed or "").split(";"))]


def _start_context(scope: Scope) -> dict:
    if not scope.may_change_register:
        return {}
    return {
        "standards": run_standards(),
        "areas": selectors.run_scope_choices(scope=scope),
        "years": YEARS,
        "default_year": 2020,
        "today": timezone.localdate().isoformat(),
        "levels": Level.choices,
    }


# ------------------------------------------------------------------------------------------------ pages


def run_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    page = Paginator(selectors.runs(scope=scope), RUN_PAGE).get_page(request.GET.get("page"))
    names = selectors.area_names(run.scope for run in page.object_list)
    rows = [
        (run, _count_items(run, selectors.run_counts(run, scope=scope)), names.get(run.scope, ""))
        for run in page.object_list
    ]
    recent = [jobs.job_state(job) for job in jobs.jobs_of(user=request.user, kinds=JOB_KINDS)[:5]]
    return render(
        request,
        "web/assessments/list.html",
        {"page": page, "rows": rows, "recent": recent, "stage_label": stage_label, **_start_context(scope)},
    )


def _count_items(run: AssessmentRun, counts: dict[str, int]) -> list[tuple[str, int]]:
    """Counts as (label, number): verdicts first (in their order), then categories or checks."""
    if run.standard_kind == StandardKind.QUALITY:
        titles = criterion_titles(run.standard, run.level)
        return [(titles.get(key, key), n) for key, n in sorted(counts.items())]
    labels = dict(Verdict.choices)
    items = [(str(labels[key]), counts[key]) for key in Verdict.values if key in counts]
    return items + [(category_label(key), n) for key, n in sorted(counts.items()) if key not in labels]


@require_POST
def run_start(request: HttpRequest) -> HttpResponse:
    """Start an assessment run or a quality check in the background; officers' runs cover their area."""
    if not scope_for(request.user).may_change_register:
        raise PermissionDenied
    post = request.POST
    try:
        job = run_start_service(
            user=request.user, standard=post.get("standard", ""), area=post.get("area"),
            year=post.get("year", ""), level=post.get("level"), as_of=post.get("as_of"),
        )  # fmt: skip
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(next_url(request, "run-list"))
    return redirect("run-job", job_id=job.pk)


def run_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """A run's job: progress while it runs (the fragment polls itself), then a link to the results."""
    job = jobs.job_get(job_id, user=request.user, kinds=JOB_KINDS)
    if job is None:
        raise Http404
    state = jobs.job_state(job)
    context = {"state": state, "job": job, "stage": stage_label(state.stage), "poll_url": request.path}
    # What the job stored, whatever became of the job afterwards (``kept`` is committed with the run).
    run_id = state.kept.get("run_id") or state.result.get("run_id")
    if run_id:
        run = AssessmentRun.objects.filter(pk=run_id).first()
        context["run"] = run
        if run is not None:
            scope = scope_for(request.user)
            context["counts"] = _count_items(run, selectors.run_counts(run, scope=scope))
            context["result_url"] = _result_url(run)
    template = "web/assessments/job_state.html" if request.htmx else "web/assessments/job.html"
    return render(request, template, context)


def _result_url(run: AssessmentRun) -> str:
    if run.standard_kind == StandardKind.QUALITY:
        return f"{reverse('quality-list')}?run={run.pk}"
    return reverse("run-detail", args=[run.pk])


def _area(value: str | None) -> str:
    value = (value or "").strip()
    return value if value.isdigit() and len(value) in (6, 9, 12) else ""


def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """A run's results within the reader's scope: counts, by county → town → village → households."""
    scope = scope_for(request.user)
    run = selectors.run_get(run_id, scope=scope)
    if run is None:
        raise Http404
    if run.standard_kind == StandardKind.QUALITY:
        return redirect(_result_url(run))
    area = _area(request.GET.get("area"))
    trail = selectors.area_trail(area, scope=scope) if area else []
    if trail is None:  # an area outside the reader's scope: not even its name is shown
        raise Http404
    result = request.GET.get("result", "")
    result = result if result in Verdict.values else ""
    counts = selectors.run_counts(run, scope=scope)
    verdicts = [key for key in Verdict.values if key in counts] or (
        [Verdict.FLAG, Verdict.CLEAR, Verdict.MISSING]
        if run.standard_kind == StandardKind.MONITORING
        else [Verdict.PASS, Verdict.FAIL]
    )
    context = {
        "run": run,
        "run_area": selectors.area_names([run.scope]).get(run.scope, ""),
        "counts": _count_items(run, counts),
        "area": area,
        "trail": trail,
        "result": result,
        "verdicts": [(key, Verdict(key).label) for key in verdicts],
        "query": urlencode([(k, v) for k, v in (("area", area), ("result", result)) if v]),
    }
    leaf = 12 if run.level == Level.HOUSEHOLD else 9
    context["leaf"] = len(area) == leaf
    if context["leaf"]:
        context["page"] = page = _result_page(request, run, scope, area, result)
        context["rows"] = _result_rows(run, page.object_list)
    else:
        context["areas"] = [
            {"prefix": row.prefix, "name": row.name, "total": row.total,
             "cells": [row.counts.get(key, 0) for key in verdicts]}
            for row in selectors.run_breakdown(run, scope=scope, parent=area)
        ]  # fmt: skip
    return render(request, "web/assessments/detail.html", context)


def _result_page(request: HttpRequest, run: AssessmentRun, scope: Scope, area: str, result: str):
    if run.level == Level.HOUSEHOLD:
        results = selectors.run_households(run, scope=scope, village_code=area, result=result)
    else:
        results = selectors.run_villages(run, scope=scope, parent=area, result=result)
    return Paginator(results, RESULT_PAGE).get_page(request.GET.get("page"))


def _result_rows(run: AssessmentRun, rows) -> list[dict]:
    labels = dict(Verdict.choices)
    shown = []
    for row in rows:
        item = {
            "result": row["result"],
            "result_label": labels.get(row["result"], row["result"]),
            "failed": failed_titles(run, row["failed_criteria"]),
        }
        if run.level == Level.HOUSEHOLD:
            code = row["household__code"]
            item |= {
                "code": code,
                "name": code,
                "url": household_url(code),
                "category": category_label(row["category"]),
            }
        else:
            code = row["village__division__code"]
            incidence = row["incidence"]
            item |= {
                "code": code,
                "name": row["village__division__name"],
                "url": village_url(code),
                "incidence": "" if incidence is None else percent(incidence),
            }
        shown.append(item)
    return shown
