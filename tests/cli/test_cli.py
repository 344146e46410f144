"""The ``bangfu`` command as users run it: a real process."""

import json

import pytest

from tests.processes import bangfu


def test_help_lists_our_commands_first_in_groups(tmp_path):
    result = bangfu("--help", home=tmp_path)
    assert result.returncode == 0
    text = result.stdout
    for name in ("demo", "generate", "load", "report", "serve", "migrate"):
        assert f"    {name} " in text
    assert text.index("开始使用") < text.index("数据") < text.index("报告") < text.index("维护")


def test_each_command_has_help_in_plain_words(tmp_path):
    for command in ("demo", "generate", "load", "report", "serve"):
        result = bangfu(command, "--help", home=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "/" in result.stdout  # Chinese, then English


def test_django_commands_still_work(tmp_path):
    result = bangfu("help", "--commands", home=tmp_path)
    assert result.returncode == 0 and "migrate" in result.stdout


def test_a_bad_year_fails_with_a_one_line_reason(tmp_path):
    result = bangfu("report", "results", "--year", "99", home=tmp_path)
    assert result.returncode != 0
    assert "年度 99 不合理" in result.stderr
    # one line of reason (after the note that a fresh home's database was created first)
    lines = [line for line in result.stderr.strip().splitlines() if not line.startswith("首次使用")]
    assert len(lines) == 1


@pytest.mark.slow
def test_report_on_an_empty_register_is_valid_json(tmp_path):
    assert bangfu("migrate", "--verbosity", "0", home=tmp_path).returncode == 0
    result = bangfu("report", "results", "--format", "json", home=tmp_path)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["poor_villages"] == 0 and figures["poor_households_exit_rate"] is None


def test_every_listed_command_exists_and_django_commands_follow(tmp_path, db):
    from django.core.management import get_commands

    from bangfu.cli.main import COMMAND_GROUPS

    listed = [name for _, commands in COMMAND_GROUPS for name, _ in commands]
    assert set(listed) <= set(get_commands())
    text = bangfu("--help", home=tmp_path).stdout
    assert text.index("collectstatic") < text.index("其他 Django 命令") < text.index("dbshell")
