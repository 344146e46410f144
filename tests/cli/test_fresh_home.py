"""Fresh homes: every command works on a new BANGFU_HOME or says in one line what to run; and
``bangfu generate`` and ``bangfu load`` agree for every county the generator writes."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from collections import Counter

import pytest

from tests.processes import bangfu

#: Every Bangfu command with arguments a new user might give it on a fresh home.
COMMANDS = {
    "load": ["{tmp}/register"],
    "import": ["{tmp}/missing.xlsx"],
    "export": ["{tmp}/out.xlsx"],
    "template": ["{tmp}/template.xlsx"],
    "assess": ["--standard", "gd-2016", "--year", "2020"],
    "explain": ["4415211012010001", "--standard", "gd-2016", "--year", "2020"],
    "mpi": ["--year", "2020"],
    "programme-import": ["{tmp}/missing.xlsx"],
    "programme-template": ["--out", "{tmp}/programme.xlsx"],
    "report": ["results", "--format", "json"],
    "figures-refresh": [],
    "api-token": ["nobody"],
    "createsuperuser": ["--noinput", "--username", "root", "--email", "root@example.org"],
    "backup": ["{tmp}/backup.tar.gz"],
    "restore": ["{tmp}/missing.tar.gz"],
}


def quality_command() -> str:
    """The data-quality command (being renamed from ``check`` to ``quality``)."""
    from django.core.management import get_commands

    return "quality" if "quality" in get_commands() else "check"


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated") / "register"
    done = bangfu("generate", "--households", "2000", "--seed", "7", "--out", str(folder), home=folder.parent)
    assert done.returncode == 0, done.stderr
    return folder


def _one_line_or_success(done) -> None:
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    if done.returncode != 0:
        reason = [line for line in done.stderr.splitlines() if line.strip() and not line.startswith("  ")]
        reason = [line for line in reason if "首次使用" not in line and "Restoring" not in line]
        assert len(reason) == 1, done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("command", [*COMMANDS, "quality"])
def test_every_command_on_a_fresh_home_works_or_says_why_in_one_line(command, tmp_path, register):
    args = COMMANDS.get(command, ["--as-of", "2021-12-31", "--out", "{tmp}/quality.csv"])
    command = quality_command() if command == "quality" else command
    (tmp_path / "register").symlink_to(register)
    home = tmp_path / "home"
    done = bangfu(command, *(arg.format(tmp=tmp_path) for arg in args), home=home,
                  DJANGO_SUPERUSER_PASSWORD="pw-Bangfu-2020")  # fmt: skip
    _one_line_or_success(done)
    if command in {"load", "report", "figures-refresh", "createsuperuser", "template", "programme-template"}:
        assert done.returncode == 0, done.stderr
    if command == "load":
        assert "首次使用" in done.stderr  # the embedded database was created, with a note


@pytest.mark.parametrize("command", ["report", "migrate"])
def test_an_unreachable_server_database_is_one_line(tmp_path, command):
    env = {
        **os.environ,
        "BANGFU_HOME": str(tmp_path),
        "BANGFU_DATABASE_URL": "postgresql://postgres@127.0.0.1:1/none",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "bangfu.cli.main", command] + (
        ["results"] if command == "report" else []
    )
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [done.stderr.strip()] and "无法连接数据库" in done.stderr


def test_help_needs_no_database(tmp_path):
    done = bangfu("load", "--help", home=tmp_path)
    assert done.returncode == 0 and not (tmp_path / "bangfu.sqlite3").exists()


@pytest.mark.slow
def test_generate_and_load_agree_for_every_county(tmp_path, register):
    """Every county the generator writes villages for is loaded with all its villages and households."""
    from bangfu.demo.generator.profile import county_names

    with (register / "村.csv").open(encoding="utf-8-sig") as handle:
        villages = list(csv.DictReader(handle))
    header = next(iter(villages[0]))  # 行政区划代码, the first column
    written = Counter(row[header][:6] for row in villages)
    assert set(written) == set(county_names())  # 2,000 households reach every shipped county
    done = bangfu("load", str(register), home=tmp_path)
    assert done.returncode == 0, done.stderr
    database = sqlite3.connect(tmp_path / "bangfu.sqlite3")
    loaded = dict(
        database.execute(
            "SELECT substr(d.code, 1, 6), count(*) FROM registry_village v "
            "JOIN regions_division d ON d.id = v.division_id GROUP BY 1"
        ).fetchall()
    )
    households = database.execute("SELECT count(*) FROM registry_household").fetchone()[0]
    database.close()
    assert loaded == dict(written) and households == 2000
