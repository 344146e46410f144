"""A small valid register as rows ``{header: cell}``, and writers for every layout the import accepts.

A test takes ``valid_rows()``, breaks one cell, writes it (``write_folder``, ``write_zip``, ``write_workbook``)
and validates. In CSV files the header is line 1, so the n-th data row (0-based) is line n + 2.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from stdnum.cn import ric

from bangfu.registry import contract
from bangfu.registry.importing.issues import ImportIssue


def make_id(birth: date, serial: int, prefix: str = "441521") -> str:
    """A valid ID number; ``serial`` odd for men, even for women."""
    body = f"{prefix}{birth.year:04d}{birth.month:02d}{birth.day:02d}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


HEAD_1 = make_id(date(1965, 2, 3), 11)
WIFE_1 = make_id(date(1968, 7, 9), 22)
CHILD_1 = make_id(date(2012, 9, 1), 32)
#: A head whose ID number ends in X (the check digit 10), to test a lowercase x.
HEAD_2 = next(n for n in (make_id(date(1970, 5, 1), s) for s in range(41, 999, 2)) if n.endswith("X"))
H1, H2 = "4415211012010001", "4415211012020001"
V1, V2, V3 = "441521101201", "441521101202", "441521101203"  # V3 has no households


def _member(household, name, number, relation, sex, birth, education, school, **changes) -> dict:
    row = dict.fromkeys(contract.MEMBERS.headers, "")
    row |= {"户编号": household, "姓名": name, "证件号码": number, "与户主关系": relation, "性别": sex,
            "出生日期": birth, "民族": "汉族", "文化程度": education, "在校生状况": school, "健康状况": "健康",
            "劳动技能": "普通劳动力", "城乡居民医保": "是", "职工医保": "否", "大病保险": "是", "养老保险": "否",
            "享受低保": "否", "特困供养": "否", "失学辍学": "否"}  # fmt: skip
    return row | changes


def _row(sheet: contract.Sheet, *values) -> dict:
    """A row from its first values; the optional columns after them (issue 14's criteria) are empty."""
    assert len(values) <= len(sheet.headers)
    return dict.fromkeys(sheet.headers, "") | dict(zip(sheet.headers, values, strict=False))


def valid_rows() -> dict[str, list[dict]]:
    """Three villages, two households (one registered poor, one ordinary), four members, three incomes."""
    villages, households, incomes = contract.VILLAGES, contract.HOUSEHOLDS, contract.INCOMES
    return {
        "村": [
            _row(villages, V1, "新山村", "海城镇", "海丰县", "是", "2016", "2019", "是", "1200"),
            _row(villages, V2, "东湖村", "海城镇", "海丰县", "否", "", "", "否", "980"),
            _row(villages, V3, "西岭村", "海城镇", "海丰县", "否", "", "", "", "650"),
        ],
        "户": [
            _row(
                households,
                H1,
                V1,
                HEAD_1,
                "一般贫困户",
                "2016",
                "2018",
                "因病",
                "C",
                "是",
                "是",
                "13800138000",
            ),
            _row(households, H2, V2, HEAD_2, "一般农户", "", "", "", "A", "", "是", "0660-3312345"),
        ],
        "成员": [
            _member(H1, "陈大", HEAD_1, "户主", "男", "1965-02-03", "小学", "", 务工月数="10"),
            _member(H1, "林二", WIFE_1, "配偶", "女", "1968-07-09", "初中", "", 健康状况="长期慢性病"),
            _member(H1, "陈小", CHILD_1, "女", "女", "2012-09-01", "", "小学", 劳动技能="无劳动力"),
            _member(H2, "黄四", HEAD_2, "户主", "男", "1970-05-01", "高中", ""),
        ],
        "收入": [
            _row(incomes, H1, "2015", "5000", "1000", "0", "800", "400", ""),
            _row(incomes, H1, "2020", "20000", "3000", "100", "1200", "1000", "300"),
            _row(incomes, H2, "2020", "36000", "0", "0", "500", "0", ""),
        ],
        # The seven yes/no village-exit indicators after the statistics are left empty (not recorded).
        "村年度": [_row(contract.VILLAGE_STATS, V1, "2020", "1200", "16000", "120000", *[""] * 7)],
    }


def _csv_text(sheet: contract.Sheet, rows: list[dict], headers: list[str] | None, title: str | None) -> str:
    headers = headers or sheet.headers
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if title:
        writer.writerow([title] + [""] * (len(headers) - 1))
    writer.writerow(headers)
    writer.writerows([row.get(header, "") for header in headers] for row in rows)
    return out.getvalue()


def write_folder(folder: Path, rows: dict[str, list[dict]], encoding: str = "utf-8-sig", **options) -> Path:
    """One CSV file per sheet in ``rows``; ``headers={sheet: [...]}`` and ``title="…"`` are optional."""
    folder.mkdir(parents=True, exist_ok=True)
    for sheet in contract.SHEETS:
        if sheet.name in rows:
            text = _csv_text(
                sheet, rows[sheet.name], options.get("headers", {}).get(sheet.name), options.get("title")
            )
            (folder / sheet.file_name).write_bytes(text.encode(encoding))
    return folder


def write_zip(path: Path, rows: dict[str, list[dict]], inner: str = "", encoding: str = "utf-8-sig") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for sheet in contract.SHEETS:
            if sheet.name in rows:
                text = _csv_text(sheet, rows[sheet.name], None, None)
                archive.writestr(inner + sheet.file_name, text.encode(encoding))
    return path


def write_workbook(path: Path, rows: dict[str, list[dict]], title_rows: int = 0, **options) -> Path:
    """An .xlsx workbook; ``title_rows`` merged title rows above each header; cells as given (any type)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in contract.SHEETS:
        if sheet.name not in rows:
            continue
        headers = options.get("headers", {}).get(sheet.name) or sheet.headers
        worksheet = workbook.create_sheet(sheet.name)
        for index in range(title_rows):
            worksheet.cell(row=index + 1, column=1, value=f"海丰县建档立卡{sheet.name}信息表（{index + 1}）")
            worksheet.merge_cells(
                start_row=index + 1, start_column=1, end_row=index + 1, end_column=len(headers)
            )
        worksheet.append(headers)
        for row in rows[sheet.name]:
            worksheet.append([None if row.get(h, "") == "" else row.get(h) for h in headers])
    workbook.save(path)
    return path


def located(issues: list[ImportIssue]) -> list[tuple]:
    """Issues as ``(sheet, row, column, value, rule)``, for comparing in tests."""
    return [(issue.sheet, issue.row, issue.column, issue.value, issue.rule) for issue in issues]
