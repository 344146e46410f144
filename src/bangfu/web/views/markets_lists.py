"""The employment and consumption lists (/markets/<list>/) and their Excel exports (<list>/export.xlsx).

Each list is a table spec — title, scoped selector, columns — so the page and the workbook show the same rows
in the same order. Members appear by name and household code; ID numbers are never listed or exported. Text
cells of the export that a spreadsheet would read as a formula (=, +, -, @) are stored as plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from bangfu.accounts.scope import scope_for
from bangfu.core.spreadsheet import xlsx_row
from bangfu.markets import selectors

PAGE_SIZE = 50


@dataclass(frozen=True)
class Column:
    header: object  # lazy text
    value: Callable
    household: Callable | None = None  # the household code to link to, for member columns


@dataclass(frozen=True)
class Table:
    title: object
    file_name: str
    rows: Callable  # (scope) → queryset
    columns: tuple[Column, ...]


def _member(row) -> str:
    return row.member.name


def _household(row) -> str:
    return row.member.household.code


LISTS: dict[str, Table] = {
    "courses": Table(_("Training courses"), "培训班", selectors.courses, (
        Column(_("Course code"), lambda r: r.code), Column(_("Course name"), lambda r: r.name),
        Column(_("Programme brand"), lambda r: r.brand), Column(_("Skill"), lambda r: r.skill),
        Column(_("Place"), lambda r: r.division.name), Column(_("Start date"), lambda r: r.start_date),
        Column(_("End date"), lambda r: r.end_date), Column(_("Funding (yuan)"), lambda r: r.funding),
        Column(_("Funding source"), lambda r: r.funding_source),
    )),
    "trainees": Table(_("Trainees"), "培训学员", selectors.trainees, (
        Column(_("Course code"), lambda r: r.course.code), Column(_("Course name"), lambda r: r.course.name),
        Column(_("Member"), _member, _household), Column(_("Household"), _household),
        Column(_("Completed"), lambda r: "是" if r.completed else "否"),
        Column(_("Certificate number"), lambda r: r.certificate_number),
    )),
    "job-fairs": Table(_("Job fairs"), "招聘会", selectors.job_fairs, (
        Column(_("Job fair"), lambda r: r.name), Column(_("Brand"), lambda r: r.brand),
        Column(_("Date"), lambda r: r.date), Column(_("Place"), lambda r: r.division.name),
        Column(_("Employers"), lambda r: r.employers), Column(_("Posts offered"), lambda r: r.posts),
        Column(_("Attendance"), lambda r: r.attendance),
    )),
    "placements": Table(_("Placements"), "转移就业", selectors.placements, (
        Column(_("Member"), _member, _household), Column(_("Household"), _household),
        Column(_("Employer"), lambda r: r.employer), Column(_("Destination"), lambda r: r.destination),
        Column(_("Job kind"), lambda r: r.job_kind), Column(_("Start date"), lambda r: r.start_date),
        Column(_("End date"), lambda r: r.end_date), Column(_("Monthly wage (yuan)"), lambda r: r.monthly_wage),
    )),
    "subsidies": Table(_("Employment subsidies"), "就业补贴", selectors.subsidies, (
        Column(_("Member"), _member, _household), Column(_("Household"), _household),
        Column(_("Subsidy kind"), lambda r: r.kind), Column(_("Amount (yuan)"), lambda r: r.amount),
        Column(_("Date"), lambda r: r.date),
    )),
    "producers": Table(_("Producers"), "经营主体", selectors.producers, (
        Column(_("Producer code"), lambda r: r.code), Column(_("Producer name"), lambda r: r.name),
        Column(_("Producer kind"), lambda r: r.kind), Column(_("Village"), lambda r: r.village.division.name),
    )),
    "products": Table(_("Certified products"), "扶贫产品", selectors.products, (
        Column(_("Certificate number"), lambda r: r.certificate_number), Column(_("Product name"), lambda r: r.name),
        Column(_("Product category"), lambda r: r.category), Column(_("Producer"), lambda r: r.producer.name),
        Column(_("Village"), lambda r: r.producer.village.division.name),
        Column(_("Certified on"), lambda r: r.certified_date), Column(_("Valid until"), lambda r: r.valid_until),
    )),
    "sales": Table(_("Sales"), "产品销售", selectors.sales, (
        Column(_("Date"), lambda r: r.date), Column(_("Product name"), lambda r: r.product.name),
        Column(_("Producer"), lambda r: r.product.producer.name), Column(_("Channel"), lambda r: r.channel),
        Column(_("Buyer type"), lambda r: r.buyer_type), Column(_("Buyer"), lambda r: r.buyer),
        Column(_("Amount (yuan)"), lambda r: r.amount),
    )),
    "benefits": Table(_("Benefiting households"), "主体带贫户", selectors.benefit_links, (
        Column(_("Household"), lambda r: r.household.code, lambda r: r.household.code),
        Column(_("Producer"), lambda r: r.producer.name), Column(_("Benefit mechanism"), lambda r: r.mechanism),
        Column(_("Since year"), lambda r: r.start_year),
    )),
}  # fmt: skip


def _table(slug: str) -> Table:
    if slug not in LISTS:
        raise Http404
    return LISTS[slug]


def markets_list(request: HttpRequest, slug: str) -> HttpResponse:
    table = _table(slug)
    page = Paginator(table.rows(scope=scope_for(request.user)), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        [(column.value(row), column.household(row) if column.household else None) for column in table.columns]
        for row in page
    ]
    return render(
        request,
        "web/markets/list.html",
        {"table": table, "slug": slug, "page": page, "rows": rows, "lists": LISTS, "query": ""},
    )


def markets_export(request: HttpRequest, slug: str) -> HttpResponse:
    table = _table(slug)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.file_name)
    sheet.freeze_panes = "A2"
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        header.append(cell)
    sheet.append(header)
    for row in table.rows(scope=scope_for(request.user)).iterator(chunk_size=2000):
        sheet.append(xlsx_row(sheet, (column.value(row) for column in table.columns)))
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"{table.file_name}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response
