"""`bangfu demo` gives the Shanwei programme's published register figures (R1–R7, R22), from records."""

import json
import socket
import time
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from bangfu.registry.models import Household
from bangfu.reports.results import results_report
from tests.processes import bangfu

PUBLISHED_DEMONSTRATION_VILLAGES = {"新山村", "坡平村", "欧田村", "北中村", "东尾村"}


def assert_published_figures(r: dict) -> None:
    assert (r["poor_villages"], r["poor_villages_exited"]) == (200, 200)  # R1
    assert r["poor_households_exit_rate"] == 1.0  # R2
    assert r["households_lifted"] == 16354  # R3
    assert r["people_lifted"] == 70021  # R4
    assert abs(r["village_income_per_capita"] - 16905) <= 1  # R5
    assert abs(r["labour_household_income_per_capita"] - 15522) <= 1  # R6
    assert abs(r["labour_household_income_increase"] - 11522) <= 1  # R7
    assert set(r["demonstration_villages"]) == PUBLISHED_DEMONSTRATION_VILLAGES  # R22
    assert r["region"] == "汕尾市"


@pytest.mark.slow
def test_demo_loads_the_register_that_reproduces_the_published_figures(
    db, settings, tmp_path, monkeypatch, capsys
):
    settings.BANGFU_HOME = tmp_path
    monkeypatch.setenv("BANGFU_DEMO_PASSWORD", "demo-Passw0rd")
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert "累计减贫 16,354 户 70,021 人" in out
    assert_published_figures(results_report(year=2020))
    assert get_user_model().objects.get(username="admin").check_password("demo-Passw0rd")
    assert (tmp_path / "demo" / "户.csv").exists()

    households = Household.objects.count()
    call_command("demo", "--no-serve")  # a second run keeps the register as it is
    assert "演示档案已载入" in capsys.readouterr().out
    assert Household.objects.count() == households


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, attempts: int = 100):
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


@pytest.mark.slow
def test_the_commands_a_new_user_runs(tmp_path):
    """`bangfu demo --no-serve`, `bangfu report results`, `bangfu serve`: real processes on real files."""
    bangfu("demo", "--no-serve", home=tmp_path, check=True, BANGFU_DEMO_PASSWORD="demo-Passw0rd")
    assert (tmp_path / "bangfu.sqlite3").exists()
    assert_published_figures(
        json.loads(bangfu("report", "results", "--format", "json", home=tmp_path, check=True).stdout)
    )
    markdown = bangfu("report", "results", "--format", "md", home=tmp_path, check=True).stdout
    assert "汕尾市200个贫困村中已有200个出列（100%）" in markdown
    assert "累计实际减贫16,354户70,021人" in markdown

    port = free_port()
    server = bangfu("serve", "--port", str(port), home=tmp_path, background=True)
    try:
        status, page = get(f"http://127.0.0.1:{port}/")
        assert status == 200 and '<td class="num">200</td>' in page
        status, css = get(f"http://127.0.0.1:{port}/static/admin/css/base.css")
        assert status == 200 and "body" in css
        assert get(f"http://127.0.0.1:{port}/health/")[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
