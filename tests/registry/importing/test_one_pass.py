"""Every error in one pass (issue 11 item 5): a row with a bad cell still takes part in every cross-sheet check
that does not depend on that cell, and no secondary error points at a column that is not wrong.

Written as the users' complaints: several sheets, several bad cells; the exact set of (sheet, row, column)
errors is asserted. In these CSV files data row n (0-based) is line n + 2.
"""

from __future__ import annotations

from bangfu.registry.importing import register_validate
from tests.registry.importing.builders import valid_rows, write_folder


def errors_of(tmp_path, rows) -> set[tuple]:
    report = register_validate(write_folder(tmp_path / "register", rows))
    return {(issue.sheet, issue.row, issue.column) for issue in report.errors}


def test_a_head_with_a_wrong_id_number_is_still_the_head(divisions, tmp_path):
    """“户主的证件号码写错了，系统却说这户没有户主”: only the ID number is reported."""
    rows = valid_rows()
    rows["成员"][0]["证件号码"] = "44152119650203001"  # 17 digits: the head's ID number is wrong
    rows["户"][1]["贫困户属性"] = "贫困"  # and, in another sheet, an unknown attribute
    assert errors_of(tmp_path, rows) == {("成员", 2, "证件号码"), ("户", 3, "贫困户属性")}


def test_a_household_with_a_bad_cell_still_exists_for_its_members_and_incomes(divisions, tmp_path):
    rows = valid_rows()
    rows["户"][0]["贫困户属性"] = "特困"  # not an accepted attribute
    rows["户"][0]["联系电话"] = "12"  # and a wrong phone in the same row
    rows["成员"][1]["务工月数"] = "十来个月"  # a member elsewhere with a wrong cell
    assert errors_of(tmp_path, rows) == {
        ("户", 2, "贫困户属性"),
        ("户", 2, "联系电话"),
        ("成员", 3, "务工月数"),
    }


def test_a_village_with_a_bad_cell_still_exists_for_its_households(divisions, tmp_path):
    rows = valid_rows()
    rows["村"][0]["是否贫困村"] = "也许"
    rows["村"][1]["户籍人口"] = "很多"
    rows["村年度"][0]["年度"] = "二〇二〇年"
    assert errors_of(tmp_path, rows) == {
        ("村", 2, "是否贫困村"),
        ("村", 3, "户籍人口"),
        ("村年度", 2, "年度"),
    }


def test_a_member_with_an_unreadable_household_code_gives_no_head_missing_elsewhere(divisions, tmp_path):
    """The head's 户编号 is wrong: that cell is the error, not the household's “no head”."""
    rows = valid_rows()
    rows["成员"][3]["户编号"] = "44152110120200O1"  # letter O for zero: the head of H2
    errors = errors_of(tmp_path, rows)
    assert errors == {("成员", 5, "户编号")}


def test_a_member_with_an_unreadable_relation_gives_no_head_missing(divisions, tmp_path):
    rows = valid_rows()
    rows["成员"][0]["与户主关系"] = "户长"  # not an accepted relation
    rows["收入"][0]["年度"] = "1800"
    assert errors_of(tmp_path, rows) == {("成员", 2, "与户主关系"), ("收入", 2, "年度")}


def test_a_household_with_an_unreadable_code_gives_no_unknown_household_to_its_members(divisions, tmp_path):
    rows = valid_rows()
    rows["户"][1]["户编号"] = "4415211O12020001"  # letter O: H2's code cannot be read
    errors = errors_of(tmp_path, rows)
    assert errors == {("户", 3, "户编号")}


def test_a_head_id_number_that_cannot_be_read_gives_no_mismatch(divisions, tmp_path):
    rows = valid_rows()
    rows["户"][0]["户主证件号码"] = "441521196502030"  # too short
    rows["成员"][2]["出生日期"] = "2012-13-01"
    assert errors_of(tmp_path, rows) == {("户", 2, "户主证件号码"), ("成员", 4, "出生日期")}


def test_a_real_missing_head_is_still_reported_next_to_an_unknown_household(divisions, tmp_path):
    """An unrelated member with an unknown 户编号 does not hide another household's missing head."""
    rows = valid_rows()
    rows["成员"][3]["与户主关系"] = "配偶"  # H2 now really has no head
    rows["成员"][2]["户编号"] = "不详"  # and a child names no known household
    assert errors_of(tmp_path, rows) == {("户", 3, "户编号"), ("成员", 4, "户编号")}


def test_a_household_code_with_a_look_alike_letter_is_one_error_at_that_code(divisions, tmp_path):
    rows = valid_rows()
    rows["户"][1]["户编号"] = "4415211O12020001"  # letter O for zero; 成员 and 收入 use the right code
    report = register_validate(write_folder(tmp_path / "register", rows))
    assert [(i.sheet, i.row, i.column, i.rule) for i in report.errors] == [
        ("户", 3, "户编号", "household_code_look_alike")
    ]
