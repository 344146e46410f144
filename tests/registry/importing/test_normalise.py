"""Cells as users and Excel write them, read as the contract allows — and what is refused."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from bangfu.registry import contract
from bangfu.registry.importing.normalise import CellProblem, cell_parser, cell_text
from tests.registry.importing.builders import HEAD_1


def column(sheet: contract.Sheet, header: str) -> contract.Column:
    return next(c for c in sheet.columns if c.header == header)


def read(sheet: contract.Sheet, header: str, raw):
    return cell_parser(column(sheet, header))(raw)


V, H, M, N = contract.VILLAGES, contract.HOUSEHOLDS, contract.MEMBERS, contract.INCOMES  # N: 收入


@pytest.mark.parametrize(
    ("sheet", "header", "raw", "expected"),
    [
        (H, "户编号", "　４４１５２１１０１２０１０００１ ", "4415211012010001"),
        (H, "户编号", 441521101201.0, "441521101201"),
        (M, "姓名", " 陈大\u3000", "陈大"),
        (M, "姓名", "陈（大）", "陈（大）"),  # punctuation in free text is left alone
        (V, "行政区划代码", "４４１５２１１０１２０１", "441521101201"),
        (V, "行政区划代码", 441521101201.0, "441521101201"),
        (V, "行政区划代码", "'441521101201", "441521101201"),
        (M, "证件号码", HEAD_1.lower().replace("1", "１", 1), HEAD_1),
        (M, "证件号码", f" {HEAD_1[:6]} {HEAD_1[6:14]} {HEAD_1[14:]} ", HEAD_1),
        (H, "贫困户属性", "五保户", "特困供养贫困户"),
        (H, "住房安全等级", "ｃ", "C"),
        (M, "在校生状况", "高中／中职", "高中/中职"),
        (V, "是否贫困村", "是", True),
        (V, "是否贫困村", "Y", True),
        (V, "是否贫困村", "n", False),
        (V, "是否贫困村", "1", True),
        (V, "是否贫困村", "０", False),
        (V, "是否贫困村", True, True),
        (V, "是否贫困村", 0.0, False),
        (V, "识别年度", "2016.0", 2016),
        (V, "识别年度", 2016.0, 2016),
        (V, "识别年度", "２０１６", 2016),
        (V, "户籍人口", "1,200", 1200),
        (V, "户籍人口", 1200.0, 1200),
        (N, "工资性收入", "1,234元", Decimal("1234")),
        (N, "工资性收入", "１２３４.５０元", Decimal("1234.50")),
        (N, "工资性收入", "¥1,234.5", Decimal("1234.5")),
        (N, "工资性收入", 1234.5, Decimal("1234.5")),
        (N, "工资性收入", 0.1 + 0.2, Decimal("0.3")),
        (M, "出生日期", "1965-02-03", date(1965, 2, 3)),
        (M, "出生日期", "1965/2/3", date(1965, 2, 3)),
        (M, "出生日期", "19650203", date(1965, 2, 3)),
        (M, "出生日期", "1965年2月3日", date(1965, 2, 3)),
        (M, "出生日期", "1965-02-03 00:00:00", date(1965, 2, 3)),
        (M, "出生日期", 23776.0, date(1965, 2, 3)),  # an Excel date serial
        (M, "出生日期", "23776", date(1965, 2, 3)),
        (M, "出生日期", datetime(1965, 2, 3), date(1965, 2, 3)),
        (M, "出生日期", date(1965, 2, 3), date(1965, 2, 3)),
        (M, "出生日期", 19650203.0, date(1965, 2, 3)),
    ],
)
def test_lenient_cells(sheet, header, raw, expected):
    value = read(sheet, header, raw)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("sheet", "header", "raw", "key"),
    [
        (V, "行政区划代码", "44152110120", "division"),
        (M, "证件号码", 4.41521196502031e17, "lost_digits"),
        (M, "证件号码", "4.41521E+17", "lost_digits"),
        (H, "户编号", 4415211012010001.0, "lost_digits"),
        (M, "证件号码", HEAD_1[:6] + HEAD_1[8:17], "id_legacy"),
        (M, "证件号码", HEAD_1[:17], "id_format"),
        (M, "证件号码", HEAD_1[:17] + "Y", "id_format"),
        (H, "贫困户属性", "富裕户", "code"),
        (V, "是否贫困村", "也许", "bool"),
        (V, "识别年度", "16", "year"),
        (V, "识别年度", "1900", "year_range"),
        (V, "识别年度", "2101", "year_range"),
        (V, "识别年度", 2016.5, "year"),
        (V, "户籍人口", "-3", "int"),
        (V, "户籍人口", "12.5", "int"),
        (N, "工资性收入", "-5", "money_negative"),
        (N, "工资性收入", -5.0, "money_negative"),
        (N, "工资性收入", "12.345", "money_decimals"),
        (N, "工资性收入", "一千", "money"),
        (M, "出生日期", "1965-02-30", "date"),
        (M, "出生日期", "03/02/1965", "date"),
    ],
)
def test_refused_cells(sheet, header, raw, key):
    with pytest.raises(CellProblem) as raised:
        read(sheet, header, raw)
    assert raised.value.key == key


def test_a_code_refusal_lists_the_accepted_codes():
    with pytest.raises(CellProblem) as raised:
        read(H, "贫困户属性", "富裕户")
    assert raised.value.params["codes"] == ["一般贫困户", "低保贫困户", "特困供养贫困户", "一般农户"]


@pytest.mark.parametrize(
    ("raw", "text"),
    [("  x ", "  x "), (441521101201.0, "441521101201"), (1234.5, "1234.5"), (True, "TRUE"),
     (datetime(1965, 2, 3), "1965-02-03"), (4.41521196502031e17, "4.41521196502031e+17"), (None, "")],
)  # fmt: skip
def test_values_as_given_for_reports(raw, text):
    assert cell_text(raw) == text
