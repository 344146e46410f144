"""`bangfu demo` gives the Shanwei programme's published figures (R1–R22), from records."""

import json
import socket
import time
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from openpyxl import load_workbook

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
    assert r["paired_villages"] == 110  # R8
    assert r["industry_projects_in_paired_villages"] == 415  # R9
    assert r["cadres_dispatched"] == 746  # R10
    assert round(r["funds_total_yuan"] / 1e8) == 95  # R11 约95亿元
    assert r["funds_livelihood_yuan"] == 3_450_000_000  # R12
    assert r["livelihood_beneficiary_times"] > 3_000_000  # R13 300余万
    assert r["beds_added"] == 1761  # R14
    assert 12_000 < r["school_places_added"] < 13_000  # R15 1.2万余
    assert r["funds_in_year_yuan"] == 1_300_000_000  # R16
    assert r["park_projects"] == 237  # R17
    assert r["park_investment_yuan"] == 113_680_000_000  # R18
    assert r["park_projects_from_shenzhen"] == 154  # R19
    assert r["park_projects_over_1bn"] == 24  # R20
    assert {
        year: r["evaluation_grades"].get(year) for year in ("2016", "2017", "2018", "2019")
    } == dict.fromkeys(("2016", "2017", "2018", "2019"), "好")  # R21


#: The programme's own sentences (programme-article.md) as the Markdown report words them.
PUBLISHED_SENTENCES = (
    "汕尾市200个贫困村中已有200个出列（100%）",
    "建档立卡贫困户脱贫率100%",
    "累计实际减贫16,354户70,021人",
    "贫困村居民年人均可支配收入16,905元",
    "有劳动力贫困户年人均收入达15,522元，比帮扶前（4,000元）增加11,522元",
    "深圳向汕尾累计选派帮扶干部746名",
    "累计安排帮扶资金约95亿元",
    "110个对口帮扶贫困村，产业扶贫项目达到415个",
    "2016—2019年连续4年位列“好”的档次",
    "产业园区累计引进产业项目237个，总投资1136.8亿元，其中来源于深圳154个，超10亿元项目24个",
    "先后安排民生帮扶资金34.5亿元，民生项目惠及304万余人次",
    "累计提升改造病床1,761张，中小学学位1.2万余个",
    "2020年新增帮扶资金13亿元",
    "北中村、新山村、欧田村、东尾村、坡平村",
)


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
    # Assessment runs stored through the assessment service, so every chart and household page is filled.
    from bangfu.assessment.models import AssessmentRun

    stored = set(AssessmentRun.objects.values_list("standard", "year", "level"))
    for standard in ("gd-2016", "cn-2020"):
        assert {(standard, year, "household") for year in range(2016, 2021)} <= stored
    assert ("monitoring", 2021, "household") in stored and ("quality", None, "household") in stored
    assert (tmp_path / "demo-install").exists()  # the 演示数据 banner on every page

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
    for sentence in PUBLISHED_SENTENCES:
        assert sentence in markdown, sentence
    bangfu(
        "report",
        "results",
        "--format",
        "xlsx",
        "--out",
        str(tmp_path / "成效.xlsx"),
        home=tmp_path,
        check=True,
    )
    summary = {
        row[0]: row[1] for row in load_workbook(tmp_path / "成效.xlsx")["汇总"].iter_rows(values_only=True)
    }
    assert (summary["选派帮扶干部"], summary["产业园区招商项目"], summary["2019年度考核等次"]) == (
        746,
        237,
        "好",
    )

    port = free_port()
    server = bangfu("serve", "--port", str(port), home=tmp_path, background=True)
    try:
        status, page = get(f"http://127.0.0.1:{port}/")
        assert status == 200 and 'type="submit"' in page  # sign-in is required everywhere but /health/
        status, css = get(f"http://127.0.0.1:{port}/static/admin/css/base.css")
        assert status == 200 and "body" in css
        assert get(f"http://127.0.0.1:{port}/health/")[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
