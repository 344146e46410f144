"""Named features (特征) that rules are written over, each defined once as SQL over the register snapshot.

A feature has a name (what a rule writes), a level (``household``: one value per household for the assessed
year; ``member``: one value per member, for data-quality checks; ``village``: one value per village for the
assessed year), a type, a unit, a Chinese title and its SQL. The SQL reads only the snapshot tables of
``snapshot_schema`` through these aliases:

household level  ``h`` households · ``i`` the household's incomes row of the year (LEFT JOIN: NULL when there
                 is none) · ``v`` the household's village · aggregates over ``m`` (member rows, below) or
                 ``r`` (all income rows of the household, any year)
member level     ``m`` member rows: the members born on or before 31 December of the year (people born
                 later did not exist in that year), with ``m.age`` = completed years on the age date
                 (31 August of the year for assessments; the as-of date for data-quality checks)
village level    ``vl`` villages · ``vs`` the village's statistics of the year (LEFT JOIN) · ``hv`` totals
                 of the household verdicts of the village, computed by the compiler

A bare name in a feature's SQL refers to another feature of the same level. ``:year`` is the assessed year.
This module is data: adding a feature is adding an entry here (and a line in docs/standards.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from bangfu.codes import register as choices
from bangfu.standards.alert_features import ALERT_FEATURES
from bangfu.standards.case_features import CASE, CASE_FEATURE_LIST
from bangfu.standards.feature import (
    BOOLEAN,
    HOUSEHOLD,
    INTEGER,
    MEMBER,
    NUMBER,
    OVER_INCOMES,
    OVER_MEMBERS,
    STRING,
    VILLAGE,
    Feature,
)
from bangfu.standards.income import net_income_sql, per_capita_sql
from bangfu.standards.placement_features import PLACEMENT_FEATURES


def _values(enum) -> tuple[str, ...]:
    return tuple(item.value for item in enum)


def _sql_list(values) -> str:
    return ", ".join("'" + str(value).replace("'", "''") + "'" for value in values)


_REGISTERED_POOR = _sql_list(_values(choices.REGISTERED_POOR_ATTRIBUTES))
_HEAD = f"'{choices.Relation.HEAD.value}'"
_HEALTH_REASON = f"'{choices.DropoutReason.HEALTH.value}'"
_NET_INCOME = net_income_sql("i")
_SCHOOL_AGE = "m.age BETWEEN :school_age_min AND :school_age_max"

# ISO 7064 MOD 11-2 over the first 17 digits of a resident ID number (GB 11643).
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_SUM = " + ".join(
    f"CAST(SUBSTRING(m.id_number, {n}, 1) AS INT) * {w}" for n, w in enumerate(_ID_WEIGHTS, 1)
)
_ID_WELL_FORMED = "COALESCE(REGEXP_MATCHES(m.id_number, '^[0-9]{17}[0-9X]$'), FALSE)"


def _household(name, type_, unit, title, meaning, sql, **extra) -> Feature:
    return Feature(name, HOUSEHOLD, type_, unit, title, meaning, sql, **extra)


def _member(name, type_, unit, title, meaning, sql, **extra) -> Feature:
    return Feature(name, MEMBER, type_, unit, title, meaning, sql, **extra)


def _village(name, type_, unit, title, meaning, sql, **extra) -> Feature:
    return Feature(name, VILLAGE, type_, unit, title, meaning, sql, **extra)


def _count(condition: str) -> str:
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


_FEATURES = (
    # --- household: the household row --------------------------------------------------------------
    _household("attribute", STRING, "", "贫困户属性", "household attribute", "h.attribute",
               codes=_values(choices.HouseholdAttribute)),
    _household("registered_poor", BOOLEAN, "", "建档立卡贫困户",
               "a registered poor household: attribute is not 一般农户",
               f"COALESCE(h.attribute IN ({_REGISTERED_POOR}), FALSE)"),
    _household("identified_year", INTEGER, "年", "识别年度", "year the household was identified",
               "h.identified_year"),
    _household("exit_year", INTEGER, "年", "脱贫年度", "year the household exited (NULL if not)", "h.exit_year"),
    _household("exited_by_year", BOOLEAN, "", "评估年度或之前已脱贫",
               "the household has an exit year on or before the assessed year",
               "COALESCE(h.exit_year <= :year, FALSE)"),
    _household("main_cause", STRING, "", "主要致贫原因", "main cause of poverty ('' when none)", "h.main_cause",
               codes=("", *_values(choices.PovertyCause))),
    _household("housing_grade", STRING, "", "住房安全等级", "housing safety grade A–D", "h.housing_grade",
               codes=_values(choices.HousingGrade)),
    _household("housing_renovated", BOOLEAN, "", "危房改造", "dangerous (C/D) housing renovated",
               "h.housing_renovated"),
    _household("safe_water", BOOLEAN, "", "饮水安全", "safe drinking water", "h.safe_water"),
    # Issue 14's optional register fields (户 columns; NULL = not recorded: a criterion over them is undecided).
    _household("food_secure", BOOLEAN, "", "不愁吃", "enough to eat (两不愁; NULL = not recorded)", "h.food_secure",
               unrecorded=True),
    _household("clothing_secure", BOOLEAN, "", "不愁穿", "enough to wear (两不愁; NULL = not recorded)",
               "h.clothing_secure", unrecorded=True),
    _household("income_stable", BOOLEAN, "", "收入稳定", "income verified as stable (NULL = not recorded)",
               "h.income_stable", unrecorded=True),
    _household("relocated", BOOLEAN, "", "易地扶贫搬迁", "relocated for poverty alleviation (NULL = not recorded)",
               "h.relocated"),
    _household("relocation_housed", BOOLEAN, "", "搬迁已交钥匙",
               "relocated (易地扶贫搬迁 = 是) with the keys handed over (搬迁交钥匙日期) in or before the assessed year",
               "COALESCE(h.relocated, FALSE) AND COALESCE(EXTRACT(YEAR FROM h.relocation_keys_date) <= :year, FALSE)"),
    _household("water_quantity_ok", BOOLEAN, "", "水量达标",
               "water quantity ≥ 35 L per person and day, 20 L in water-short areas (NULL = not recorded)",
               "h.water_quantity_ok", unrecorded=True),
    _household("water_quality_ok", BOOLEAN, "", "水质达标", "water quality tested or judged safe (NULL = not recorded)",
               "h.water_quality_ok", unrecorded=True),
    _household("water_convenient", BOOLEAN, "", "用水方便",
               "piped, or one trip ≤ 20 min / 800 m horizontal / 80 m vertical (NULL = not recorded)",
               "h.water_convenient", unrecorded=True),
    _household("water_supply_assured", BOOLEAN, "", "供水保证率达标",
               "outages ≤ 36 days a year (NULL = not recorded)", "h.water_supply_assured", unrecorded=True),
    _household("village_code", STRING, "", "行政区划代码", "12-digit code of the household's village",
               "h.village_code"),
    _household("county_code", STRING, "", "县区代码", "12-digit code of the village's county-level division",
               "v.county_code"),
    # --- household: aggregates over its members of the year ----------------------------------------
    _household("members", INTEGER, "人", "家庭人口",
               "members born on or before 31 December of the assessed year", "COUNT(m.member_id)",
               aggregate=OVER_MEMBERS),
    _household("labourers", INTEGER, "人", "劳动力人数",
               "members whose 劳动技能 is one of the standard's labour_abilities",
               _count("m.labour_ability IN (:labour_abilities)"), aggregate=OVER_MEMBERS),
    _household("heads", INTEGER, "人", "户主人数", "members whose 与户主关系 is 户主",
               _count(f"m.relation = {_HEAD}"), aggregate=OVER_MEMBERS),
    _household("social_assistance_members", INTEGER, "人", "享受低保或特困供养的成员数",
               "members with 享受低保 = 是 or 特困供养 = 是",
               _count("COALESCE(m.receives_dibao, FALSE) OR COALESCE(m.receives_tekun, FALSE)"),
               aggregate=OVER_MEMBERS),
    _household("school_age_children", INTEGER, "人", "义务教育阶段适龄成员数",
               "members aged school_age_min–school_age_max (6–15) in completed years on the school_cutoff date",
               _count(_SCHOOL_AGE), aggregate=OVER_MEMBERS),
    _household("out_of_school_children", INTEGER, "人", "失学辍学儿童数",
               "school-age members (as above) with 失学辍学 = 是, 辍学原因 not 身体原因 and 送教上门 not 是",
               _count(f"{_SCHOOL_AGE} AND m.out_of_school AND COALESCE(m.dropout_reason, '') <> {_HEALTH_REASON} "
                      "AND NOT COALESCE(m.home_schooled, FALSE)"),
               aggregate=OVER_MEMBERS),
    _household("home_schooled_children", INTEGER, "人", "送教上门儿童数",
               "school-age members (as above) with 失学辍学 = 是 and 送教上门 = 是 (counted as schooled)",
               _count(f"{_SCHOOL_AGE} AND m.out_of_school AND COALESCE(m.home_schooled, FALSE)"),
               aggregate=OVER_MEMBERS),
    _household("uninsured_members", INTEGER, "人", "未参加基本医保的成员数",
               "members enrolled in neither 城乡居民医保 nor 职工医保",
               _count("NOT COALESCE(m.resident_medical_insurance, FALSE) AND NOT COALESCE(m.employee_medical_insurance, FALSE)"),
               aggregate=OVER_MEMBERS),
    _household("critical_illness_uninsured_members", INTEGER, "人", "未参加大病保险的成员数",
               "members without 大病保险", _count("NOT COALESCE(m.critical_illness_insurance, FALSE)"),
               aggregate=OVER_MEMBERS),
    _household("critical_illness_unrecorded_members", INTEGER, "人", "大病保险未记录的成员数",
               "members whose 大病保险 is empty (not recorded)",
               _count("m.critical_illness_insurance IS NULL"), aggregate=OVER_MEMBERS),
    # --- household: derived from its members ---------------------------------------------------------
    _household("critical_illness_covered", BOOLEAN, "", "大病保险",
               "false when a member has 大病保险 = 否; else NULL (not recorded) when a member's 大病保险 is empty; "
               "else true",
               "CASE WHEN critical_illness_uninsured_members > critical_illness_unrecorded_members THEN FALSE "
               "WHEN critical_illness_unrecorded_members > 0 THEN NULL ELSE TRUE END", unrecorded=True),
    _household("has_labour", BOOLEAN, "", "有劳动力", "at least one labourer", "labourers > 0"),
    _household("labourer_share", NUMBER, "比例", "劳动力占家庭人口比例", "labourers ÷ members (NULL without members)",
               "CAST(labourers AS DOUBLE) / NULLIF(members, 0)"),
    _household("covered_by_social_assistance", BOOLEAN, "", "享受低保或特困供养",
               "a member receives 低保 or 特困供养, or the attribute is one of the standard's coverage_attributes",
               "social_assistance_members > 0 OR COALESCE(h.attribute IN (:coverage_attributes), FALSE)"),
    # --- household: income of the assessed year -----------------------------------------------------
    _household("has_income_record", BOOLEAN, "", "有当年收入记录", "an income record exists for the assessed year",
               "i.household_id IS NOT NULL"),
    _household("wages", NUMBER, "元", "工资性收入", "wages of the year", "i.wages"),
    _household("business_income", NUMBER, "元", "生产经营性收入", "business income of the year", "i.business_income"),
    _household("property_income", NUMBER, "元", "财产性收入", "property income of the year", "i.property_income"),
    _household("transfer_income", NUMBER, "元", "转移性收入", "transfers of the year", "i.transfer_income"),
    _household("business_costs", NUMBER, "元", "生产经营性支出", "business costs of the year", "i.business_costs"),
    _household("net_income", NUMBER, "元", "家庭纯收入",
               "wages + business + property + transfers − business costs (NULL without a record)", _NET_INCOME),
    _household("net_income_per_capita", NUMBER, "元/人", "人均纯收入", "net_income ÷ members",
               per_capita_sql("net_income", "members")),
    # 可支配收入 = 纯收入 − 转移性支出 − 财产性支出 (NBS). The register records neither expense, so on register data
    # the household's disposable income is its net income; the feature exists so that Guangdong's rule names
    # the measure it is written in (粤发〔2016〕13号: 人均可支配收入), and a register that adds the expenses
    # changes this one definition.
    _household("disposable_income_per_capita", NUMBER, "元/人", "人均可支配收入",
               "disposable income ÷ members; the register records no 转移性支出/财产性支出, so it equals "
               "net_income_per_capita", per_capita_sql("net_income", "members")),
    _household("compliant_out_of_pocket", NUMBER, "元", "合规自付支出",
               "compliant out-of-pocket spending of the year (NULL when not recorded)", "i.compliant_out_of_pocket"),
    _household("net_income_after_out_of_pocket_per_capita", NUMBER, "元/人", "扣除合规自付支出后的人均纯收入",
               "(net_income − compliant out-of-pocket, missing as 0) ÷ members",
               per_capita_sql("net_income - COALESCE(i.compliant_out_of_pocket, 0)", "members")),
    # --- household: over all its income rows ---------------------------------------------------------
    _household("negative_income_records", INTEGER, "条", "含负数的收入记录数",
               "income records (any year) with a negative amount",
               _count("r.wages < 0 OR r.business_income < 0 OR r.property_income < 0 OR r.transfer_income < 0 "
                      "OR r.business_costs < 0 OR r.compliant_out_of_pocket < 0"),
               aggregate=OVER_INCOMES),
    # --- member ----------------------------------------------------------------------------------------
    _member("age", INTEGER, "周岁", "年龄", "completed years on the age date (NULL without a birth date)", "m.age"),
    _member("relation", STRING, "", "与户主关系", "relation to the head", "m.relation",
            codes=_values(choices.Relation)),
    _member("sex", STRING, "", "性别", "sex", "m.sex", codes=_values(choices.Sex)),
    _member("education", STRING, "", "文化程度", "education ('' when in school)", "m.education",
            codes=("", *_values(choices.Education))),
    _member("school_status", STRING, "", "在校生状况", "school status ('' when not in school)", "m.school_status",
            codes=("", *_values(choices.SchoolStatus))),
    _member("health", STRING, "", "健康状况", "health", "m.health", codes=_values(choices.Health)),
    _member("labour_ability", STRING, "", "劳动技能", "labour ability", "m.labour_ability",
            codes=_values(choices.LabourAbility)),
    _member("member_has_labour", BOOLEAN, "", "有劳动能力",
            "劳动技能 is one of the standard's labour_abilities",
            "COALESCE(m.labour_ability IN (:labour_abilities), FALSE)"),
    _member("months_employed", INTEGER, "月", "务工月数", "months in work", "m.months_employed"),
    _member("resident_medical_insurance", BOOLEAN, "", "城乡居民医保", "resident medical insurance",
            "m.resident_medical_insurance"),
    _member("employee_medical_insurance", BOOLEAN, "", "职工医保", "employee medical insurance",
            "m.employee_medical_insurance"),
    _member("critical_illness_insurance", BOOLEAN, "", "大病保险", "critical illness insurance",
            "m.critical_illness_insurance"),
    _member("pension_insurance", BOOLEAN, "", "养老保险", "pension insurance", "m.pension_insurance"),
    _member("receives_dibao", BOOLEAN, "", "享受低保", "receives 低保", "m.receives_dibao"),
    _member("receives_tekun", BOOLEAN, "", "特困供养", "receives 特困供养", "m.receives_tekun"),
    _member("out_of_school", BOOLEAN, "", "失学辍学", "out of school (any age)", "m.out_of_school"),
    _member("home_schooled", BOOLEAN, "", "送教上门", "taught at home (NULL = not recorded)", "m.home_schooled"),
    _member("dropout_reason", STRING, "", "辍学原因", "reason for leaving school ('' when none)", "m.dropout_reason",
            codes=("", *_values(choices.DropoutReason))),
    _member("id_number_valid", BOOLEAN, "", "证件号码校验通过",
            "18 characters, 17 digits then a digit or X, ISO 7064 MOD 11-2 check digit correct",
            f"CASE WHEN {_ID_WELL_FORMED} THEN SUBSTRING('10X98765432', ({_ID_SUM}) % 11 + 1, 1) "
            "= SUBSTRING(m.id_number, 18, 1) ELSE FALSE END"),
    _member("id_birth_date_matches", BOOLEAN, "", "证件号码与出生日期一致",
            "digits 7–14 of the ID number equal the birth date (NULL when either is unusable)",
            f"CASE WHEN {_ID_WELL_FORMED} THEN CAST(SUBSTRING(m.id_number, 7, 4) AS INT) = EXTRACT(YEAR FROM m.birth_date) "
            "AND CAST(SUBSTRING(m.id_number, 11, 2) AS INT) = EXTRACT(MONTH FROM m.birth_date) "
            "AND CAST(SUBSTRING(m.id_number, 13, 2) AS INT) = EXTRACT(DAY FROM m.birth_date) END"),
    _member("id_sex_matches", BOOLEAN, "", "证件号码与性别一致",
            "digit 17 of the ID number is odd for 男 and even for 女 (NULL when either is unusable)",
            f"CASE WHEN {_ID_WELL_FORMED} AND m.sex IN ({_sql_list(_values(choices.Sex))}) THEN "
            f"(CAST(SUBSTRING(m.id_number, 17, 1) AS INT) % 2 = 1) = (m.sex = '{choices.Sex.MALE.value}') END"),
    # --- village ---------------------------------------------------------------------------------------
    _village("registered_population", INTEGER, "人", "户籍人口",
             "the village statistics' registered population of the year, else the village's",
             "COALESCE(vs.registered_population, vl.registered_population)"),
    _village("registered_poor_members", INTEGER, "人", "建档立卡贫困人口",
             "members of the village's registered poor households identified in or before the year",
             "COALESCE(hv.registered_poor_members, 0)"),
    _village("poor_members_failing", INTEGER, "人", "未达到户退出标准的贫困人口",
             "members of those households that fail the household standard for the year",
             "COALESCE(hv.poor_members_failing, 0)"),
    _village("poor_members_remaining", INTEGER, "人", "未脱贫人口",
             "members of those households not exited by 31 December of the year (standards/incidence.py)",
             "COALESCE(hv.poor_members_remaining, 0)"),
    _village("poverty_incidence", NUMBER, "比例", "贫困发生率",
             "poor_members_remaining ÷ registered_population (a fraction; NULL when the population is 0)",
             per_capita_sql("poor_members_remaining", "registered_population")),
    _village("collective_income", NUMBER, "元", "村集体经济收入",
             "collective income of the year (statistics; NULL = not recorded)", "vs.collective_income",
             unrecorded=True),
    _village("residents_disposable_income_per_capita", NUMBER, "元/人", "居民人均可支配收入",
             "residents' per-capita disposable income of the year (statistics; NULL = not recorded)",
             "vs.disposable_income_per_capita", unrecorded=True),
    _village("living_environment_ok", BOOLEAN, "", "人居环境达标", "living environment up to standard in the year (村年度 人居环境达标; NULL = not recorded)",
             "vs.living_environment_ok", unrecorded=True),
    _village("roads_ok", BOOLEAN, "", "通硬化路", "hardened road to the village in the year (村年度 通硬化路; NULL = not recorded)",
             "vs.roads_ok", unrecorded=True),
    _village("drinking_water_ok", BOOLEAN, "", "村饮水安全达标", "village drinking water safe in the year (村年度 村饮水安全达标; NULL = not recorded)",
             "vs.drinking_water_ok", unrecorded=True),
    _village("public_services_ok", BOOLEAN, "", "基本公共服务达标", "basic public services up to standard in the year (村年度 基本公共服务达标; NULL = not recorded)",
             "vs.public_services_ok", unrecorded=True),
    _village("party_organisation_ok", BOOLEAN, "", "村党组织达标", "village Party organisation up to standard in the year (村年度 村党组织达标; NULL = not recorded)",
             "vs.party_organisation_ok", unrecorded=True),
    _village("water_power_ok", BOOLEAN, "", "农田水利和用电达标", "irrigation and electricity up to standard in the year (村年度 农田水利和用电达标; NULL = not recorded)",
             "vs.water_power_ok", unrecorded=True),
    _village("tv_broadband_ok", BOOLEAN, "", "广播电视和宽带覆盖", "radio, TV and broadband coverage in the year (村年度 广播电视和宽带覆盖; NULL = not recorded)",
             "vs.tv_broadband_ok", unrecorded=True),
)  # fmt: skip

# With the alert features, the member feature over job placements and the monitoring-case features.
_FEATURES = (*_FEATURES, *ALERT_FEATURES, *PLACEMENT_FEATURES, *CASE_FEATURE_LIST)
FEATURES: dict[str, Feature] = {feature.name: feature for feature in _FEATURES}


@dataclass(frozen=True)
class Policy:
    """A policy choice that feature SQL reads as ``:name``: the standard file must set it (no default here)."""

    name: str
    type: str  # NUMBER, STRING or LIST (a list of codes)
    title: str
    codes: tuple[str, ...] = ()  # LIST: the values allowed


LIST = "list"
#: Policy choices (政策口径) the features depend on. A standard whose rules use a feature that reads one must
#: set it in its [parameters]; docs/standards.md explains each one.
POLICIES: dict[str, Policy] = {
    policy.name: policy
    for policy in (
        Policy("labour_abilities", LIST, "算作有劳动能力的劳动技能", _values(choices.LabourAbility)),
        Policy(
            "coverage_attributes",
            LIST,
            "视为已纳入低保、特困供养的贫困户属性",
            _values(choices.HouseholdAttribute),
        ),
        Policy("school_age_min", NUMBER, "义务教育起始年龄（周岁）"),
        Policy("school_age_max", NUMBER, "义务教育结束年龄（周岁）"),
        Policy("school_cutoff", STRING, "计算在校年龄的日期（月-日，例如 08-31）"),
    )
}
LEVEL_TITLES = {HOUSEHOLD: "户级", MEMBER: "成员级", VILLAGE: "村级", CASE: "监测对象级"}


def features_of(level: str) -> dict[str, Feature]:
    """The features a rule of that level may name (member and case rules may also name household features)."""
    levels = {HOUSEHOLD: (HOUSEHOLD,), VILLAGE: (VILLAGE,), MEMBER: (MEMBER, HOUSEHOLD),
              CASE: (CASE, HOUSEHOLD)}[level]  # fmt: skip
    return {name: feature for name, feature in FEATURES.items() if feature.level in levels}


def features_markdown() -> str:
    """The feature reference table of docs/standards.md (a test keeps the page in step with this module)."""
    rows = ["| name | level | type | unit | 中文 | meaning |", "|---|---|---|---|---|---|"]
    for feature in _FEATURES:
        rows.append(
            f"| `{feature.name}` | {feature.level} | {feature.type} | {feature.unit} | {feature.title} "
            f"| {feature.meaning} |"
        )
    return "\n".join(rows)
