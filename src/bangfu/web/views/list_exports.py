"""Excel downloads of the list pages (households, quality findings, projects, monitoring leads and alerts, the
personal-data access log, ID-number conflicts):
the page's own filters and scope, every row (up to ``downloads.ROW_LIMIT``), Chinese headers. The village
list and the monitoring cases have their own exports (villages.py, monitoring_export.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import override

from bangfu.accounts.scope import scope_for
from bangfu.assessment import selectors as assessment_selectors
from bangfu.assessment import verdicts
from bangfu.assessment.models import Verdict
from bangfu.core.labels import standard_title
from bangfu.core.personal_data import mask_id_number
from bangfu.monitoring import case_selectors
from bangfu.monitoring import choices as monitoring_choices
from bangfu.monitoring.alerts.exporting import alerts_export as alerts_export_service
from bangfu.programme_projects import selectors as programme_browsing
from bangfu.registry import selectors as browsing
from bangfu.registry.importing.conflicts import import_conflicts_visible
from bangfu.web.downloads import ROW_LIMIT, limited, xlsx_response
from bangfu.web.views.assessments import criterion_titles
from bangfu.web.views.households import filters_from
from bangfu.web.views.personal_data import PURPOSES
from bangfu.web.views.programme import project_filters
from bangfu.web.views.quality import chosen_findings, chosen_run

CHUNK = 2000
#: The inbox's statuses (unmatched rows are leads, listed on their own page).
ALERT_STATUSES = [
    s for s in monitoring_choices.AlertStatus.values if s != monitoring_choices.AlertStatus.UNMATCHED
]
MORE = f"只导出了前 {ROW_LIMIT:,} 行：请缩小筛选范围（整个档案请用“上传档案”页的档案导出或 bangfu export）"


def _chunks(queryset):
    """A queryset's rows in chunks, in its order (the pages' selectors order every list)."""
    chunk = []
    for row in queryset.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def households_export(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    standards = verdicts.assessed_standards(scope=scope)
    filters = filters_from(request, standards)
    run = verdicts.latest_household_run(scope=scope, standard=filters.standard)
    households = verdicts.household_list(scope=scope, filters=filters)[: ROW_LIMIT + 1]
    header = [
        "户编号",
        "户主",
        "所在村",
        "村行政区划代码",
        "状态",
        "脱贫年度",
        "贫困户属性",
        "主要致贫原因",
        "人数",
    ]
    if run is not None:
        header.append(
            f"结论（{standard_title(run.standard, run.standard_title)} {run.year or ''}）".replace(
                " ）", "）"
            )
        )

    def rows():
        with override("zh-hans"):
            for chunk in _chunks(households):
                for row in verdicts.household_rows(scope=scope, households=chunk, run=run):
                    values = [row.code, row.head_name, row.village_name, row.village_code, str(row.status_label),
                              row.exit_year, row.attribute_label, row.main_cause, row.members]  # fmt: skip
                    if run is not None:
                        values.append(_verdict(row.verdict))
                    yield values

    return xlsx_response("农户", header, limited(rows(), MORE), text_columns=(0, 3))


def _verdict(value: str) -> str:

    return str(Verdict(value).label) if value in Verdict.values else ""


def quality_export(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    _runs, run = chosen_run(request, scope)
    if run is None:
        raise Http404
    titles = criterion_titles(run.standard, run.level)
    findings = chosen_findings(request, scope, run)["findings"][: ROW_LIMIT + 1]
    header = ["检查项", "户编号", "所在村", "成员证件号码（已脱敏）", "与户主关系", "问题说明"]
    rows = (
        [titles.get(r.check_id, r.check_id), r.household_code, r.village_name, r.member_id_number,
         r.member_relation, r.message]
        for r in assessment_selectors.finding_rows(findings.iterator(chunk_size=CHUNK))
    )  # fmt: skip
    return xlsx_response("数据质量问题", header, limited(rows, MORE), text_columns=(1, 3))


def projects_export(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    projects = programme_browsing.project_list(scope=scope, filters=project_filters(request))[: ROW_LIMIT + 1]
    header = ["项目编号", "项目名称", "类别", "状态", "地点", "开始年度", "结束年度", "预算（元）",
              "下达（元）", "拨付（元）", "支出（元）"]  # fmt: skip

    def rows():
        with override("zh-hans"):
            for chunk in _chunks(projects):
                totals = programme_browsing.project_fund_totals(
                    scope=scope, project_ids=[p.pk for p in chunk]
                )
                for project in chunk:
                    funds = totals.get(project.pk)
                    yield [
                        project.code, project.name, str(project.get_category_display()),
                        str(project.get_status_display()), _place(project), project.start_year, project.end_year,
                        project.budget, *((funds or {}).get(key) for key in ("allocated", "disbursed", "spent")),
                    ]  # fmt: skip

    return xlsx_response("项目", header, limited(rows(), MORE))


def _place(project) -> str:
    division = project.village.division if project.village_id else project.division
    names, node = [], division
    while node is not None and len(names) < 3 and node.level >= 3:
        names.append(node.name)
        node = node.parent
    return " / ".join(reversed(names))


def leads_export(request: HttpRequest) -> HttpResponse:

    leads = case_selectors.leads(scope=scope_for(request.user))[: ROW_LIMIT + 1]
    header = ["户编号", "所在村", "姓名", "证件号码（已脱敏）", "发现渠道", "线索来源", "发现日期"]
    rows = (
        [lead.household.code if lead.household else "",
         lead.household.village.division.name if lead.household else (lead.division.name if lead.division else ""),
         "" if lead.household else lead.name, "" if lead.household else mask_id_number(lead.id_number),
         lead.channel, lead.source, lead.discovered_on]
        for lead in leads.iterator(chunk_size=CHUNK)
    )  # fmt: skip
    return xlsx_response("监测线索", header, limited(rows, MORE), text_columns=(0, 3))


def alerts_export(request: HttpRequest) -> HttpResponse:
    """The inbox's alerts with its ``status`` filter (``""``: every status it lists), through the one export
    service that ``bangfu alerts-export`` uses too."""
    status = request.GET.get("status", monitoring_choices.AlertStatus.OPEN)
    statuses = [status] if status in ALERT_STATUSES else ALERT_STATUSES
    export = alerts_export_service(actor=request.user, statuses=statuses)
    return xlsx_response("部门预警", export.header, limited(export.rows, MORE), text_columns=(0, 1))


def access_log_export(request: HttpRequest) -> HttpResponse:
    """The personal-data access log as the page shows it (administrators; ``?user=`` as on the page)."""
    scope = scope_for(request.user)
    if not scope.everything:
        raise PermissionDenied
    username = request.GET.get("user", "")
    username = username if username in browsing.personal_data_usernames(scope=scope) else ""
    log = browsing.personal_data_accesses(scope=scope, username=username)[: ROW_LIMIT + 1]
    header = ["时间", "用户", "用途", "范围", "记录数", "内容"]

    def rows():
        with override("zh-hans"):
            for entry in log.iterator(chunk_size=CHUNK):
                yield [f"{timezone.localtime(entry.accessed_at):%Y-%m-%d %H:%M:%S}", entry.username,
                       str(PURPOSES.get(entry.purpose, entry.purpose)), entry.scope, entry.records, entry.detail]  # fmt: skip

    return xlsx_response("查看记录", header, limited(rows(), MORE), text_columns=(0, 1))


def conflicts_export(request: HttpRequest) -> HttpResponse:
    """The ID-number conflicts the page lists (open, or ``?resolved=1``), ID numbers masked as stored."""
    scope = scope_for(request.user)
    if not scope.may_change_register:
        raise PermissionDenied
    resolved = request.GET.get("resolved") == "1"
    conflicts = import_conflicts_visible(scope=scope).filter(resolved=resolved).select_related("resolved_by")
    header = ["证件号码（已脱敏）", "登记所在户", "文件中的户", "文件", "行", "上传人", "上传人所辖范围",
              "发现时间", "次数", "已告知上传人", "处理情况"]  # fmt: skip
    rows = (
        [c.id_number_masked, c.household_code, c.file_household_code, c.file_name, c.row, c.uploaded_by_name,
         c.uploader_area, f"{timezone.localtime(c.detected_at):%Y-%m-%d %H:%M}", c.times,
         "是" if c.disclosed else "否（已达上限）",
         f"已处理（{c.resolved_by.username if c.resolved_by else '—'}）" if c.resolved else "未处理"]
        for c in conflicts[: ROW_LIMIT + 1].iterator(chunk_size=CHUNK)
    )  # fmt: skip
    return xlsx_response("证件号码冲突", header, limited(rows, MORE), text_columns=(0, 1, 2))
