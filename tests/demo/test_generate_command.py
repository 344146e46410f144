"""``bangfu generate``: writes the five files, refuses bad arguments in plain Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from bangfu.registry import contract


def test_generate_writes_the_five_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("generate", "--households", "500", "--seed", "1", "--out", str(tmp_path))
    assert {p.name for p in tmp_path.iterdir()} == {sheet.file_name for sheet in contract.SHEETS}
    captured = capsys.readouterr()
    assert "500 户" in captured.out
    assert "100%" in captured.err


@pytest.mark.parametrize("households", ["0", "-3"])
def test_generate_refuses_a_bad_household_count(tmp_path: Path, households: str) -> None:
    with pytest.raises(CommandError, match="户数"):
        call_command("generate", "--households", households, "--out", str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_generate_refuses_an_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(CommandError):
        call_command("generate", "--households", "10", "--out", str(blocker / "out"))


def test_generate_reports_an_interruption_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bangfu.demo.management.commands import generate

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(generate, "generate_register", interrupted)
    with pytest.raises(SystemExit) as exit_info:
        call_command("generate", "--households", "10", "--out", str(tmp_path / "out"))
    assert exit_info.value.code != 0
    assert "已中断，未写入任何文件" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
