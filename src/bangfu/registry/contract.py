"""The register workbook contract (建档立卡 import / export): sheets, columns and the fields they fill.

Pure data, no Django: the generator, the loader, and later the import and export all read it, so the
layout is written down once. Source: shared/contracts/registry-template.md, plus the optional sheet
``村年度`` (village yearly statistics), a Bangfu extension documented in docs/contracts.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    CODE = "code"  # a value from a code list (see registry/choices.py)
    DIVISION = "division"  # 12-digit division code
    ID_NUMBER = "id_number"  # 18-digit resident ID
    BOOL = "bool"  # 是/否
    YEAR = "year"
    INT = "int"
    MONEY = "money"  # yuan, 2 decimal places
    DATE = "date"


@dataclass(frozen=True)
class Column:
    header: str  # as in the workbook (Chinese)
    field: str  # model field it fills
    kind: Kind
    required: bool = False


@dataclass(frozen=True)
class Sheet:
    name: str  # sheet name, and CSV file stem
    columns: tuple[Column, ...]

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


VILLAGES = Sheet(
    "村",
    (
        Column("行政区划代码", "division_code", Kind.DIVISION, True),
        Column("村名", "name", Kind.TEXT, True),
        Column("乡镇", "town", Kind.TEXT, True),
        Column("县区", "county", Kind.TEXT, True),
        Column("是否贫困村", "is_poor", Kind.BOOL, True),
        Column("识别年度", "identified_year", Kind.YEAR),
        Column("出列年度", "exit_year", Kind.YEAR),
        Column("示范村", "is_demonstration", Kind.BOOL),
        Column("户籍人口", "registered_population", Kind.INT, True),
    ),
)

HOUSEHOLDS = Sheet(
    "户",
    (
        Column("户编号", "code", Kind.TEXT, True),
        Column("行政区划代码", "village_code", Kind.DIVISION, True),
        Column("户主证件号码", "head_id_number", Kind.ID_NUMBER, True),
        Column("贫困户属性", "attribute", Kind.CODE, True),
        Column("识别年度", "identified_year", Kind.YEAR),
        Column("脱贫年度", "exit_year", Kind.YEAR),
        Column("主要致贫原因", "main_cause", Kind.CODE),
        Column("住房安全等级", "housing_grade", Kind.CODE, True),
        Column("危房改造", "housing_renovated", Kind.BOOL),
        Column("饮水安全", "safe_water", Kind.BOOL, True),
        Column("联系电话", "phone", Kind.TEXT),
        # Optional criteria of the national exit standard (issue 14, docs/standards.md): empty = not recorded.
        Column("不愁吃", "food_secure", Kind.BOOL),
        Column("不愁穿", "clothing_secure", Kind.BOOL),
        Column("收入稳定", "income_stable", Kind.BOOL),
        Column("易地扶贫搬迁", "relocated", Kind.BOOL),
        Column("搬迁交钥匙日期", "relocation_keys_date", Kind.DATE),
        Column("水量达标", "water_quantity_ok", Kind.BOOL),
        Column("水质达标", "water_quality_ok", Kind.BOOL),
        Column("用水方便", "water_convenient", Kind.BOOL),
        Column("供水保证率达标", "water_supply_assured", Kind.BOOL),
    ),
)

MEMBERS = Sheet(
    "成员",
    (
        Column("户编号", "household_code", Kind.TEXT, True),
        Column("姓名", "name", Kind.TEXT, True),
        Column("证件号码", "id_number", Kind.ID_NUMBER, True),
        Column("与户主关系", "relation", Kind.CODE, True),
        Column("性别", "sex", Kind.CODE),
        Column("出生日期", "birth_date", Kind.DATE),
        Column("民族", "ethnicity", Kind.TEXT),
        Column("文化程度", "education", Kind.CODE),
        Column("在校生状况", "school_status", Kind.CODE),
        Column("健康状况", "health", Kind.CODE, True),
        Column("劳动技能", "labour_ability", Kind.CODE, True),
        Column("务工月数", "months_employed", Kind.INT),
        Column("城乡居民医保", "resident_medical_insurance", Kind.BOOL, True),
        Column("职工医保", "employee_medical_insurance", Kind.BOOL, True),
        Column("大病保险", "critical_illness_insurance", Kind.BOOL),
        Column("养老保险", "pension_insurance", Kind.BOOL),
        Column("享受低保", "receives_dibao", Kind.BOOL),
        Column("特困供养", "receives_tekun", Kind.BOOL),
        Column("失学辍学", "out_of_school", Kind.BOOL),
        Column("辍学原因", "dropout_reason", Kind.CODE),
        Column("送教上门", "home_schooled", Kind.BOOL),  # optional (issue 14): empty = not recorded
    ),
)

INCOMES = Sheet(
    "收入",
    (
        Column("户编号", "household_code", Kind.TEXT, True),
        Column("年度", "year", Kind.YEAR, True),
        Column("工资性收入", "wages", Kind.MONEY, True),
        Column("生产经营性收入", "business_income", Kind.MONEY, True),
        Column("财产性收入", "property_income", Kind.MONEY, True),
        Column("转移性收入", "transfer_income", Kind.MONEY, True),
        Column("生产经营性支出", "business_costs", Kind.MONEY, True),
        Column("合规自付支出", "compliant_out_of_pocket", Kind.MONEY),
    ),
)

#: Optional Bangfu extension: a village's yearly statistics (村年度统计).
VILLAGE_STATS = Sheet(
    "村年度",
    (
        Column("行政区划代码", "division_code", Kind.DIVISION, True),
        Column("年度", "year", Kind.YEAR, True),
        Column("户籍人口", "registered_population", Kind.INT, True),
        Column("居民人均可支配收入", "disposable_income_per_capita", Kind.MONEY, True),
        Column("村集体经济收入", "collective_income", Kind.MONEY, True),
        Column("人居环境达标", "living_environment_ok", Kind.BOOL),
        Column("通硬化路", "roads_ok", Kind.BOOL),
        Column("村饮水安全达标", "drinking_water_ok", Kind.BOOL),
        Column("基本公共服务达标", "public_services_ok", Kind.BOOL),
        Column("村党组织达标", "party_organisation_ok", Kind.BOOL),
        Column("农田水利和用电达标", "water_power_ok", Kind.BOOL),
        Column("广播电视和宽带覆盖", "tv_broadband_ok", Kind.BOOL),
    ),
)

#: The 户 columns stored on the household's living conditions (``registry.LivingConditions``), not on it.
LIVING_FIELDS: tuple[str, ...] = (
    "housing_grade", "housing_renovated", "safe_water", "food_secure", "clothing_secure", "relocated",
    "relocation_keys_date", "water_quantity_ok", "water_quality_ok", "water_convenient", "water_supply_assured",
)  # fmt: skip

SHEETS: tuple[Sheet, ...] = (VILLAGES, HOUSEHOLDS, MEMBERS, INCOMES, VILLAGE_STATS)

#: How booleans are written (and the canonical spelling on export).
TRUE, FALSE = "是", "否"
