"""The department-alerts contract (shared/contracts/department-alerts.md) through the service and the commands."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bangfu.core.errors import ApplicationError
from bangfu.monitoring.alerts.exporting import alerts_export, alerts_export_csv
from bangfu.monitoring.alerts.services import AlertsRefused, alerts_import
from bangfu.monitoring.models import AlertImport, DepartmentAlert, Lead
from tests import factories

TODAY = date(2024, 3, 31)
HEADER = ["来源部门", "证件号码", "姓名", "预警事项", "发生日期", "金额", "说明"]
STRANGER = factories.id_number(date(1980, 1, 2))  # valid, never registered


@pytest.fixture
def register(divisions):
    village = factories.village()
    exited = factories.household(village, "H001", exit_year=2019)
    ordinary = factories.household(village, "H002", attribute="一般农户", identified_year=None)
    return {
        "exited": exited.members.get(relation="户主").id_number,
        "ordinary": ordinary.members.get(relation="户主").id_number,
        "village": village,
    }


def write_xlsx(path, rows, *, title=True, header=HEADER, sheet="预警"):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    if title:
        ws.append(["2024年3月 医保部门推送数据"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def write_csv(path, rows, *, encoding="utf-8-sig", header=HEADER):
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(path):
    return alerts_import(actor=None, path=path, today=TODAY)


def test_xlsx_with_title_row_matches_thresholds_and_leads(register, tmp_path):
    exited, ordinary = register["exited"], register["ordinary"]
    path = write_xlsx(tmp_path / "a.xlsx", [
        ["医保", exited, "陈某", "住院自付", "2024-01-05", 6000, ""],  # ≥ 5,000 for 脱贫户: alert
        ["医保", ordinary, "陈某", "住院自付", "2024-01-05", 6000, ""],  # < 20,000 for others: none
        ["医保", ordinary, "陈某", "门诊自付", "2024-02-01", 500, "当月合计"],  # ≥ 500: alert
        ["教育", exited, "陈某", "非义务教育自付学费", "2024-02-01", 10000, ""],  # not > 10,000
        ["民政", ordinary, "陈某", "新纳入低保", "2024-02-01", None, ""],  # no ¥: always
        ["公安", STRANGER, "李某", "意外伤亡", "2024-02-03", None, ""],  # unmatched: a lead
    ])  # fmt: skip
    result = run(path)
    assert (result.rows_read, result.matched, result.raised, result.under_threshold) == (6, 5, 3, 2)
    assert result.unmatched_leads == 1
    assert DepartmentAlert.objects.filter(raised=True).count() == 3
    lead = Lead.objects.get()
    assert (lead.id_number, lead.channel, lead.division.code) == (STRANGER, "部门筛查预警", "441521000000")
    inpatient = DepartmentAlert.objects.get(id_number=exited, event="住院自付")
    assert inpatient.threshold == Decimal(5000) and inpatient.household.code == "H001"


def test_csv_gb18030_normalisation_and_idempotent_reimport(register, tmp_path):
    exited = register["exited"]
    wide = exited.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    rows = [
        [
            "医保",
            wide,
            "陈某",
            "住院自付",
            "45300",
            "12,345元",
            "",
            "多余",
        ],  # Excel serial 45300 = 2024-01-09
        ["应急", exited, " 陈某 ", "自然灾害受灾", "2024/02/09", "１，０００", ""],
    ]
    path = write_csv(tmp_path / "b.csv", rows, encoding="gb18030", header=[*HEADER, "备注2"])
    result = run(path)
    assert (result.rows_read, result.raised) == (2, 2)
    assert [w.column for w in result.warnings] == ["备注2"]
    alert = DepartmentAlert.objects.get(event="住院自付")
    assert (alert.occurred_on, alert.amount, alert.id_number) == (date(2024, 1, 9), Decimal("12345"), exited)
    again = run(path)
    assert (again.unchanged, again.raised, again.matched) == (2, 0, 0)
    assert DepartmentAlert.objects.count() == 2


def test_csv_utf8_bom(register, tmp_path):
    path = write_csv(
        tmp_path / "c.csv", [["卫健", register["ordinary"], "陈某", "新发大病", "2024-03-01", "", ""]]
    )
    assert run(path).raised == 1


ERRORS = [
    (["卫生", "{exited}", "陈某", "新发大病", "2024-01-01", "", ""], "来源部门", "department"),
    (["医保", "{exited}", "陈某", "辍学", "2024-01-01", "", ""], "预警事项", "event"),
    (["卫健", "{bad_check}", "陈某", "新发大病", "2024-01-01", "", ""], "证件号码", "id_check"),
    (["卫健", "441521700501001", "陈某", "新发大病", "2024-01-01", "", ""], "证件号码", "id_legacy"),
    (["卫健", "{exited}", "王某", "新发大病", "2024-01-01", "", ""], "姓名", "name_mismatch"),
    (["卫健", "{exited}", "陈某", "新发大病", "2024-04-01", "", ""], "发生日期", "future"),
    (["医保", "{exited}", "陈某", "住院自付", "2024-01-01", "", ""], "金额", "amount_required"),
    (["医保", "{exited}", "陈某", "住院自付", "2024-01-01", "-5", ""], "金额", "money_negative"),
    (["卫健", "{exited}", "陈某", "新发大病", "2024-01-01", "", "长" * 501], "说明", "note_long"),
]


@pytest.mark.parametrize(("row", "column", "rule"), ERRORS, ids=[e[2] for e in ERRORS])
def test_each_error_is_located_and_nothing_is_written(register, tmp_path, row, column, rule):
    exited = register["exited"]
    bad_check = exited[:17] + ("0" if exited[17] != "0" else "1")
    row = [cell.format(exited=exited, bad_check=bad_check) for cell in row]
    good = ["民政", exited, "陈某", "新纳入特困", "2024-01-01", "", ""]
    path = write_xlsx(tmp_path / "e.xlsx", [good, row])
    with pytest.raises(AlertsRefused) as refused:
        run(path)
    [issue] = [i for i in refused.value.issues if i.rule == rule]
    assert (issue.sheet, issue.row, issue.column) == ("预警", 4, column)  # title row 1, header 2, rows 3–4
    assert issue.message and not issue.message.isascii()
    assert DepartmentAlert.objects.count() == 0 and AlertImport.objects.count() == 0


def test_missing_required_column(register, tmp_path):
    header = [h for h in HEADER if h != "发生日期"]
    path = write_csv(
        tmp_path / "m.csv", [["卫健", register["exited"], "陈某", "新发大病", "", ""]], header=header
    )
    with pytest.raises(AlertsRefused) as refused:
        run(path)
    [issue] = refused.value.issues
    assert issue.sheet == "m.csv" and "发生日期" in issue.message


def test_officer_import_skips_households_outside_the_area(register, tmp_path):
    other = factories.village("441581100201", name="东村")
    outside = factories.household(other, "H900").members.get(relation="户主").id_number
    officer = factories.account("town", "officer", divisions=["441521101000"])
    path = write_csv(tmp_path / "s.csv", [
        ["卫健", register["exited"], "陈某", "新发大病", "2024-03-01", "", ""],
        ["卫健", outside, "陈某", "新发大病", "2024-03-01", "", ""],
        ["卫健", STRANGER, "李某", "新发大病", "2024-03-01", "", ""],
    ])  # fmt: skip
    result = alerts_import(actor=officer, path=path, today=TODAY)
    assert (result.raised, result.outside_scope, result.unmatched_leads) == (1, 1, 1)
    assert [w.row for w in result.warnings if w.rule == "outside_scope"] == [3]
    assert Lead.objects.get().division.code == "441521101000"


def test_the_import_is_the_actors_a_cadre_may_not_import(register, tmp_path, capsys):
    path = write_csv(
        tmp_path / "c.csv", [["卫健", register["exited"], "陈某", "新发大病", "2024-03-01", "", ""]]
    )
    cadre = factories.account("cadre", "cadre", villages=["441521101201"])
    with pytest.raises(ApplicationError):
        alerts_import(actor=cadre, path=path, today=TODAY)
    with pytest.raises(CommandError):
        call_command("alerts-import", str(path), "--user", "cadre")
    assert not AlertImport.objects.exists() and not DepartmentAlert.objects.exists()
    factories.account("elsewhere", "officer", divisions=["441581000000"])
    call_command("alerts-import", str(path), "--user", "elsewhere")  # as that officer: outside their area
    assert AlertImport.objects.get().username == "elsewhere" and not DepartmentAlert.objects.exists()
    assert "管辖范围以外" in capsys.readouterr().out


def test_commands_import_and_export(register, tmp_path, capsys):
    path = write_xlsx(tmp_path / "x.xlsx", [["医保", register["exited"], "陈某", "住院自付", "2024-01-05", 6000, ""]],
                      title=False, sheet="Sheet1")  # fmt: skip
    call_command("alerts-import", str(path))
    out = capsys.readouterr().out
    assert "产生预警 alerts raised: 1" in out and "读取行数 rows read: 1" in out
    target = tmp_path / "out.csv"
    call_command("alerts-export", str(target))
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["预警编号", "户编号", "来源部门", "预警事项", "发生日期", "金额", "状态"]
    assert rows[1][1:] == ["H001", "医保", "住院自付", "2024-01-05", "6000.00", "待核实"]
    assert register["exited"] not in data.decode("utf-8-sig")
    nobody = factories.account("nobody", "officer", divisions=["441581000000"])  # another county
    assert alerts_export_csv(actor=nobody, path=tmp_path / "o2.csv") == 0


def test_one_export_for_the_inbox_and_the_command(register, tmp_path):
    path = write_csv(tmp_path / "e.csv", [
        ["医保", register["exited"], "陈某", "住院自付", "2024-01-05", "6000", ""],
        ["医保", register["ordinary"], "陈某", "住院自付", "2024-01-06", "100", ""],  # under the threshold
    ])  # fmt: skip
    run(path)
    raised = list(alerts_export(actor=None).rows)
    assert [row[1:7] for row in raised] == [
        ["H001", "医保", "住院自付", date(2024, 1, 5), Decimal("6000.00"), "待核实"]
    ]
    every = list(alerts_export(actor=None, statuses=["待核实", "未达阈值"]).rows)
    assert [row[1] for row in every] == ["H002", "H001"]  # newest first
    assert raised[0][7] == Decimal("5000") and raised[0][8:] == ["", ""]


def test_command_fails_with_every_error(register, tmp_path, capsys):
    path = write_csv(tmp_path / "bad.csv", [
        ["卫生", register["exited"], "陈某", "新发大病", "2024-01-01", "", ""],
        ["卫健", register["exited"], "王某", "新发大病", "2024-01-01", "", ""],
    ])  # fmt: skip
    with pytest.raises(CommandError) as failed:
        call_command("alerts-import", str(path))
    assert failed.value.returncode == 1
    out = capsys.readouterr().out
    assert "bad.csv 第2行" in out and "bad.csv 第3行" in out and "来源部门" in out and "姓名" in out


def test_thresholds_are_read_from_the_standard_file(register, tmp_path, monkeypatch):
    from bangfu.monitoring.alerts import thresholds
    from bangfu.standards.files import DATA

    text = (DATA / "monitoring.toml").read_text(encoding="utf-8")
    text = text.replace(
        "inpatient_exited = 5000", 'inpatient_exited = { national = 5000, "4415" = { 2024 = 7000 } }'
    )
    custom = tmp_path / "monitoring.toml"
    custom.write_text(text, encoding="utf-8")
    monkeypatch.setattr(thresholds, "MONITORING_STANDARD", str(custom))
    monkeypatch.setattr(thresholds.thresholds, "__defaults__", (str(custom),))
    path = write_csv(tmp_path / "t.csv", [
        ["医保", register["exited"], "陈某", "住院自付", "2024-01-05", "6000", ""],
        ["医保", register["exited"], "陈某", "住院自付", "2023-01-05", "6000", ""],
    ])  # fmt: skip
    result = run(path)
    assert (result.raised, result.under_threshold) == (1, 1)  # 2024 in 汕尾: 7,000; 2023: the national 5,000
    assert DepartmentAlert.objects.get(raised=False).threshold == Decimal(7000)
