"""bangfu programme-template → fill in → bangfu programme-import: located errors, all or nothing."""

import csv
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from bangfu.programme.contract import ENTITY_SHEETS, SHEETS
from bangfu.programme.models import AssistingUnit, CadreAssignment, Evaluation, Programme
from bangfu.programme_projects.bulk.spec import ENTITIES
from bangfu.programme_projects.importing import programme_import
from bangfu.projects.models import FundFlow, Project, ProjectOutput
from tests import factories
from tests.programme import records

HOUSEHOLD = "4415211012010001"
USCC = records.uscc_code(424242)

FILLED = {
    "对口帮扶": [{"名称": "深圳对口帮扶汕尾", "帮扶城市": "深圳", "受援城市": "汕尾", "受援地行政区划代码": "441500000000",
                 "起始年度": 2013, "结束年度": 2020}],
    "帮扶单位": [{"单位名称": "福田区", "单位类别": "区", "统一社会信用代码": USCC},
                {"单位名称": "福田区卫健局", "单位类别": "市直部门", "上级单位": "福田区"}],
    "结对": [{"帮扶单位": USCC, "村行政区划代码": "441521101201", "开始日期": date(2016, 1, 1)}],
    "帮扶干部": [{"干部编号": "C1", "姓名": "李明", "派出单位": "福田区", "性别": "男"}],
    "干部派驻": [{"干部编号": "C1", "岗位": "第一书记", "帮扶单位": "福田区", "开始日期": "2016-03-01",
                "结束日期": "2018/12/31", "村行政区划代码": "441521101201"},
               {"干部编号": "C1", "岗位": "帮扶责任人", "帮扶单位": "福田区", "开始日期": "2016-03-01",
                "户编号": HOUSEHOLD}],
    "走访": [{"户编号": HOUSEHOLD, "干部编号": "C1", "走访日期": date(2016, 5, 1), "发现问题": "缺技术"}],
    "一户一策": [{"户编号": HOUSEHOLD, "年度": 2016, "帮扶计划": "种茶"}],
    "项目": [{"项目编号": "HF-001", "项目名称": "县医院扩建", "项目类别": "民生", "县镇行政区划代码": "441521000000",
             "状态": "立项", "预算": "12,000,000元", "受益人口": 50000, "开始年度": 2017}],
    "项目状态": [{"项目编号": "HF-001", "新状态": "储备", "变更日期": "2017-01-05"},
                {"项目编号": "HF-001", "新状态": "立项", "变更日期": "2017-04-01"}],
    "项目产出": [{"项目编号": "HF-001", "产出类别": "病床", "数量": 200}],
    "利益联结": [{"项目编号": "HF-001", "户编号": HOUSEHOLD, "联结方式": "就医减免"}],
    "帮扶措施": [{"户编号": HOUSEHOLD, "年度": 2016, "措施类别": "健康", "状态": "已完成", "金额": 1500.5,
                 "项目编号": "HF-001"}],
    "资金": [{"资金环节": "下达", "资金来源": "深圳市财政", "项目编号": "HF-001", "资金年度": 2017, "金额": 5000000},
            {"资金环节": "拨付", "资金来源": "帮扶方财政", "项目编号": "HF-001", "资金年度": 2017, "金额": 3000000},
            {"资金环节": "下达", "资金来源": "社会捐赠", "资金类别": "教育", "资金年度": 2018, "金额": "800000.00"}],
    "产业园区": [{"园区名称": "海丰园", "行政区划代码": "441521000000"}],
    "招商项目": [{"园区名称": "海丰园", "项目名称": "电子厂", "投资方": "某科技", "投资方来源城市": "深圳",
                 "投资额": 1200000000, "进度": "签约", "签约日期": date(2019, 1, 8)}],
    "年度考核": [{"年度": 2016, "考核等次": "好", "考核单位": "广东省扶贫开发领导小组"}],
}  # fmt: skip


@pytest.fixture
def register(divisions):
    village = factories.village()
    factories.household(village, HOUSEHOLD)
    return village


def fill(template, out, sheets):
    workbook = load_workbook(template)
    for name, rows in sheets.items():
        sheet = workbook[name]
        headers = [cell.value for cell in sheet[1]]
        for row in rows:
            sheet.append([row.get(header) for header in headers])
    workbook.save(out)
    return out


@pytest.fixture
def template(tmp_path):
    path = tmp_path / "模板.xlsx"
    call_command("programme-template", out=path)
    return path


def test_the_contract_fills_loader_fields():
    for entity, sheet in ENTITY_SHEETS.items():
        assert {c.field for c in sheet.columns} <= {f.name for f in ENTITIES[entity]}, entity
    assert len({sheet.name for sheet in SHEETS}) == len(SHEETS)


def test_the_template_has_every_sheet_with_its_headers(template):
    workbook = load_workbook(template)
    assert workbook.sheetnames == ["说明", *(sheet.name for sheet in SHEETS)]
    for sheet in SHEETS:
        assert [cell.value for cell in workbook[sheet.name][1]] == sheet.headers


def test_round_trip_template_fill_import(register, template, tmp_path, capsys):
    path = fill(template, tmp_path / "填好.xlsx", FILLED)
    call_command("programme-import", str(path))
    out = capsys.readouterr().out
    assert "对口帮扶：深圳对口帮扶汕尾（新建）" in out and "资金: 3" in out
    programme = Programme.objects.get()
    assert AssistingUnit.objects.get(name="福田区卫健局").parent.uscc == USCC
    assert programme.pairings.get().unit.name == "福田区"
    assert CadreAssignment.objects.count() == 2
    project = Project.objects.get(code="HF-001")
    assert (project.status, str(project.budget), project.division.code) == (
        "立项",
        "12000000.00",
        "441521000000",
    )
    assert ProjectOutput.objects.get().quantity == 200
    assert sorted(FundFlow.objects.values_list("source", flat=True)) == [
        "帮扶方财政",
        "帮扶方财政",
        "社会捐赠",
    ]
    assert Evaluation.objects.get().grade == "好"


def test_a_dry_run_checks_everything_and_writes_nothing(register, template, tmp_path, capsys):
    path = fill(template, tmp_path / "填好.xlsx", FILLED)
    call_command("programme-import", str(path), "--dry-run", "--lang", "en")
    assert "Dry run" in capsys.readouterr().out
    assert not Programme.objects.exists() and not AssistingUnit.objects.exists()


def test_a_csv_folder_imports_too(register, tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    for name in ("对口帮扶", "帮扶单位", "年度考核"):
        sheet = next(s for s in SHEETS if s.name == name)
        with (folder / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(sheet.headers)
            for row in FILLED[name]:
                writer.writerow([row.get(header, "") for header in sheet.headers])
    result = programme_import(path=folder, actor=None)
    assert result.ok, result.issues
    assert result.counts["units"] == 2 and Evaluation.objects.count() == 1


def test_a_bad_workbook_gives_located_errors_and_writes_nothing(register, template, tmp_path, capsys):
    bad = {name: [dict(row) for row in rows] for name, rows in FILLED.items()}
    bad["帮扶单位"][0]["统一社会信用代码"] = USCC[:-1] + ("0" if USCC[-1] != "0" else "1")
    bad["帮扶干部"][0]["性别"] = "M"
    bad["项目"][0]["预算"] = "一千万"
    bad["资金"][1]["项目编号"] = "HF-999"
    path = fill(template, tmp_path / "有错.xlsx", bad)
    with pytest.raises(CommandError) as caught:
        call_command("programme-import", str(path), "--lang", "en")
    assert caught.value.returncode == 1 and "nothing was written" in str(caught.value)
    lines = capsys.readouterr().out.splitlines()
    assert any(
        line.startswith("帮扶干部, row 2, column 性别, value 'M': Must be one of: 男, 女") for line in lines
    )
    assert any(line.startswith("项目, row 2, column 预算, value '一千万'") for line in lines)
    assert not Programme.objects.exists() and not AssistingUnit.objects.exists()
    # cell errors first; once the cells are right, the loader's checks are located the same way
    bad["帮扶干部"][0]["性别"], bad["项目"][0]["预算"] = "男", 12000000
    path = fill(template, tmp_path / "有错2.xlsx", bad)
    result = programme_import(path=path, actor=None, lang="en")
    located = {(i.sheet, i.row, i.column) for i in result.issues}
    assert ("帮扶单位", 2, "统一社会信用代码") in located
    assert ("资金", 3, "项目编号") in located
    assert not Programme.objects.exists() and not AssistingUnit.objects.exists()


def test_fund_overruns_in_a_workbook_are_located_and_refused(register, template, tmp_path):
    bad = {name: [dict(row) for row in rows] for name, rows in FILLED.items()}
    bad["资金"][1]["金额"] = 5000000.01
    result = programme_import(path=fill(template, tmp_path / "超拨.xlsx", bad), actor=None, lang="en")
    assert [(i.sheet, i.row, i.column) for i in result.issues] == [
        ("资金", 3, "金额")
    ] * 2  # project and year
    assert "disbursed must not exceed allocated" in result.issues[0].message
    assert not FundFlow.objects.exists() and not Programme.objects.exists()


def test_a_missing_programme_sheet_is_one_clear_error(register, tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("programme-import", str(tmp_path / "没有.xlsx"))
    assert caught.value.returncode == 1


def test_an_empty_programme_sheet_is_refused(register, template, tmp_path):
    result = programme_import(
        path=fill(template, tmp_path / "空.xlsx", {"帮扶单位": FILLED["帮扶单位"]}), actor=None, lang="en"
    )
    assert [(i.sheet, i.rule) for i in result.issues] == [("对口帮扶", "programme_rows")]
    assert not AssistingUnit.objects.exists()
