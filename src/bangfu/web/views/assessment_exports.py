"""Excel downloads of the assessment pages: the run list (/assessments/export.xlsx) and one run's results
(/assessments/<id>/export.xlsx, with the page's ``area`` and ``result``). Standards by title, verdicts,
categories and criteria by their Chinese labels (``core.labels``); the reader's scope as on the pages.

A run's results at a county are 10⁵ rows and more: they are read in chunks as plain tuples (no model objects)
and written with openpyxl's write-only mode (``core.spreadsheet.xlsx_table``), up to Excel's sheet limit.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from bangfu.accounts.scope import scope_for
from bangfu.assessment import selectors
from bangfu.assessment.models import Level, StandardKind, Verdict
from bangfu.core.labels import standard_title
from bangfu.core.numbers import percent
from bangfu.monitoring.categories import category_label
from bangfu.web.downloads import limited, xlsx_response
from bangfu.web.views.assessments import _area, _count_items, failed_titles

CHUNK = 2000
#: A run's results: every one, up to an Excel sheet's rows (1,048,576 with the header).
SHEET_ROWS = 1_048_575
MORE_RESULTS = f"只导出了前 {SHEET_ROWS - 1:,} 行（Excel 工作表的上限）：请按地区分别导出"


def run_list_export(request: HttpRequest) -> HttpResponse:
    """Every run the reader sees (newest first), with the counts within the reader's area."""
    scope = scope_for(request.user)
    runs = list(selectors.runs(scope=scope))
    names = selectors.area_names(run.scope for run in runs)
    header = ["编号", "标准", "年度或登记日期", "层级", "范围", "结果（您所辖范围内）", "完成时间"]

    def rows():
        with override("zh-hans"):
            for run in runs:
                counts = _count_items(run, selectors.run_counts(run, scope=scope))
                yield [
                    run.pk,
                    standard_title(run.standard, run.standard_title),
                    run.year or (run.as_of.isoformat() if run.as_of else ""),
                    str(run.get_level_display()),
                    names.get(run.scope, "") or "全部档案",
                    "；".join(f"{label} {n}" for label, n in counts),
                    f"{timezone.localtime(run.finished_at):%Y-%m-%d %H:%M}" if run.finished_at else "",
                ]

    return xlsx_response("评估批次", header, rows(), text_columns=())


def run_results_export(request: HttpRequest, run_id: int) -> HttpResponse:
    """The run's results within the reader's scope, under the page's ``area`` and with its ``result``."""
    scope = scope_for(request.user)
    run = selectors.run_get(run_id, scope=scope)
    if run is None:
        raise Http404
    if run.standard_kind == StandardKind.QUALITY:
        return redirect(f"{reverse('quality-export')}?run={run.pk}")
    area = _area(request.GET.get("area"))
    if area and selectors.area_trail(area, scope=scope) is None:  # outside the reader's scope
        raise Http404
    result = request.GET.get("result", "")
    result = result if result in Verdict.values else ""
    labels = dict(Verdict.choices)
    name = f"评估结果-{run.pk}"
    if run.level == Level.VILLAGE:
        results = selectors.run_villages(run, scope=scope, parent=area, result=result)
        header = ["村行政区划代码", "村", "结论", "贫困发生率", "未达标指标"]

        def village_rows():
            with override("zh-hans"):
                for row in results.iterator(chunk_size=CHUNK):
                    incidence = row["incidence"]
                    yield [row["village__division__code"], row["village__division__name"],
                           str(labels.get(row["result"], row["result"])),
                           "" if incidence is None else percent(incidence),
                           "；".join(failed_titles(run, row["failed_criteria"]))]  # fmt: skip

        return xlsx_response(name, header, limited(village_rows(), MORE_RESULTS, SHEET_ROWS))
    results = selectors.run_household_results(run, scope=scope, area=area, result=result)
    header = ["户编号", "村行政区划代码", "所在村", "结论", "未达标指标", "类别"]

    def household_rows():
        with override("zh-hans"):
            for code, village_code, village, verdict, failed, category in results.iterator(chunk_size=CHUNK):
                yield [code, village_code, village, str(labels.get(verdict, verdict)),
                       "；".join(failed_titles(run, failed)), category_label(category)]  # fmt: skip

    return xlsx_response(
        name, header, limited(household_rows(), MORE_RESULTS, SHEET_ROWS), text_columns=(0, 1)
    )
