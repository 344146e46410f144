"""Village pages: the list (filters, search, sorting, Excel export) and one village's page (村)."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from bangfu.accounts.scope import Scope, scope_for
from bangfu.assessment import verdicts
from bangfu.core.spreadsheet import xlsx_value
from bangfu.registry import paging
from bangfu.registry import selectors as browsing
from bangfu.registry.selectors import VILLAGE_SORTS, VillageFilters
from bangfu.web.views.households import explain, household_page

PAGE_SIZE = 25
#: The village list counts up to this many ("more than 1,000"): counting 10,001 of a county's 13,000 villages
#: cost 9 ms at 10^6 households, more than the page itself; nobody reads a count of villages past a thousand.
COUNT_CAP = 1_000
YES_NO = {"yes": True, "no": False}
FILTER_KEYS = ("county", "town", "poor", "exited", "demonstration", "q")


def _division_code(value: str | None) -> str:
    value = (value or "").strip()
    return value if len(value) == 12 and value.isdigit() else ""


def filters_from(request: HttpRequest) -> VillageFilters:
    """The list's filters from the query string; values it does not know are ignored."""
    get = request.GET
    return VillageFilters(
        county=_division_code(get.get("county")),
        town=_division_code(get.get("town")),
        poor=YES_NO.get(get.get("poor", "")),
        exited=YES_NO.get(get.get("exited", "")),
        demonstration=YES_NO.get(get.get("demonstration", "")),
        search=get.get("q", "").strip()[:50],
    )


def sort_from(request: HttpRequest) -> str:
    sort = request.GET.get("sort", "code")
    return sort if sort.lstrip("-") in VILLAGE_SORTS else "code"


#: Sort columns that may be empty (sorted last in both directions).
NULLABLE = {"identified_year", "exit_year"}


def village_order(sort: str, scope: Scope) -> tuple[paging.SortKey, ...]:
    """The village list's order as keyset keys: ``browsing.VILLAGE_SORTS``, the first column reversed by ``-``.

    By code, a scope of divisions is read in division-path order: the same order when codes nest as the
    national ones do (``browsing.household_order``), and the path index that selects the scope's villages then
    serves the order too, so a page stops after its rows instead of sorting all the county's villages.
    """
    first, *rest = VILLAGE_SORTS.get(sort.lstrip("-"), VILLAGE_SORTS["code"])
    if first == "division__code" and not scope.everything:
        first = "division__path"
    return (
        paging.SortKey(first, descending=sort.startswith("-"), nullable=first in NULLABLE),
        *(paging.SortKey(column) for column in rest),
    )


def _query(request: HttpRequest, *, without=("page", "after", "before")) -> str:
    """The current query string without ``without``, for links that change one thing."""
    pairs = [(key, value) for key, value in request.GET.items() if key not in without and value]
    return urlencode(pairs)


def sort_links(request: HttpRequest, current: str) -> dict[str, dict]:
    """For each sortable column: the link that sorts by it (reversing when it is the current sort)."""
    base = _query(request, without=("page", "after", "before", "sort"))
    links = {}
    for key in VILLAGE_SORTS:
        active = current.lstrip("-") == key
        descending = current.startswith("-")
        target = f"-{key}" if active and not descending else key
        links[key] = {
            "url": f"?{base}&sort={target}" if base else f"?sort={target}",
            "active": active,
            "arrow": ("▼" if descending else "▲") if active else "",
            "aria": ("descending" if descending else "ascending") if active else "none",
        }
    return links


def options(divisions, selected: str) -> str:
    """``<option>`` elements of ``divisions`` (code, name), ``selected`` marked: built here rather than in a
    template loop, which cost more than the rest of the page for the 744 counties of a national register."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((d.code, mark_safe(" selected") if d.code == selected else "", d.name) for d in divisions),
    )


def village_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    filters, sort = filters_from(request), sort_from(request)
    found = browsing.village_list(scope=scope, filters=filters, sort=sort)
    page = paging.keyset_page(
        found,
        order=village_order(sort, scope),
        unique="division__code",
        key_of=lambda village: village.division.code,
        size=PAGE_SIZE,
        after=_division_code(request.GET.get("after")),
        before=_division_code(request.GET.get("before")),
    )
    counts = browsing.village_counts(scope=scope, village_ids=[village.pk for village in page.object_list])
    rows = [(village, counts.get(village.pk, browsing.VillageCounts())) for village in page.object_list]
    return render(
        request,
        "web/villages/list.html",
        {
            "page": page,
            "count": paging.capped_count(found, COUNT_CAP),
            "rows": rows,
            "filters": filters,
            "values": {key: request.GET.get(key, "") for key in (*FILTER_KEYS, "sort")},
            "counties": (counties := browsing.county_choices(scope=scope)),
            "county_options": options(counties, filters.county),
            "towns": browsing.town_choices(scope=scope, county=filters.county),
            "sorts": sort_links(request, sort),
            "query": _query(request),
            "export_query": _query(request),
        },
    )


#: The export's columns: Chinese headers (as the register's workbooks) and widths.
EXPORT_COLUMNS = (
    ("行政区划代码", 16),
    ("村名", 14),
    ("乡镇", 14),
    ("县区", 14),
    ("是否贫困村", 10),
    ("识别年度", 9),
    ("出列年度", 9),
    ("示范村", 8),
    ("户籍人口", 10),
    ("户数", 8),
    ("建档立卡户数", 12),
    ("未脱贫户数", 10),
)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def village_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as an ``.xlsx`` workbook, in the list's order, within the user's scope; names are
    string cells, never formulas (``core.spreadsheet``)."""
    scope = scope_for(request.user)
    villages = browsing.village_list(scope=scope, filters=filters_from(request), sort=sort_from(request))
    counts = browsing.village_counts(scope=scope, village_ids=villages.values("pk"))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("村")
    sheet.freeze_panes = "A2"
    for index, (_header, width) in enumerate(EXPORT_COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    header = []
    for title, _width in EXPORT_COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        header.append(cell)
    sheet.append(header)
    empty = browsing.VillageCounts()
    for village in villages.iterator(chunk_size=2000):
        division = village.division
        town = division.parent
        county = town.parent if town else None
        count = counts.get(village.pk, empty)
        code = WriteOnlyCell(sheet, value=division.code)
        code.number_format = "@"
        sheet.append(
            [
                code,
                xlsx_value(sheet, division.name),
                xlsx_value(sheet, town.name if town else ""),
                xlsx_value(sheet, county.name if county else ""),
                _yes_no(village.is_poor),
                village.identified_year,
                village.exit_year,
                _yes_no(village.is_demonstration),
                village.registered_population,
                count.households,
                count.registered,
                count.not_exited,
            ]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    name = f"村列表-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 2)


def incidence_chart(points) -> dict:
    """ECharts options: poverty incidence (%) by year."""
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 16, "top": 30, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": [str(point.year) for point in points]},
        "yAxis": {"type": "value", "name": "%", "min": 0},
        "series": [
            {
                "type": "line",
                "name": _("Poverty incidence (%)"),
                "data": [_percent(point.incidence) for point in points],
                "areaStyle": {"opacity": 0.15},
            }
        ],
    }


#: The printable village file lists every household of the village on one page (a village has hundreds).
PRINT_HOUSEHOLDS = 5_000


def village_context(request: HttpRequest, division_code: str, page_size: int = PAGE_SIZE) -> dict:
    """What the village page and its printable file show; 404 outside the user's scope."""
    scope = scope_for(request.user)
    village = get_object_or_404(browsing.villages(scope=scope), division__code=division_code)
    points = browsing.village_incidence(scope=scope, village=village)
    households = household_page(
        request, scope, browsing.village_households(scope=scope, village=village), page_size
    )
    division = village.division
    town = division.parent
    return {
        "village": village,
        "division": division,
        "town": town,
        "county": town.parent if town else None,
        "counts": browsing.village_counts(scope=scope, village_ids=[village.pk]).get(
            village.pk, browsing.VillageCounts()
        ),
        "stats": browsing.village_year_stats(scope=scope, village=village),
        "incidence": [(point, _percent(point.incidence)) for point in points],
        "incidence_chart": incidence_chart(points) if points else None,
        "page": households["page"],
        "households": households["rows"],
        "query": "",
        "verdicts": [
            explain(result) for result in verdicts.village_latest_verdicts(scope=scope, village=village)
        ],
    }


def village_detail(request: HttpRequest, division_code: str) -> HttpResponse:
    return render(request, "web/villages/detail.html", village_context(request, division_code))


def village_print(request: HttpRequest, division_code: str) -> HttpResponse:
    """The village file for A4 paper: profile, incidence, statistics, verdicts, every household, programme."""
    context = village_context(request, division_code, page_size=PRINT_HOUSEHOLDS)
    return render(
        request,
        "web/villages/print.html",
        {
            **context,
            "village_url": reverse("village-detail", args=[division_code]),
            "printed_at": timezone.localtime(),
        },
    )
