"""`bangfu export` and `bangfu template`: what users type, what they see, and the refusals."""

from __future__ import annotations

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from bangfu.core.models import PersonalDataAccess
from bangfu.registry import contract
from bangfu.registry.models import Member
from tests.processes import bangfu
from tests.registry.exporting.conftest import read_folder


def test_export_writes_the_workbook_and_says_what_it_wrote(loaded, tmp_path, capsys):
    call_command("export", str(tmp_path / "档案.xlsx"))
    out, err = capsys.readouterr()
    assert f"{Member.objects.count():,} 名成员" in out and "证件号码和电话已遮蔽" in out
    assert "导出成员" in err  # progress goes to stderr
    assert openpyxl.load_workbook(tmp_path / "档案.xlsx", read_only=True).sheetnames[:4] == [
        "村",
        "户",
        "成员",
        "收入",
    ]


def test_the_format_follows_the_path_unless_given(loaded, tmp_path):
    call_command("export", str(tmp_path / "folder"))
    call_command("export", str(tmp_path / "档案.zip"))
    call_command("export", str(tmp_path / "folder2"), "--format", "csv", "--scope", "441521")
    assert (tmp_path / "folder" / "成员.csv").exists() and (tmp_path / "档案.zip").is_file()
    assert all(row[0].startswith("441521") for row in read_folder(tmp_path / "folder2")["村"][1:])
    with pytest.raises(CommandError, match=r"\.xlsx 结尾"):
        call_command("export", str(tmp_path / "x"), "--format", "xlsx")


def test_unmask_needs_a_user_with_the_permission(loaded, clerk, officer, tmp_path):
    with pytest.raises(CommandError, match="--unmask 需要用 --user"):
        call_command("export", str(tmp_path / "a.xlsx"), "--unmask")
    with pytest.raises(CommandError, match="找不到用户 nobody"):
        call_command("export", str(tmp_path / "a.xlsx"), "--unmask", "--user", "nobody")
    with pytest.raises(CommandError, match=r"用户 clerk 没有.*权限.*（未写入任何文件）"):
        call_command("export", str(tmp_path / "a.xlsx"), "--unmask", "--user", "clerk")
    assert list(tmp_path.iterdir()) == [] and not PersonalDataAccess.objects.exists()
    call_command("export", str(tmp_path / "out"), "--unmask", "--user", "officer")
    ids = {row[2] for row in read_folder(tmp_path / "out")["成员"][1:]}
    assert ids == set(Member.objects.values_list("id_number", flat=True))
    assert PersonalDataAccess.objects.get().username == "officer"


def test_an_empty_register_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="档案是空的"):
        call_command("export", str(tmp_path / "a.xlsx"))


def test_template_writes_the_empty_workbook(db, tmp_path, capsys):
    call_command("template", str(tmp_path / "模板.xlsx"))
    assert "已写出导入模板" in capsys.readouterr().out
    book = openpyxl.load_workbook(tmp_path / "模板.xlsx", read_only=True)
    assert book.sheetnames == ["说明", *(sheet.name for sheet in contract.SHEETS)]


def test_the_real_command_refuses_with_one_line_and_a_non_zero_exit(tmp_path):
    result = bangfu("export", str(tmp_path / "a.xlsx"), "--unmask", home=tmp_path / "home")
    assert result.returncode != 0
    assert [line for line in result.stderr.strip().splitlines() if not line.startswith("首次使用")] == [
        "CommandError: --unmask 需要用 --user 指明导出人（须有查看未遮蔽证件号码和电话的权限）"
    ]
    assert not (tmp_path / "a.xlsx").exists()


def test_the_real_template_command_and_the_help(tmp_path):
    result = bangfu("template", str(tmp_path / "模板.xlsx"), home=tmp_path / "home", check=True)
    assert "模板.xlsx" in result.stdout and (tmp_path / "模板.xlsx").is_file()
    help_text = bangfu("export", "--help", home=tmp_path / "home", check=True).stdout
    assert "--unmask" in help_text and "遮蔽" in help_text and "masked" in help_text
