"""Reading register files: workbooks with title rows, CSV in UTF-8 (BOM or not) or GB18030, zips; the header
row found under titles, columns in any order, unknown columns kept; rows numbered as the user sees them."""

from __future__ import annotations

import zipfile

import pytest

from bangfu.registry import contract
from bangfu.registry.importing import SourceError, open_source
from tests.registry.importing.builders import H1, HEAD_1, valid_rows, write_folder, write_workbook, write_zip


class GbkName(zipfile.ZipInfo):
    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def first_household(source):
    return next(iter(source.rows(contract.HOUSEHOLDS)))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_in_any_accepted_encoding_reads_the_same(tmp_path, encoding):
    with open_source(write_folder(tmp_path / "r", valid_rows(), encoding=encoding)) as source:
        row = first_household(source)
    assert (row.number, row.cells["户编号"], row.cells["贫困户属性"]) == (2, H1, "一般贫困户")


def test_an_undecodable_csv_is_a_clear_error(tmp_path):
    folder = write_folder(tmp_path / "r", valid_rows())
    path = folder / "户.csv"
    path.write_bytes(path.read_bytes() + b"\n\xff\xfe\xff,\x80\n")
    with open_source(folder) as source, pytest.raises(SourceError) as raised:
        list(source.rows(contract.HOUSEHOLDS))
    assert raised.value.key == "encoding" and raised.value.params["line"] == 5
    assert "UTF-8" in str(raised.value) and "GB18030" in str(raised.value)


def test_title_rows_are_skipped_and_rows_keep_the_file_line_numbers(tmp_path):
    folder = write_folder(tmp_path / "r", valid_rows(), title="海丰县建档立卡贫困户信息表")
    with open_source(folder) as source:
        reader = source.read(contract.HOUSEHOLDS)
        rows = list(reader)
    assert reader.header.row == 2 and [row.number for row in rows] == [3, 4]


def test_a_quoted_cell_over_two_lines_numbers_the_next_rows_by_their_first_line(tmp_path):
    rows = valid_rows()
    rows["成员"][0]["姓名"] = "陈\n大"
    with open_source(write_folder(tmp_path / "r", rows)) as source:
        members = list(source.rows(contract.MEMBERS))
    assert [row.number for row in members] == [2, 4, 5, 6] and members[0].cells["姓名"] == "陈\n大"


def test_workbook_rows_have_excel_row_numbers_under_merged_titles(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", valid_rows(), title_rows=2)
    with open_source(path) as source:
        reader = source.read(contract.MEMBERS)
        members = list(reader)
    assert reader.header.row == 3 and [row.number for row in members] == [4, 5, 6, 7]
    assert members[0].cells["证件号码"] == HEAD_1


def test_columns_in_any_order_unknown_ones_kept_and_reported(tmp_path):
    headers = {"户": ["备注", *reversed(contract.HOUSEHOLDS.headers)]}
    rows = valid_rows()
    rows["户"][0]["备注"] = "低保边缘"
    with open_source(write_folder(tmp_path / "r", rows, headers=headers)) as source:
        reader = source.read(contract.HOUSEHOLDS)
        first, second = list(reader)
    assert reader.header.extra == {"备注": 0}
    assert first.cells["户编号"] == H1 and first.extra == {"备注": "低保边缘"} and second.extra == {}


def test_data_under_a_column_without_a_name_is_kept(tmp_path):
    folder = write_folder(tmp_path / "r", valid_rows())
    path = folder / "户.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines[1] += ",看这里"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open_source(folder) as source:
        row = first_household(source)
    assert row.extra == {f"第{len(contract.HOUSEHOLDS.headers) + 1}列": "看这里"}


def test_a_header_missing_a_required_column_says_which(tmp_path):
    headers = {"户": [h for h in contract.HOUSEHOLDS.headers if h != "饮水安全"]}
    source = open_source(write_folder(tmp_path / "r", valid_rows(), headers=headers))
    with source, pytest.raises(SourceError) as raised:
        source.read(contract.HOUSEHOLDS)
    assert (raised.value.key, raised.value.row, raised.value.params["columns"]) == (
        "columns_missing",
        1,
        ["饮水安全"],
    )


def test_a_sheet_without_any_header_row(tmp_path):
    folder = write_folder(tmp_path / "r", valid_rows())
    (folder / "户.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with open_source(folder) as source, pytest.raises(SourceError) as raised:
        source.read(contract.HOUSEHOLDS)
    assert raised.value.key == "header_missing"


def test_header_cells_are_read_leniently(tmp_path):
    """Spaces and line breaks inside, a required-mark *, full-width letters: still the column."""
    messy = {"户编号": " *户编号\n", "住房安全等级": "住房安全\n等级"}
    rows = valid_rows()
    rows["户"] = [{messy.get(header, header): value for header, value in row.items()} for row in rows["户"]]
    headers = {"户": [messy.get(h, h) for h in contract.HOUSEHOLDS.headers]}
    with open_source(write_folder(tmp_path / "r", rows, headers=headers)) as source:
        row = first_household(source)
    assert (row.number, row.cells["户编号"], row.cells["住房安全等级"]) == (4, H1, "C")


def test_an_absent_optional_column_reads_as_empty(tmp_path):
    headers = {"户": [h for h in contract.HOUSEHOLDS.headers if h != "联系电话"]}
    with open_source(write_folder(tmp_path / "r", valid_rows(), headers=headers)) as source:
        reader = source.read(contract.HOUSEHOLDS)
        row = next(iter(reader))
    assert reader.header.absent == ("联系电话",) and row.cells["联系电话"] == ""


def test_rows_can_be_read_again_and_blank_rows_are_skipped(tmp_path):
    folder = write_folder(tmp_path / "r", valid_rows())
    path = folder / "收入.csv"
    path.write_text(path.read_text(encoding="utf-8-sig") + ",,,,,,,\n\n", encoding="utf-8")
    with open_source(folder) as source:
        first = [row.number for row in source.rows(contract.INCOMES)]
        again = [row.number for row in source.rows(contract.INCOMES)]
    assert first == again == [2, 3, 4]


def test_a_zip_with_the_files_in_a_folder_and_gbk_names(tmp_path):
    path = write_zip(tmp_path / "r.zip", valid_rows(), inner="导出/")
    # The member names as a Chinese-Windows zip tool writes them: GBK bytes, no UTF-8 flag.
    gbk = tmp_path / "gbk.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(gbk, "w") as target:
        for info in source.infolist():
            target.writestr(GbkName(info.filename), source.read(info))
    for archive in (path, gbk):
        with open_source(archive) as source:
            assert source.has_sheet(contract.VILLAGE_STATS)
            assert first_household(source).cells["户编号"] == H1


def test_missing_sheets_and_files(tmp_path):
    rows = valid_rows()
    del rows["成员"], rows["村年度"]
    with open_source(write_workbook(tmp_path / "r.xlsx", rows)) as source:
        assert not source.has_sheet(contract.VILLAGE_STATS)
        with pytest.raises(SourceError, match="缺少工作表“成员”"):
            source.read(contract.MEMBERS)
    source = open_source(write_folder(tmp_path / "f", rows))
    with source, pytest.raises(SourceError, match=r"缺少文件 成员\.csv"):
        source.read(contract.MEMBERS)


def test_unusable_paths(tmp_path):
    with pytest.raises(SourceError, match="找不到"):
        open_source(tmp_path / "nothing.xlsx")
    (tmp_path / "r.txt").write_text("x")
    with pytest.raises(SourceError, match="不支持的文件类型"):
        open_source(tmp_path / "r.txt")
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(SourceError, match="无法读取工作簿"):
        open_source(tmp_path / "broken.xlsx")
    (tmp_path / "broken.zip").write_bytes(b"not a zip")
    with pytest.raises(SourceError, match="无法读取压缩包"):
        open_source(tmp_path / "broken.zip")


def test_a_malformed_csv_is_a_clear_error(tmp_path):
    folder = write_folder(tmp_path / "r", valid_rows())
    path = folder / "户.csv"
    # A quote never closed swallows the rest of the file into one cell, beyond the csv module's limit.
    path.write_bytes(path.read_bytes() + b'4415,"unclosed\n' + b"x," * 70000 + b"\n")
    with open_source(folder) as source, pytest.raises(SourceError) as raised:
        list(source.rows(contract.HOUSEHOLDS))
    assert (raised.value.key, raised.value.params["line"]) == ("csv_malformed", 4)
