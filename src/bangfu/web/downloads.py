"""Downloads of list pages as Excel workbooks (每个列表都可导出 Excel): the same filters and scope as the page,
Chinese headers, codes as text; written by ``core.spreadsheet.xlsx_table`` (no text ever a formula)."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from bangfu.core.spreadsheet import xlsx_table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Rows a list download holds at most; a note row says when there were more (narrow the filters, or use
#: ``bangfu export`` for the whole register).
ROW_LIMIT = 50_000


def limited(rows: Iterable, note: str, limit: int = ROW_LIMIT) -> Iterable:
    """``rows``, at most ``limit`` of them, then a row with ``note`` when some were left out."""
    for count, row in enumerate(rows):
        if count == limit:
            yield [note]
            return
        yield row


def xlsx_response(name: str, header: Iterable[str], rows: Iterable, *, text_columns=(0,)) -> HttpResponse:
    """``name``-<date>.xlsx holding ``rows`` under ``header`` on one sheet named ``name``."""
    body = xlsx_table(name, list(header), rows, text_columns=text_columns)
    response = HttpResponse(body, content_type=XLSX)
    filename = f"{name}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "no-store"
    return response
