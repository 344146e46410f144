"""Data-quality findings (数据质量问题) of a quality check, within the reader's scope; ID numbers masked."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from bangfu.accounts.scope import scope_for
from bangfu.assessment import selectors
from bangfu.web.views.assessments import _start_context, criterion_titles, household_url

PAGE_SIZE = 50


def chosen_run(request: HttpRequest, scope):
    """The quality runs the reader sees, and the one asked for (``?run=``; 404 if not theirs) or the latest."""
    quality_runs = selectors.runs(scope=scope, quality=True)
    run_id = request.GET.get("run", "")
    if run_id:
        run = quality_runs.filter(pk=int(run_id)).first() if run_id.isdigit() and len(run_id) <= 18 else None
        if run is None:
            raise Http404
    else:
        run = quality_runs.first()
    return quality_runs, run


def chosen_findings(request: HttpRequest, scope, run) -> dict:
    """The run's counts, villages, the filters asked for (``?check=``, ``?village=``) and the findings."""
    counts = selectors.run_counts(run, scope=scope)
    villages = selectors.quality_villages(run, scope=scope)
    check = request.GET.get("check", "")
    check = check if check in counts else ""
    village = request.GET.get("village", "")
    village = village if village in {code for code, _name in villages} else ""
    findings = selectors.quality_findings(run, scope=scope, check=check, village_code=village)
    return {"counts": counts, "villages": villages, "check": check, "village": village, "findings": findings}


def quality_list(request: HttpRequest) -> HttpResponse:
    """Findings of the latest quality check visible to the reader (or ``?run=``), by check and village."""
    scope = scope_for(request.user)
    quality_runs, run = chosen_run(request, scope)
    run_id = request.GET.get("run", "")
    context = {"run": run, "runs": list(quality_runs[:20]), **_start_context(scope)}
    if run is not None:
        titles = criterion_titles(run.standard, run.level)
        chosen = chosen_findings(request, scope, run)
        counts, villages, check, village = (chosen[key] for key in ("counts", "villages", "check", "village"))
        findings = chosen["findings"]
        page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [
            {
                "row": row,
                "title": titles.get(row.check_id, row.check_id),
                "url": household_url(row.household_code),
            }
            for row in selectors.finding_rows(page.object_list)
        ]
        context |= {
            "checks": [(key, titles.get(key, key), n) for key, n in sorted(counts.items())],
            "total": sum(counts.values()),
            "villages": villages,
            "check": check,
            "village": village,
            "page": page,
            "rows": rows,
            "query": urlencode(
                [(k, v) for k, v in (("run", run_id), ("check", check), ("village", village)) if v]
            ),
        }
    return render(request, "web/quality/list.html", context)
