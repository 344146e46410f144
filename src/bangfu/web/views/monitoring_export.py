"""The Excel export of monitoring cases (/monitoring/cases/export.xlsx) in the layout of the national monitoring
export (shared/reference/domain-rules.md §4): 户类型, 监测对象类别, 识别监测时间, 风险类型 1–5, 风险是否已消除,
风险消除方式, 消除时间 and the measures taken, plus the case's code, household, village, channel and step.

The rows are those of the list with the same filters, in scope. No ID numbers. Text cells a spreadsheet would
read as a formula (=, +, -, @) are stored as plain text (``core.spreadsheet``).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from bangfu.accounts.scope import scope_for
from bangfu.monitoring import case_selectors as selectors
from bangfu.monitoring import choices
from bangfu.monitoring.elimination import case_measures
from bangfu.web.downloads import xlsx_response
from bangfu.web.views.monitoring_actions import today

HEADER = (
    "监测编号", "户编号", "所在村", "户类型", "监测对象类别", "发现渠道", "识别监测时间",
    "风险类型1", "风险类型2", "风险类型3", "风险类型4", "风险类型5",
    "风险是否已消除", "风险消除方式", "消除时间", "当前环节", "帮扶措施",
)  # fmt: skip


def case_row(case) -> list:
    risks = list(case.risk_types or [])[: choices.MAX_RISK_TYPES]
    measures = "；".join(
        f"{m.plan.year} {m.category} {m.description} {m.status}".replace("  ", " ").strip()
        for m in case_measures(case).select_related("plan").order_by("start_date", "id")
    )
    return [
        case.code, case.household.code, case.household.village.division.name,
        "脱贫户" if case.household.is_registered_poor else "一般户", case.category, case.channel,
        case.identified_on, *risks, *[""] * (choices.MAX_RISK_TYPES - len(risks)),
        "是" if case.step == choices.Step.ELIMINATED else "否", case.elimination_method, case.eliminated_on,
        case.step, measures,
    ]  # fmt: skip


def cases_export(request: HttpRequest) -> HttpResponse:
    filters = selectors.CaseFilters.from_query(request.GET)
    rows = selectors.cases_filtered(scope=scope_for(request.user), filters=filters, today=today())
    return xlsx_response(
        "监测对象", HEADER, (case_row(case) for case in rows.iterator(chunk_size=1000)), text_columns=(0, 1)
    )
