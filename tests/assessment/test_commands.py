"""The public CLI contract of ``bangfu assess``, ``explain``, ``check`` (issue #3), on the fake standards."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from bangfu.assessment.models import AssessmentRun

pytestmark = pytest.mark.usefixtures("fakes")


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_household_csv_columns_order_and_criteria_joined(register):
    out, err = run("assess", "--standard", "fake-exit", "--year", "2020", "--headers", "en")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [
        ["household_code", "result", "criteria", "category"],
        ["4415211012010001", "pass", "", ""],
        ["4415211012010002", "fail", "income;water", ""],
        ["4415211012010003", "fail", "income", ""],
        ["4415811022030002", "pass", "", ""],
    ]
    summary = err.strip().splitlines()[-1]
    assert (
        f"评估编号 {AssessmentRun.objects.get().pk}" in summary
        and "fail 2" in summary
        and "4 个户" in summary
    )


def test_csv_for_people_has_a_bom_chinese_headers_and_words(register, tmp_path):
    """The default CSV opens in Excel: UTF-8 with a BOM, Chinese headers, results and criteria in words."""
    path = tmp_path / "评估.csv"
    run("assess", "--standard", "fake-exit", "--year", "2020", "--out", str(path))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["户编号", "结论", "未达标指标", "监测类别"]
    assert rows[2] == ["4415211012010002", "未通过", "收入达标；饮水安全", ""]
    out, _ = run("assess", "--standard", "fake-monitoring", "--year", "2021", "--scope", "441581")
    assert out.startswith("\ufeff户编号,结论,未达标指标,监测类别\n")
    assert out.splitlines()[1] == "4415811022030001,纳入监测,收入达标,边缘易致贫户"


def test_village_csv_gives_incidence_as_a_fraction(register):
    out, _ = run(
        "assess", "--standard", "fake-exit", "--year", "2020", "--level", "village", "--headers", "en"
    )
    assert out.splitlines() == ["village_code,result,incidence,criteria", "441521101201,fail,0.06,incidence"]


def test_json_is_a_list_of_objects_with_the_csv_keys(register):
    out, _ = run("assess", "--standard", "fake-exit", "--year", "2020", "--format", "json")
    rows = json.loads(out)
    assert rows[1] == {
        "household_code": "4415211012010002",
        "result": "fail",
        "criteria": "income;water",
        "category": "",
    }
    out, _ = run(
        "assess", "--standard", "fake-exit", "--year", "2020", "--level", "village", "--format", "json"
    )
    assert json.loads(out) == [
        {"village_code": "441521101201", "result": "fail", "incidence": 0.06, "criteria": "incidence"}
    ]


def test_monitoring_gives_flag_and_category(register):
    out, _ = run(
        "assess", "--standard", "fake-monitoring", "--year", "2021", "--scope", "441581", "--headers", "en"
    )
    assert out.splitlines()[1:] == [
        "4415811022030001,flag,income,near_poor",
        "4415811022030002,flag,income,near_poor",
    ]


def test_out_writes_the_file_and_stores_the_run(register, tmp_path):
    path = tmp_path / "results.csv"
    out, _ = run(
        "assess", "--standard", "fake-exit", "--year", "2020", "--scope", "441521", "--out", str(path),
        "--headers", "en",
    )  # fmt: skip
    assert out == ""
    assert path.read_text(encoding="utf-8").splitlines()[0] == "household_code,result,criteria,category"
    assert AssessmentRun.objects.get().scope == "441521"
    assert [p.name for p in tmp_path.iterdir()] == ["results.csv"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--standard", "nope", "--year", "2020"], "没有编号为 nope 的标准"),
        (["--standard", "fake-exit", "--year", "2015"], "fake-exit.toml：标准 fake-exit 没有 2015 年的参数"),
        (["--standard", "fake-exit", "--year", "20"], "年度 20 不合理"),
        (["--standard", "fake-exit", "--year", "2020", "--scope", "abc"], "范围“abc”"),
    ],
)
def test_failures_are_one_line_reasons_and_store_nothing(register, args, message):
    with pytest.raises(CommandError, match=message) as raised:
        run("assess", *args)
    assert "\n" not in str(raised.value)
    assert not AssessmentRun.objects.exists()


def test_ctrl_c_stores_nothing_and_says_so(register, monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("bangfu.assessment.services.bulk_insert", interrupt)
    with pytest.raises(CommandError, match="已中断，未保存任何评估结果"):
        run("assess", "--standard", "fake-exit", "--year", "2020")
    assert not AssessmentRun.objects.exists()


def test_ctrl_c_while_writing_the_file_leaves_no_file(register, monkeypatch, tmp_path):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("bangfu.assessment.management.commands.assess.write_rows", interrupt)
    with pytest.raises(CommandError, match="评估已保存"):
        run("assess", "--standard", "fake-exit", "--year", "2020", "--out", str(tmp_path / "r.csv"))
    assert list(tmp_path.iterdir()) == []


def test_explain_prints_every_criterion_with_its_values_and_verdict(register):
    out, _ = run("explain", "4415211012010002", "--standard", "fake-exit", "--year", "2020")
    assert "结论 Result: fail" in out and "income;water" in out
    assert "[未通过 fail] income — 收入达标" in out
    assert "per_capita_net_income = 5000.0" in out
    assert "[未通过 fail] water — 饮水安全" in out and "safe_water = false" in out
    assert "line = 7365" in out
    passing, _ = run("explain", "4415211012010001", "--standard", "fake-exit", "--year", "2020")
    assert "[通过 pass] income" in passing and "per_capita_net_income = 10000.0" in passing


def test_explain_as_json(register):
    out, _ = run(
        "explain", "4415211012010003", "--standard", "fake-exit", "--year", "2020", "--format", "json"
    )
    explanation = json.loads(out)
    assert explanation["failed"] == ["income"]
    assert explanation["criteria"][0]["values"] == {"per_capita_net_income": None}


@pytest.mark.parametrize(
    ("code", "message"),
    [("0000", "找不到户编号 0000"), ("4415811022030001", "不是标准 fake-exit 2020 年的评估对象")],
)
def test_explain_refuses_unknown_or_unlisted_households(register, code, message):
    with pytest.raises(CommandError, match=message):
        run("explain", code, "--standard", "fake-exit", "--year", "2020")


def test_check_writes_findings_with_masked_id_numbers(register, tmp_path):
    path = tmp_path / "findings.csv"
    _, err = run("quality", "--out", str(path), "--standard", "fake-quality", "--headers", "en")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    id_number = register["both_schemes"].id_number
    assert rows == [
        ["check", "household_code", "member", "message"],
        [
            "both_medical",
            "4415211012010003",
            f"{id_number[:6]}********{id_number[-4:]}",
            "同时参加城乡居民医保和职工医保",
        ],
        ["unsafe_water", "4415211012010002", "", "饮水不安全"],
    ]
    assert id_number not in path.read_text(encoding="utf-8")
    run("quality", "--out", str(path), "--standard", "fake-quality")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff检查项,户编号,成员证件号码（已脱敏）,问题说明\n")
    assert "\nunsafe_water," in text  # the fake standard has no such check: its id stays
    assert "发现 2 个问题" in err


def test_check_needs_out(register):
    with pytest.raises(CommandError, match="--out"):
        run("quality", "--standard", "fake-quality")
