"""`bangfu load DIR`: a generated folder into an empty register, or a one-line reason and nothing loaded."""

import pytest
from django.core.management import CommandError, call_command

from bangfu.demo.generator import generate_register, scaled_profile
from bangfu.registry.models import Household, Member


@pytest.fixture
def folder(tmp_path):
    generate_register(scaled_profile(households=300), tmp_path / "register", seed=3)
    return tmp_path / "register"


def test_load_prints_what_it_loaded(divisions, folder, capsys):
    call_command("load", str(folder))
    out = capsys.readouterr().out
    assert f"{Household.objects.count():,} 户" in out and Household.objects.count() == 300
    assert f"{Member.objects.count():,} 名成员" in out


def test_a_broken_file_is_refused_with_its_place_and_nothing_is_loaded(divisions, folder):
    path = folder / "成员.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines[5] = lines[5].replace("是", "也许", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"成员\.csv 第6行.*也许.*（未载入任何数据）"):
        call_command("load", str(folder))
    assert not Household.objects.exists()


def test_a_missing_folder_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="找不到文件夹"):
        call_command("load", str(tmp_path / "nowhere"))
