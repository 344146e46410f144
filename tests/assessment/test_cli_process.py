"""The assessment commands as users run them: real processes on a SQLite file (so the ADBC reader is used)."""

import csv
import io
import json

import pytest

from bangfu.demo.generator import generate_register, scaled_profile
from tests.processes import bangfu

COMMANDS = ("assess", "explain", "quality", "mpi")
SETUP = (
    "from pathlib import Path; from bangfu.regions.services import divisions_load_shipped;"
    " from bangfu.registry.loading import register_load_folder;"
    " divisions_load_shipped(); register_load_folder(Path({folder!r}))"
)


def test_each_command_has_help_in_plain_words(tmp_path):
    for command in COMMANDS:
        result = bangfu(command, "--help", home=tmp_path)
        assert result.returncode == 0, result.stderr
        assert " / " in result.stdout and "--" in result.stdout, command
    listing = bangfu("--help", home=tmp_path).stdout
    assert "评估 Assessment" in listing and all(f"    {command} " in listing for command in COMMANDS)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    folder = home / "register"
    generate_register(scaled_profile(households=300), folder, seed=5)
    bangfu("migrate", "--verbosity", "0", home=home, check=True)
    bangfu("shell", "-c", SETUP.format(folder=str(folder)), home=home, check=True)
    return home


@pytest.mark.slow
def test_assess_prints_the_contract_and_a_summary_and_stores_the_run(home):
    result = bangfu(
        "assess",
        "--standard",
        "gd-2016",
        "--year",
        "2018",
        "--level",
        "village",
        "--headers",
        "en",
        home=home,
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["village_code", "result", "incidence", "criteria"]
    assert all(0 <= float(row[2]) <= 1 for row in rows[1:])
    assert "快照户" in result.stderr and "评估编号" in result.stderr.splitlines()[-1]
    result = bangfu("assess", "--standard", "monitoring", "--year", "2021", "--format", "json", home=home)
    assert result.returncode == 0, result.stderr
    assert set(json.loads(result.stdout)[0]) == {"household_code", "result", "criteria", "category"}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["assess", "--standard", "gd-2099", "--year", "2020"], "gd-2099"),
        (["assess", "--standard", "gd-2016", "--year", "2015"], "2015"),
        (["assess", "--standard", "gd-2016", "--year", "2020", "--scope", "4499"], "范围 4499"),
        (["explain", "0000000000000000", "--standard", "gd-2016", "--year", "2020"], "找不到户编号"),
        (["mpi", "--year", "2020", "--scope", "x"], "范围"),
    ],
)
def test_failures_exit_non_zero_with_a_one_line_reason(home, args, reason):
    result = bangfu(*args, home=home)
    assert result.returncode != 0
    assert reason in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.slow
def test_check_writes_masked_findings_to_a_file(home, tmp_path):
    out = tmp_path / "findings.csv"
    result = bangfu("quality", "--out", str(out), "--as-of", "2021-08-31", "--headers", "en", home=home)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["check", "household_code", "member", "message"]
    members = [row[2] for row in rows[1:] if row[2]]
    assert members and all(len(m) == 18 and m[6:14] == "********" for m in members)
