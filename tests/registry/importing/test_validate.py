"""Validation: one broken file per rule, each error located (sheet, row, column, value as given, message),
every error collected; a valid file gives none. In these CSV files data row n (0-based) is line n + 2."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from stdnum.cn import ric

from bangfu.registry.importing import register_validate
from bangfu.registry.importing.messages import MESSAGES
from tests.registry.importing.builders import (
    CHILD_1,
    H1,
    H2,
    HEAD_1,
    V1,
    V3,
    WIFE_1,
    located,
    make_id,
    valid_rows,
    write_folder,
    write_workbook,
)

UNKNOWN_HOUSEHOLD = "4415211012029999"
FUTURE = date.today() + timedelta(days=400)


def validate(tmp_path, rows, **options):
    return register_validate(write_folder(tmp_path / "register", rows, **options))


def test_the_valid_register_has_no_issues(divisions, tmp_path):
    report = validate(tmp_path, valid_rows())
    assert report.errors == [] and report.warnings == [] and report.ok
    assert report.counts == {"村": 3, "户": 2, "成员": 4, "收入": 3, "村年度": 1}


def setting(sheet: str, index: int, header: str, value: str):
    def change(rows):
        rows[sheet][index][header] = value

    return change


def appending(sheet: str, index: int, **changes):
    def change(rows):
        rows[sheet].append(rows[sheet][index] | changes)

    return change


CASES = {
    # Required fields and code lists
    "required": (setting("成员", 1, "姓名", ""), [("成员", 3, "姓名", "", "required")]),
    "code": (setting("户", 0, "贫困户属性", "富裕户"), [("户", 2, "贫困户属性", "富裕户", "code")]),
    "relation code": (setting("成员", 1, "与户主关系", "老伴"), [("成员", 3, "与户主关系", "老伴", "code")]),
    "bool": (setting("成员", 0, "城乡居民医保", "也许"), [("成员", 2, "城乡居民医保", "也许", "bool")]),
    # Village codes
    "division": (
        setting("村", 2, "行政区划代码", "4415211012"),
        [("村", 4, "行政区划代码", "4415211012", "division")],
    ),
    "division county": (
        setting("村", 2, "行政区划代码", "999999101203"),
        [("村", 4, "行政区划代码", "999999101203", "division_county")],
    ),
    "county not in the system": (
        setting("村", 2, "行政区划代码", "110101001001"),
        [("村", 4, "行政区划代码", "110101001001", "county_not_in_system")],
    ),
    "village duplicate": (setting("村", 2, "行政区划代码", V1), [("村", 4, "行政区划代码", V1, "duplicate")]),
    # ID numbers
    "id format": (
        setting("成员", 2, "证件号码", CHILD_1[:17]),
        [("成员", 4, "证件号码", CHILD_1[:17], "id_format")],
    ),
    "id legacy": (
        setting("成员", 2, "证件号码", "441521120901321"),
        [("成员", 4, "证件号码", "441521120901321", "id_legacy")],
    ),
    "id check digit": (
        setting("成员", 2, "证件号码", CHILD_1[:17] + str((int(CHILD_1[17:].replace("X", "10")) + 1) % 10)),
        [("成员", 4, "证件号码", None, "id_check")],
    ),
    "id birth date": (
        setting("成员", 2, "证件号码", make_id(date(2012, 9, 1), 32)[:10] + "1332" + CHILD_1[14:]),
        [("成员", 4, "证件号码", None, "id_birth_invalid")],
    ),
    "id birth in the future": (
        setting("成员", 2, "证件号码", make_id(FUTURE, 32)),
        [("成员", 4, "证件号码", make_id(FUTURE, 32), "id_birth_future")],
    ),
    "id region": (
        setting("成员", 2, "证件号码", make_id(date(2012, 9, 1), 32, prefix="990000")),
        [("成员", 4, "证件号码", make_id(date(2012, 9, 1), 32, prefix="990000"), "id_region")],
    ),
    # ID plausibility (issue 14): birth 1900-01-01 … the import date, a county-level region prefix
    "id birth year 0001": (
        setting("成员", 2, "证件号码", make_id(date(1, 9, 1), 32)),
        [("成员", 4, "证件号码", make_id(date(1, 9, 1), 32), "id_birth_early")],
    ),
    "id birth year 1890": (
        setting("成员", 2, "证件号码", make_id(date(1890, 9, 1), 32)),
        [("成员", 4, "证件号码", make_id(date(1890, 9, 1), 32), "id_birth_early")],
    ),
    "id region of a province": (
        setting("成员", 2, "证件号码", make_id(date(2012, 9, 1), 32, prefix="440000")),
        [("成员", 4, "证件号码", make_id(date(2012, 9, 1), 32, prefix="440000"), "id_region")],
    ),
    "id region of a prefecture": (
        setting("成员", 2, "证件号码", make_id(date(2012, 9, 1), 32, prefix="441500")),
        [("成员", 4, "证件号码", make_id(date(2012, 9, 1), 32, prefix="441500"), "id_region")],
    ),
    "id duplicate": (appending("成员", 2), [("成员", 6, "证件号码", CHILD_1, "duplicate")]),
    # Sex and birth date against the ID number
    "sex": (setting("成员", 2, "性别", "男"), [("成员", 4, "性别", "男", "sex_mismatch")]),
    "birth date": (
        setting("成员", 2, "出生日期", "2012/9/2"),
        [("成员", 4, "出生日期", "2012/9/2", "birth_mismatch")],
    ),
    # Uniqueness and references
    "household duplicate": (appending("户", 0), [("户", 4, "户编号", H1, "duplicate")]),
    "village unknown": (
        setting("户", 1, "行政区划代码", "441521101299"),
        [("户", 3, "行政区划代码", "441521101299", "village_unknown")],
    ),
    "member's household unknown": (
        appending(
            "成员",
            2,
            户编号=UNKNOWN_HOUSEHOLD,
            证件号码=make_id(date(1990, 1, 1), 51),
            性别="男",
            出生日期="",
        ),
        [("成员", 6, "户编号", UNKNOWN_HOUSEHOLD, "household_unknown")],
    ),
    "income's household unknown": (
        setting("收入", 2, "户编号", UNKNOWN_HOUSEHOLD),
        [("收入", 4, "户编号", UNKNOWN_HOUSEHOLD, "household_unknown")],
    ),
    "income duplicate": (appending("收入", 1), [("收入", 5, "年度", "2020", "duplicate_income")]),
    "statistics duplicate": (appending("村年度", 0), [("村年度", 3, "年度", "2020", "duplicate_stats")]),
    "statistics village unknown": (
        setting("村年度", 0, "行政区划代码", "441521101299"),
        [("村年度", 2, "行政区划代码", "441521101299", "village_unknown")],
    ),
    # Exactly one head, matching 户主证件号码
    "head missing": (setting("成员", 3, "与户主关系", "其他"), [("户", 3, "户编号", H2, "head_missing")]),
    "two heads": (
        setting("成员", 1, "与户主关系", "户主"),
        [("成员", 3, "与户主关系", "户主", "head_extra")],
    ),
    "head mismatch": (
        setting("户", 0, "户主证件号码", WIFE_1),
        [("户", 2, "户主证件号码", WIFE_1, "head_mismatch")],
    ),
    # Within a row
    "education none": (setting("成员", 0, "文化程度", ""), [("成员", 2, "文化程度", "", "education_none")]),
    "education both": (
        setting("成员", 0, "在校生状况", "小学"),
        [("成员", 2, "在校生状况", "小学", "education_both")],
    ),
    "amount negative": (
        setting("收入", 0, "工资性收入", "-5"),
        [("收入", 2, "工资性收入", "-5", "money_negative")],
    ),
    "amount": (setting("收入", 0, "转移性收入", "八百"), [("收入", 2, "转移性收入", "八百", "money")]),
    "year": (setting("收入", 0, "年度", "15"), [("收入", 2, "年度", "15", "year")]),
    "year range": (setting("村", 0, "识别年度", "1900"), [("村", 2, "识别年度", "1900", "year_range")]),
    "poor village identified year": (
        setting("村", 0, "识别年度", ""),
        [("村", 2, "识别年度", "", "identified_year_village")],
    ),
    "poor household identified year": (
        setting("户", 0, "识别年度", ""),
        [("户", 2, "识别年度", "", "identified_year_household")],
    ),
    "poor household main cause": (
        setting("户", 0, "主要致贫原因", ""),
        [("户", 2, "主要致贫原因", "", "main_cause_required")],
    ),
    "household exit before identified": (
        setting("户", 0, "脱贫年度", "2015"),
        [("户", 2, "脱贫年度", "2015", "exit_before_identified")],
    ),
    "village exit before identified": (
        setting("村", 0, "出列年度", "2015"),
        [("村", 2, "出列年度", "2015", "exit_before_identified")],
    ),
    "months in work": (setting("成员", 0, "务工月数", "13"), [("成员", 2, "务工月数", "13", "months")]),
    "dropout reason": (
        setting("成员", 2, "失学辍学", "是"),
        [("成员", 4, "辍学原因", "", "dropout_reason_required")],
    ),
    "phone": (setting("户", 0, "联系电话", "12345"), [("户", 2, "联系电话", "12345", "phone")]),
    "registered population": (setting("村", 0, "户籍人口", "-1"), [("村", 2, "户籍人口", "-1", "int")]),
}


@pytest.mark.parametrize(("change", "expected"), CASES.values(), ids=CASES.keys())
def test_one_broken_rule_gives_one_located_error(divisions, tmp_path, change, expected):
    rows = valid_rows()
    change(rows)
    report = validate(tmp_path, rows)
    found = located(report.errors)
    # A value of None in the expectation: the cell as written by the case (long ID numbers).
    expected = [
        (sheet, row, column, rows[sheet][row - 2][column] if value is None else value, rule)
        for sheet, row, column, value, rule in expected
    ]
    assert found == expected
    assert all(issue.message for issue in report.errors) and not report.ok


def test_three_different_errors_give_three_issues(divisions, tmp_path):
    rows = valid_rows()
    rows["户"][1]["饮水安全"] = "不知道"
    rows["成员"][2]["证件号码"] = CHILD_1.replace(CHILD_1[17], "X" if CHILD_1[17] != "X" else "0")
    rows["收入"][0]["工资性收入"] = "-100"
    report = validate(tmp_path, rows)
    assert [(issue.sheet, issue.row, issue.column, issue.rule) for issue in report.errors] == [
        ("户", 3, "饮水安全", "bool"),
        ("成员", 4, "证件号码", "id_check"),
        ("收入", 2, "工资性收入", "money_negative"),
    ]


def test_messages_are_plain_chinese_and_list_accepted_codes(divisions, tmp_path):
    rows = valid_rows()
    rows["户"][0]["贫困户属性"] = "富裕户"
    (issue,) = validate(tmp_path, rows).errors
    assert issue.message == "应为以下之一：一般贫困户、低保贫困户、特困供养贫困户、一般农户"


def test_messages_in_english(divisions, tmp_path):
    rows = valid_rows()
    rows["户"][0]["贫困户属性"] = "富裕户"
    rows["成员"][2]["性别"] = "男"
    report = register_validate(write_folder(tmp_path / "r", rows), lang="en")
    assert [issue.message for issue in report.errors] == [
        "Must be one of: 一般贫困户, 低保贫困户, 特困供养贫困户, 一般农户",
        "Does not agree with the ID number, which says 女",
    ]


def test_every_message_has_both_languages_with_the_same_parameters():
    import string

    for key, texts in MESSAGES.items():
        fields = [
            {name for _, name, _, _ in string.Formatter().parse(texts[lang]) if name} for lang in ("zh", "en")
        ]
        assert fields[0] == fields[1], key


def test_an_old_region_code_is_accepted(divisions, tmp_path):
    """People born in 海丰县 before 1988 hold 441521… numbers; stdnum's validate() refuses them."""
    assert not ric.is_valid(HEAD_1)
    abolished = make_id(date(2012, 9, 1), 32, prefix="110103")  # 崇文区, abolished in 2010
    rows = valid_rows()
    rows["成员"][2]["证件号码"] = abolished
    assert validate(tmp_path, rows).errors == []


def test_empty_sex_and_birth_date_are_derived_with_warnings(divisions, tmp_path):
    rows = valid_rows()
    rows["成员"][2] |= {"性别": "", "出生日期": ""}
    report = validate(tmp_path, rows)
    assert report.errors == []
    assert located(report.warnings) == [
        ("成员", 4, "性别", "", "derived"),
        ("成员", 4, "出生日期", "", "derived"),
    ]
    assert report.warnings[0].message == "提示：为空，已按证件号码填为“女”"


def test_renovation_of_safe_housing_is_a_warning(divisions, tmp_path):
    rows = valid_rows()
    rows["户"][1]["危房改造"] = "是"
    report = validate(tmp_path, rows)
    assert report.errors == [] and located(report.warnings) == [
        ("户", 3, "危房改造", "是", "renovated_grade")
    ]


def test_references_to_the_database_are_accepted(divisions, tmp_path):
    from tests import factories

    village = factories.village("441521101299", name="老村")
    factories.household(village, UNKNOWN_HOUSEHOLD, members=1)
    rows = valid_rows()
    rows["户"][1]["行政区划代码"] = "441521101299"
    rows["收入"][2]["户编号"] = UNKNOWN_HOUSEHOLD
    rows["成员"].append(
        rows["成员"][2] | {"户编号": UNKNOWN_HOUSEHOLD, "证件号码": make_id(date(2012, 9, 1), 52)}
    )
    rows["村年度"][0]["行政区划代码"] = "441521101299"
    assert validate(tmp_path, rows).errors == []


def test_header_problems_are_reported(divisions, tmp_path):
    rows = valid_rows()
    rows["户"][0]["备注"] = "x"
    headers = {
        "户": [h for h in rows["户"][0] if h != "联系电话"],
        "收入": [*rows["收入"][0], "年度"],
    }
    report = validate(tmp_path, rows, headers=headers)
    assert located(report.errors) == [("收入", 1, "年度", "年度", "column_duplicate")]
    assert located(report.warnings) == [
        ("户", 1, "联系电话", "", "column_absent"),
        ("户", 1, "备注", "备注", "column_unknown"),
    ]


def test_missing_sheets_are_errors_except_the_optional_one(divisions, tmp_path):
    rows = valid_rows()
    del rows["村年度"]
    assert validate(tmp_path / "a", rows).ok
    del rows["收入"]
    report = validate(tmp_path / "b", rows)
    assert located(report.errors) == [("收入", None, "", "", "file_missing")]


def test_an_unreadable_households_sheet_does_not_flood_the_report(divisions, tmp_path):
    folder = write_folder(tmp_path / "r", valid_rows())
    (folder / "户.csv").write_text("不是表头\n", encoding="utf-8")
    report = register_validate(folder)
    assert located(report.errors) == [("户", None, "", "", "header_missing")]


def test_workbook_errors_carry_excel_row_numbers(divisions, tmp_path):
    rows = valid_rows()
    rows["成员"][2]["性别"] = "男"
    report = register_validate(write_workbook(tmp_path / "r.xlsx", rows, title_rows=2))
    assert located(report.errors) == [("成员", 6, "性别", "男", "sex_mismatch")]


def test_progress_is_reported_per_sheet(divisions, tmp_path):
    seen = []
    register_validate(
        write_folder(tmp_path / "r", valid_rows()), progress=lambda sheet, n: seen.append((sheet, n))
    )
    assert seen == [("村", 3), ("户", 2), ("成员", 4), ("收入", 3), ("村年度", 1)]


def test_every_case_uses_a_valid_base(divisions, tmp_path):
    """The rows the cases break are valid to begin with (guards the table above)."""
    rows = valid_rows()
    assert rows["户"][1]["户编号"] == H2 and rows["村"][2]["行政区划代码"] == V3
    assert validate(tmp_path, rows).ok


def test_every_rule_is_documented():
    from pathlib import Path

    docs = (Path(__file__).parents[3] / "docs" / "import.md").read_text(encoding="utf-8")
    missing = [
        key for key in MESSAGES if f"`{key}`" not in docs or MESSAGES[key]["zh"].split("{")[0] not in docs
    ]
    assert missing == []


def test_absent_derived_columns_are_one_warning_not_one_per_row(divisions, tmp_path):
    headers = {"成员": [h for h in valid_rows()["成员"][0] if h not in ("性别", "出生日期")]}
    report = validate(tmp_path, valid_rows(), headers=headers)
    assert report.errors == []
    assert located(report.warnings) == [
        ("成员", 1, "性别", "", "column_absent_derived"),
        ("成员", 1, "出生日期", "", "column_absent_derived"),
    ]


def test_many_warnings_of_one_kind_are_counted_beyond_a_limit(divisions, tmp_path, monkeypatch):
    from bangfu.registry.importing import validate as validation

    monkeypatch.setattr(validation, "WARNING_LIMIT", 2)
    rows = valid_rows()
    for member in rows["成员"]:
        member["性别"] = ""
    report = validate(tmp_path, rows)
    assert located(report.warnings) == [
        ("成员", None, "性别", "", "warnings_unlisted"),
        ("成员", 2, "性别", "", "derived"),
        ("成员", 3, "性别", "", "derived"),
    ]
    assert report.warnings[0].message == "提示：同类提示另有2行，不再逐行列出"
    assert report.unlisted_warnings == 2


def test_a_fresh_database_accepts_villages_of_the_shipped_counties(db, tmp_path):
    """The apply step loads the divisions Bangfu ships into an empty database; validation expects that."""
    rows = valid_rows()
    rows["村"][2]["行政区划代码"] = "441571001201"  # 红海湾经济开发试验区: Bangfu's own county-level code
    assert validate(tmp_path, rows).ok
