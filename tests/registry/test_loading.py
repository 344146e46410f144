"""The bulk loader: all or nothing, and every refusal says where and why."""

from datetime import date
from pathlib import Path

import pytest

from bangfu.core.errors import ApplicationError
from bangfu.regions.models import Division
from bangfu.registry import contract
from bangfu.registry.loading import register_load_folder
from bangfu.registry.models import Household, IncomeRecord, Member, Village, VillageYearStat
from tests.factories import id_number

HEAD = id_number(date(1965, 2, 3))
HEAD_ROW = f"4415211012010001,陈大,{HEAD},户主,男,1965-02-03,汉族,小学,,健康,普通劳动力,10,是,否,是,是,否,否,否,".split(
    ","
)
WIFE = id_number(date(1968, 7, 9), male=False)


def write_folder(folder: Path, **overrides: list[list[str]]) -> Path:
    rows = {
        "村": [["441521101201", "新山村", "海城镇", "海丰县", "是", "2016", "2019", "是", "1200"]],
        "户": [
            [
                "4415211012010001",
                "441521101201",
                HEAD,
                "一般贫困户",
                "2016",
                "2018",
                "因病",
                "C",
                "是",
                "是",
                "",
            ]
        ],
        "成员": [
            HEAD_ROW,
            [
                "4415211012010001",
                "林二",
                WIFE,
                "配偶",
                "女",
                "1968-07-09",
                "汉族",
                "",
                "",
                "长期慢性病",
                "弱劳动力或半劳动力",
                "",
                "是",
                "否",
                "是",
                "是",
                "否",
                "否",
                "否",
                "",
            ],
        ],
        "收入": [
            ["4415211012010001", "2015", "5000", "1000", "0", "800", "400", ""],
            ["4415211012010001", "2020", "20000", "3000", "100", "1200", "1000", "300"],
        ],
        "村年度": [["441521101201", "2020", "1200", "16000", "120000"]],
    } | overrides
    folder.mkdir(exist_ok=True)
    for sheet in contract.SHEETS:
        lines = [",".join(sheet.headers)] + [",".join(row) for row in rows[sheet.name]]
        (folder / sheet.file_name).write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return folder


def register_snapshot():
    return [
        model.objects.count()
        for model in (Division, Village, Household, Member, IncomeRecord, VillageYearStat)
    ]


def test_a_folder_is_loaded_with_every_sheet(divisions, tmp_path):
    summary = register_load_folder(write_folder(tmp_path / "ok"))
    assert (summary.villages, summary.households, summary.members, summary.income_records) == (1, 1, 2, 2)
    village = Village.objects.get()
    assert (village.division.name, village.division.parent.name, village.division.parent.parent.name) == (
        "新山村",
        "海城镇",
        "海丰县",
    )
    assert village.is_demonstration is True and village.exit_year == 2019
    household = Household.objects.get()
    assert household.living.housing_renovated is True
    assert household.incomes.get(year=2020).net_income == 23300
    assert household.incomes.get(year=2015).compliant_out_of_pocket is None
    assert household.members.get(relation="配偶").months_employed is None
    assert VillageYearStat.objects.get().collective_income == 120000


def test_a_wrong_cell_names_file_line_column_and_value_and_loads_nothing(divisions, tmp_path):
    before = register_snapshot()
    bad_income = [
        ["4415211012010001", "2015", "5000", "1000", "0", "800", "400", ""],
        ["4415211012010001", "2020", "-5", "3000", "100", "1200", "1000", ""],
    ]
    with pytest.raises(ApplicationError) as raised:
        register_load_folder(write_folder(tmp_path / "bad", 收入=bad_income))
    assert str(raised.value) == "收入.csv 第3行，列“工资性收入”，值“-5”：金额不能为负数"
    assert register_snapshot() == before


def test_an_unknown_code_lists_the_accepted_ones(divisions, tmp_path):
    bad = [["4415211012010001", "441521101201", HEAD, "富裕户", "2016", "2018", "因病", "C", "是", "是", ""]]
    with pytest.raises(ApplicationError, match=r"户.csv 第2行，列“贫困户属性”.*一般贫困户、低保贫困户"):
        register_load_folder(write_folder(tmp_path / "bad", 户=bad))
    assert not Village.objects.exists()


def test_a_duplicate_id_number_loads_nothing(divisions, tmp_path):
    members = [HEAD_ROW, HEAD_ROW]
    with pytest.raises(ApplicationError, match="重复"):
        register_load_folder(write_folder(tmp_path / "dup", 成员=members))
    assert not Household.objects.exists() and not Division.objects.filter(level=5).exists()


def test_a_household_of_an_unknown_village_is_refused(divisions, tmp_path):
    bad = [
        ["4415211012010001", "441521101299", HEAD, "一般贫困户", "2016", "2018", "因病", "A", "", "是", ""]
    ]
    with pytest.raises(ApplicationError, match=r"441521101299 不在村\.csv"):
        register_load_folder(write_folder(tmp_path / "bad", 户=bad))


def test_a_missing_column_is_reported_on_line_one(divisions, tmp_path):
    folder = write_folder(tmp_path / "cols")
    text = (folder / "村.csv").read_text(encoding="utf-8-sig").replace(",户籍人口", "")
    (folder / "村.csv").write_text(text, encoding="utf-8")
    with pytest.raises(ApplicationError, match=r"村\.csv 第1行：缺少列 户籍人口"):
        register_load_folder(folder)


def test_loading_into_a_register_that_has_data_is_refused(divisions, tmp_path):
    register_load_folder(write_folder(tmp_path / "first"))
    before = register_snapshot()
    with pytest.raises(ApplicationError, match="已有数据"):
        register_load_folder(write_folder(tmp_path / "second"))
    assert register_snapshot() == before
