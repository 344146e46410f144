"""What the API returns (响应结构), field by field, described in Chinese (and English) for the OpenAPI schema.

ID numbers and phones appear only masked (``441521********123X``, ``138****5678``): the API never returns
them plain, whatever the caller's permissions — unmasking one record is the web page's logged action.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema


# ------------------------------------------------------------------------------------------------ villages
class VillageOut(Schema):
    division_code: str = Field(description="村的12位行政区划代码 / the village's division code")
    name: str = Field(description="村名 / village name")
    town_code: str = Field(description="乡镇代码 / town code")
    town: str = Field(description="乡镇 / town")
    county_code: str = Field(description="县区代码 / county code")
    county: str = Field(description="县区 / county")
    is_poor: bool = Field(description="是否贫困村 / poor village")
    identified_year: int | None = Field(description="识别年度 / year identified as poor")
    exit_year: int | None = Field(description="退出（出列）年度 / exit year")
    is_demonstration: bool | None = Field(description="是否示范村 / demonstration village")
    registered_population: int = Field(description="户籍人口 / registered population")
    households: int = Field(description="档案中的户数 / households on the register")
    registered_households: int = Field(description="建档立卡户数 / registered poor households")
    not_exited_households: int = Field(description="未脱贫户数 / registered poor households not yet exited")


class VillageYearStatOut(Schema):
    year: int = Field(description="年度 / year")
    registered_population: int = Field(description="户籍人口 / registered population")
    disposable_income_per_capita: Decimal = Field(
        description="农村居民人均可支配收入（元）/ income per capita"
    )
    collective_income: Decimal = Field(description="村集体经济收入（元）/ village collective income")


class IncidenceOut(Schema):
    year: int = Field(description="年度 / year")
    poor_people: int = Field(description="未脱贫人口 / people in registered poor households not yet exited")
    population: int = Field(description="户籍人口 / registered population")
    incidence: float | None = Field(description="贫困发生率（比例，0–1）/ poverty incidence, a fraction")


class VillageVerdictOut(Schema):
    run_id: int = Field(description="评估批次编号 / assessment run id")
    standard: str = Field(description="标准 / standard id")
    year: int | None = Field(description="评估年度 / year assessed")
    result: str = Field(description="结果：pass 达标，fail 未达标 / verdict")
    incidence: float | None = Field(description="评估时的贫困发生率 / poverty incidence the run computed")
    failed_criteria: list[str] = Field(description="未达标的指标 / criteria not met")


class VillageDetailOut(VillageOut):
    stats: list[VillageYearStatOut] = Field(description="年度统计 / yearly statistics")
    incidence: list[IncidenceOut] = Field(description="历年贫困发生率 / poverty incidence by year")
    latest_verdicts: list[VillageVerdictOut] = Field(description="各标准最近一次评估结果 / latest verdicts")


# ---------------------------------------------------------------------------------------------- households
class HouseholdOut(Schema):
    code: str = Field(description="户编号 / household code")
    village_code: str = Field(description="所在村行政区划代码 / the village's division code")
    village_name: str = Field(description="所在村 / village")
    head_name: str = Field(description="户主姓名 / head's name")
    head_id_number: str = Field(description="户主证件号码（已遮蔽）/ head's ID number, masked")
    phone: str = Field(description="联系电话（已遮蔽）/ phone, masked")
    attribute: str = Field(description="贫困户属性 / household attribute")
    status: str = Field(description="状态：not_exited 未脱贫，exited 已脱贫，ordinary 一般农户 / status")
    identified_year: int | None = Field(description="识别年度 / year identified")
    exit_year: int | None = Field(description="脱贫年度 / exit year")
    main_cause: str = Field(description="主要致贫原因 / main cause of poverty")
    members: int = Field(description="家庭人口数 / members")


class MemberOut(Schema):
    id: int = Field(description="成员编号 / member id")
    name: str = Field(description="姓名 / name")
    id_number: str = Field(description="证件号码（已遮蔽）/ ID number, masked")
    relation: str = Field(description="与户主关系 / relation to head")
    sex: str = Field(description="性别 / sex")
    birth_year: int = Field(
        description="出生年份（证件号码遮蔽时只给年份）/ year of birth: with the ID number masked, the year only"
    )
    health: str = Field(description="健康状况 / health")
    labour_ability: str = Field(description="劳动技能 / labour ability")
    schooling: str = Field(description="在校生状况或文化程度 / school status, else education")
    months_employed: int | None = Field(description="务工时间（月）/ months in work")
    medical_insurance: bool = Field(description="参加基本医疗保险 / basic medical insurance")
    receives_assistance: str = Field(
        description="享受低保、特困供养 / minimum allowance, extreme-poverty support"
    )
    out_of_school: bool | None = Field(description="是否失学辍学 / out of school")


class IncomeOut(Schema):
    year: int = Field(description="年度 / year")
    wages: Decimal = Field(description="工资性收入（元）/ wage income")
    business_income: Decimal = Field(description="生产经营性收入（元）/ business income")
    property_income: Decimal = Field(description="财产性收入（元）/ property income")
    transfer_income: Decimal = Field(description="转移性收入（元）/ transfer income")
    business_costs: Decimal = Field(description="生产经营性支出（元）/ business costs")
    compliant_out_of_pocket: Decimal | None = Field(description="合规自付支出（元）/ compliant out-of-pocket")
    net_income: Decimal = Field(description="家庭纯收入（元）/ net income")
    members: int = Field(description="当年家庭人口 / members by the end of that year")
    per_capita: Decimal | None = Field(description="人均纯收入（元/人）/ net income per capita")


class LivingOut(Schema):
    housing_grade: str = Field(description="住房安全等级 A–D / housing safety grade")
    housing_renovated: bool | None = Field(description="危房是否已改造 / dangerous housing renovated")
    safe_water: bool = Field(description="饮水安全 / safe drinking water")


class CriterionOut(Schema):
    id: str = Field(description="指标编号 / criterion id")
    passed: bool | None = Field(description="是否达标（退出标准）/ met (exit standards)")
    flagged: bool | None = Field(description="是否触发（监测标准）/ applies (monitoring standards)")
    values: dict[str, Any] = Field(description="决定结果的数值 / the values that decided it")


class HouseholdVerdictOut(Schema):
    run_id: int = Field(description="评估批次编号 / assessment run id")
    standard: str = Field(description="标准 / standard id")
    year: int | None = Field(description="评估年度 / year assessed")
    result: str = Field(description="结果：pass 达标、fail 未达标、flag 纳入监测、clear 未纳入 / verdict")
    failed_criteria: list[str] = Field(description="未达标或触发的指标 / criteria not met or applying")
    category: str = Field(description="监测类别 / monitoring category")
    criteria: list[CriterionOut] = Field(description="逐条指标及所用数值 / every criterion with its values")


class HouseholdDetailOut(HouseholdOut):
    people: list[MemberOut] = Field(description="家庭成员（证件号码已遮蔽）/ members, IDs masked")
    incomes: list[IncomeOut] = Field(description="历年收入 / incomes by year")
    living: LivingOut | None = Field(description="生活条件 / living conditions")
    verdicts: list[HouseholdVerdictOut] = Field(description="各次评估结果及原因 / every verdict with reasons")


# ------------------------------------------------------------------------------------------- assessments
class RunOut(Schema):
    id: int = Field(description="评估批次编号 / run id")
    standard: str = Field(description="标准 / standard id")
    standard_kind: str = Field(
        description="标准类别：household_exit 退出、monitoring 监测、quality 数据质量、mpi 多维贫困 / kind"
    )
    standard_title: str = Field(description="标准名称 / standard title")
    year: int | None = Field(description="评估年度 / year")
    level: str = Field(description="评估对象：household 户、village 村 / level")
    scope: str = Field(description="评估范围（行政区划代码前缀，空为全部）/ division-code prefix, empty: all")
    started_at: datetime = Field(description="开始时间 / started at")
    finished_at: datetime = Field(description="结束时间 / finished at")
    counts: dict[str, int] = Field(
        description="本人数据范围内按结果计数 / results by verdict within your scope"
    )


class RunHouseholdOut(Schema):
    household_code: str = Field(description="户编号 / household code")
    village_code: str = Field(description="所在村行政区划代码 / village division code")
    village_name: str = Field(description="所在村 / village")
    result: str = Field(description="结果 / verdict")
    failed_criteria: list[str] = Field(description="未达标或触发的指标 / criteria not met or applying")
    category: str = Field(description="监测类别 / monitoring category")


class FindingOut(Schema):
    run_id: int = Field(description="检查批次编号 / quality run id")
    check_id: str = Field(description="检查规则 / check id")
    household_code: str = Field(description="户编号 / household code")
    village_code: str = Field(description="所在村行政区划代码 / village division code")
    village_name: str = Field(description="所在村 / village")
    member_id_number: str = Field(description="相关成员证件号码（已遮蔽）/ member's ID number, masked")
    member_relation: str = Field(description="相关成员与户主关系 / member's relation to head")
    message: str = Field(description="问题说明 / what is wrong")


# --------------------------------------------------------------------------------------------- programme
class ProjectOut(Schema):
    code: str = Field(description="项目编号 / project code")
    name: str = Field(description="项目名称 / name")
    programme: str = Field(description="对口帮扶 / programme")
    category: str = Field(description="项目类别 / category")
    status: str = Field(description="状态：储备、立项、实施、完工、验收 / status")
    village_code: str = Field(description="所在村代码（村级项目）/ village division code, village projects")
    village_name: str = Field(description="所在村 / village")
    division_code: str = Field(description="所在乡镇或县区代码（非村级项目）/ town or county, other projects")
    division_name: str = Field(description="所在乡镇或县区 / town or county")
    budget: Decimal = Field(description="预算（元）/ budget (yuan)")
    population_served: int = Field(description="受益人口 / people served")
    start_year: int = Field(description="开始年度 / start year")
    end_year: int | None = Field(description="结束年度 / end year")
    allocated: Decimal = Field(description="已下达资金（元）/ funds allocated")
    disbursed: Decimal = Field(description="已拨付资金（元）/ funds disbursed")
    spent: Decimal = Field(description="已支出资金（元）/ funds spent")


# ----------------------------------------------------------------------------------------------- figures
class YearFiguresOut(Schema):
    year: int = Field(description="年度 / year")
    villages: int = Field(description="村数 / villages")
    poor_villages: int = Field(description="贫困村数 / poor villages")
    poor_villages_exited: int = Field(description="已出列贫困村数 / poor villages exited")
    population: int = Field(description="户籍人口 / registered population")
    households_registered: int = Field(description="建档立卡户数 / registered poor households")
    people_registered: int = Field(description="建档立卡人数 / people in them")
    households_exited: int = Field(description="已脱贫户数 / households exited")
    people_exited: int = Field(description="已脱贫人数 / people exited")
    households_remaining: int = Field(description="未脱贫户数 / households not yet exited")
    people_remaining: int = Field(description="未脱贫人数 / people not yet exited")
    incidence: float | None = Field(description="贫困发生率（比例）/ poverty incidence, a fraction")
    income_per_capita: float | None = Field(description="建档立卡户人均纯收入（元）/ net income per capita")


class FiguresOut(Schema):
    as_of: datetime | None = Field(description="指标计算时间 / when the figures were computed")
    latest: YearFiguresOut | None = Field(description="最近年度的关键指标 / key figures of the latest year")
    years: list[YearFiguresOut] = Field(description="历年指标 / figures by year")
