"""The markets' sheets of the programme workbook: template → fill → import, all or nothing, located errors."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from bangfu.markets.models import BenefitLink, JobFair, Placement, Producer, Product, Sale, Subsidy, Trainee
from bangfu.programme.contract import ENTITY_SHEETS
from bangfu.programme_projects.importing import programme_import
from tests import factories
from tests.programme.test_import import FILLED, fill

PROGRAMME = {"对口帮扶": FILLED["对口帮扶"]}


def markets_sheets(r) -> dict:
    poor, plain = r.poor_head.id_number, r.plain_head.id_number
    return {
        "培训班": [{"培训班编号": "T1", "培训班名称": "粤菜师傅厨师班", "培训品牌": "粤菜师傅", "培训工种": "中式烹调",
                    "行政区划代码": "441521101201", "开始日期": "2018-03-01", "结束日期": date(2018, 3, 20),
                    "培训经费": "30,000元", "经费来源": "帮扶方财政"}],
        "培训学员": [{"培训班编号": "T1", "证件号码": poor, "是否结业": "是", "证书编号": "YC-1"},
                     {"培训班编号": "T1", "证件号码": plain, "是否结业": "否"}],
        "招聘会": [{"招聘会名称": "南粤春暖专场", "品牌": "南粤春暖", "举办日期": "2019-02-12",
                    "行政区划代码": "441521000000", "参会企业数": 20, "提供岗位数": 300, "参会人数": 500}],
        "转移就业": [{"证件号码": poor, "就业单位": "深圳某酒楼", "就业地点": "深圳", "岗位类别": "市场就业",
                      "开始日期": "2018-05-01", "月工资": 4000}],
        "就业补贴": [{"证件号码": poor, "补贴类别": "交通补贴", "金额": 500, "发放日期": "2018-05-10"}],
        "经营主体": [{"主体编号": "P1", "主体名称": "新山茶叶合作社", "主体类别": "合作社", "村行政区划代码": "441521101201"}],
        "扶贫产品": [{"主体编号": "P1", "产品名称": "新山绿茶", "产品类别": "茶叶", "认定证书编号": "GD-2019-1",
                      "认定日期": "2019-01-01"}],
        "产品销售": [{"认定证书编号": "GD-2019-1", "销售渠道": "消费扶贫馆", "购买方类别": "个人", "金额": "1000.40",
                      "销售日期": "2019-05-01"}],
        "主体带贫户": [{"主体编号": "P1", "户编号": r.poor.code, "联结机制": "订单收购", "开始年度": 2019}],
    }  # fmt: skip


@pytest.fixture
def template(tmp_path):
    path = tmp_path / "模板.xlsx"
    call_command("programme-template", out=path)
    return path


def test_the_template_carries_the_markets_sheets(template):
    names = load_workbook(template).sheetnames
    for sheet in (
        "培训班",
        "培训学员",
        "招聘会",
        "转移就业",
        "就业补贴",
        "经营主体",
        "扶贫产品",
        "产品销售",
        "主体带贫户",
    ):
        assert sheet in names
        assert sheet in {s.name for s in ENTITY_SHEETS.values()}


def test_round_trip(markets_register, template, tmp_path, capsys):
    path = fill(template, tmp_path / "填好.xlsx", PROGRAMME | markets_sheets(markets_register))
    call_command("programme-import", str(path))
    assert "产品销售: 1" in capsys.readouterr().out
    trainee = Trainee.objects.get(certificate_number="YC-1")
    assert trainee.completed and trainee.member == markets_register.poor_head
    assert not Trainee.objects.get(member=markets_register.plain_head).completed
    assert trainee.course.funding == 30000 and trainee.course.division.code == "441521101201"
    assert JobFair.objects.get().posts == 300
    assert Placement.objects.get().monthly_wage == 4000
    assert Subsidy.objects.get().amount == 500
    assert Product.objects.get().producer == Producer.objects.get(code="P1")
    assert str(Sale.objects.get().amount) == "1000.40"
    assert BenefitLink.objects.get().household == markets_register.poor


def test_errors_are_located_and_nothing_is_written(markets_register, template, tmp_path):
    sheets = markets_sheets(markets_register)
    sheets["培训学员"][1]["证件号码"] = factories.id_number(
        date(1980, 1, 1)
    )  # valid, but not in the register
    sheets["转移就业"][0]["结束日期"] = "2017-01-01"
    sheets["产品销售"][0]["销售日期"] = "2018-12-31"
    sheets["产品销售"].append(
        {
            "认定证书编号": "NONE",
            "销售渠道": "地摊",
            "购买方类别": "个人",
            "金额": 1,
            "销售日期": "2019-06-01",
        }
    )
    path = fill(template, tmp_path / "错.xlsx", PROGRAMME | sheets)
    result = programme_import(path=path, actor=None)
    located = {(i.sheet, i.row, i.column) for i in result.issues}
    assert ("产品销售", 3, "销售渠道") in located  # a cell problem: reported before the loader runs
    assert not Trainee.objects.exists() and not Placement.objects.exists()
    sheets["产品销售"].pop()
    path = fill(template, tmp_path / "错2.xlsx", PROGRAMME | sheets)
    result = programme_import(path=path, actor=None)
    located = {(i.sheet, i.row, i.column): i.message for i in result.issues}
    assert ("培训学员", 3, "证件号码") in located
    assert located[("转移就业", 2, "结束日期")] == "结束日期不能早于开始日期。"
    assert ("产品销售", 2, "销售日期") in located
    assert not Trainee.objects.exists() and not Producer.objects.exists() and not Sale.objects.exists()
    with pytest.raises(CommandError):
        call_command("programme-import", str(path))
