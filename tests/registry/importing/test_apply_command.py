"""`bangfu import PATH`: exit codes, what it prints, the report file, dry run, and the admin's history."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from bangfu.core.spreadsheet import csv_unquote
from bangfu.registry.importing.history import file_sha256
from bangfu.registry.models import Household, ImportRecord, IncomeRecord
from tests.processes import bangfu
from tests.registry.importing.builders import H1, valid_rows, write_folder
from tests.registry.importing.test_apply import base_rows, database_state, update_rows


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args) -> tuple[CommandError, str]:
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import", *map(str, args), stdout=out, stderr=io.StringIO())
    return raised.value, out.getvalue()


@pytest.fixture
def base(divisions, tmp_path):
    folder = write_folder(tmp_path / "base", base_rows())
    run(folder)
    return folder


def broken_rows(errors: int = 3) -> dict:
    """The update with ``errors`` wrong cells, the last one in the last row of the last sheet."""
    rows = update_rows()
    valid = dict(rows["收入"][0])
    rows["收入"][0]["工资性收入"] = "-5"
    for index in range(errors - 2):
        rows["收入"].append(valid | {"年度": str(1800 + index)})  # before 1949
    rows["村年度"][-1]["户籍人口"] = "很多"
    return rows


def test_an_import_prints_its_summary_and_records_it(divisions, tmp_path):
    folder = write_folder(tmp_path / "base", base_rows())
    out, err = run(folder)
    assert out.splitlines()[0] == "导入 base"
    assert "  户        新增 3，变更 0，未变 0，文件中已无 0" in out
    record = ImportRecord.objects.get()
    assert f"导入记录 #{record.pk}" in out.splitlines()[-1]
    assert (record.file_name, record.sha256, record.user) == ("base", file_sha256(folder), None)
    assert "写入成员" in err or "校验" in err  # progress goes to stderr


def test_an_update_names_what_is_no_longer_in_the_file_and_deletes_nothing(base, tmp_path):
    user = get_user_model().objects.create_user("clerk")
    out, _ = run(write_folder(tmp_path / "update", update_rows()), "--user", "clerk")
    assert "  户        新增 0，变更 0，未变 2，文件中已无 1" in out
    assert "文件中已无、档案库中仍保留的户（未删除，请核实）：4415211012010002" in out
    assert "迁户的成员：" in out and "不会删除" in out
    assert ImportRecord.objects.latest("pk").user == user and Household.objects.count() == 3


def test_a_file_with_errors_lists_each_one_writes_the_report_and_writes_nothing(base, tmp_path):
    before = database_state()
    report = tmp_path / "问题.csv"
    error, out = refused(write_folder(tmp_path / "broken", broken_rows()), "--report", report)
    assert error.returncode == 1 and str(error) == "文件有 3 个错误，未写入任何数据"
    lines = out.splitlines()
    assert lines[0] == "收入 第2行 列“工资性收入” 值“-5”：金额不能为负数"
    assert lines[-1].startswith("村年度 第2行 列“户籍人口” 值“很多”：")
    with report.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["sheet", "row", "column", "value", "message"] and len(table) == 4
    # The value as given, made inert for a spreadsheet (core.spreadsheet): a text "-5" gets a quote in front.
    assert table[1][:4] == ["收入", "2", "工资性收入", "'-5"] and csv_unquote(table[1][3]) == "-5"
    assert database_state() == before


def test_at_most_fifty_errors_are_printed(base, tmp_path):
    error, out = refused(write_folder(tmp_path / "broken", broken_rows(errors=63)))
    lines = out.splitlines()
    assert error.returncode == 1 and "63 个错误" in str(error)
    assert len(lines) == 51 and lines[-1] == "… 另有 13 条，见 --report 报告文件"


def test_errors_in_english(base, tmp_path):
    error, out = refused(write_folder(tmp_path / "broken", broken_rows()), "--lang", "en")
    assert str(error) == "The file has 3 errors; nothing was written"
    assert out.splitlines()[0].startswith("收入, row 2, column 工资性收入, value '-5': ")


def test_a_dry_run_prints_the_changes_and_writes_nothing(base, tmp_path):
    before = database_state()
    out, _ = run(write_folder(tmp_path / "update", update_rows()), "--dry-run")
    assert out.splitlines()[0] == "试运行 update（不写入）"
    assert "  收入记录  新增 0，变更 1，未变 2，文件中已无 0" in out
    assert out.splitlines()[-1] == "试运行：以上是导入将做的变更，档案库未作任何改动。"
    assert database_state() == before


def test_a_dry_run_into_a_fresh_database_writes_not_even_the_divisions(db, tmp_path):
    before = database_state()
    out, _ = run(write_folder(tmp_path / "base", base_rows()), "--dry-run")
    assert "  户        新增 3" in out
    assert database_state() == before


def test_the_summary_in_english(base, tmp_path):
    out, _ = run(write_folder(tmp_path / "update", update_rows()), "--lang", "en")
    assert out.splitlines()[0] == "Import of update"
    assert "income records            added 0, changed 1, unchanged 2, removed from file 0" in out
    assert "fields changed: 工资性收入 1" in out


def test_an_unknown_user_or_report_type_is_refused_before_anything_is_read(base, tmp_path):
    error, _ = refused(base, "--user", "nobody")
    assert str(error) == "没有用户名为 nobody 的用户"
    error, _ = refused(base, "--report", tmp_path / "r.txt")
    assert "报告文件应以 .csv 或 .xlsx 结尾" in str(error)


def test_a_missing_path_is_one_located_error(db, tmp_path):
    error, out = refused(tmp_path / "nowhere.xlsx")
    assert error.returncode == 1 and "找不到文件或文件夹" in out


def test_the_admin_shows_an_imports_changes_with_old_and_new_values(admin_client, base, tmp_path):
    rows = base_rows()
    rows["收入"][1]["工资性收入"] = "25000"
    rows["户"][0]["联系电话"] = "13900139000"
    run(write_folder(tmp_path / "update", rows))
    record = ImportRecord.objects.latest("pk")
    income = IncomeRecord.objects.get(household__code=H1, year=2020)
    page = admin_client.get(f"/admin/registry/incomerecord/{income.pk}/history/").content.decode()
    assert f"导入 update #{record.pk}" in page and "导入 base #" in page
    assert "20000.00" in page and "25000.00" in page
    household = Household.objects.get(code=H1)
    page = admin_client.get(f"/admin/registry/household/{household.pk}/history/").content.decode()
    assert "138****8000" in page and "139****9000" in page and "13900139000" not in page
    listing = admin_client.get("/admin/registry/importrecord/").content.decode()
    assert "update" in listing and "+0 ~2 ↔0" in listing
    assert admin_client.get(f"/admin/registry/importrecord/{record.pk}/change/").status_code == 200


# ------------------------------------------------------------------------------------------ real processes


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A BANGFU_HOME with a migrated SQLite database, shared by this module's process tests."""
    path = tmp_path_factory.mktemp("home")
    bangfu("migrate", "-v0", home=path, check=True)
    return path


@pytest.mark.slow
def test_exit_codes_of_a_real_process(home, tmp_path):
    good = write_folder(tmp_path / "good", valid_rows())
    result = bangfu("import", str(good), home=home)
    assert result.returncode == 0, result.stderr
    assert "导入 good" in result.stdout
    result = bangfu("import", str(write_folder(tmp_path / "broken", broken_rows())), home=home)
    assert result.returncode == 1
    assert "收入 第2行 列“工资性收入” 值“-5”：金额不能为负数" in result.stdout
    assert "文件有 3 个错误，未写入任何数据" in result.stderr
    help_text = bangfu("import", "--help", home=home).stdout
    assert "什么都不写入" in help_text and "nothing is written" in help_text and "--dry-run" in help_text
