"""A straightforward per-household Python evaluator of the household and village standards.

Written from the rules as issue #3 states them, independently of the compiler, for two uses only: parity
tests (the engine must agree with it on generated registers) and ``bench/assess.py`` (how much faster the
set-based engine is). Bangfu itself never evaluates rules per record.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

LINES = {
    "cn-2020": {2016: 2952, 2017: 3335, 2018: 3535, 2019: 3747, 2020: 4000},
    "gd-2016": {year: 7365 for year in range(2016, 2021)},
    "monitoring": {2021: 6000},
}
WITH_LABOUR = {"普通劳动力", "技能劳动力", "弱劳动力或半劳动力"}
ORDINARY = "一般农户"
ASSISTED = {"低保贫困户", "特困供养贫困户"}
REGISTERED = {"一般贫困户", *ASSISTED}
VILLAGE_INCIDENCE_BELOW = 0.02
#: gd-2016 also asks for village collective income ≥ 100,000 yuan in the year's statistics (none: not met).
VILLAGE_COLLECTIVE_INCOME_MIN = {"gd-2016": 100000}
VILLAGE_FARMER_INCOME_MIN = 9820
VILLAGE_INDICATORS = (
    "living_environment_ok",
    "roads_ok",
    "drinking_water_ok",
    "public_services_ok",
    "party_organisation_ok",
    "water_power_ok",
    "tv_broadband_ok",
)

#: cn-2020's yes/no household criteria of issue 14 (criterion → 户 field): 收入稳定 and 两不愁 (《关于建立贫困退出机制
#: 的意见》2016) and the four parts of 饮水安全 (《农村饮水安全评价准则》). Empty (None): cannot decide.
CN_FLAG_CRITERIA = {
    "income_stable": "income_stable",
    "food": "food_secure",
    "clothing": "clothing_secure",
    "water_quantity": "water_quantity_ok",
    "water_quality": "water_quality_ok",
    "water_convenience": "water_convenient",
    "water_supply": "water_supply_assured",
}
HOUSEHOLD_FLAGS = tuple(CN_FLAG_CRITERIA.values())
#: gd-2016's 两不愁 criteria, asked of households with labour only (粤发〔2016〕13号).
GD_LABOUR_FLAG_CRITERIA = {"food": "food_secure", "clothing": "clothing_secure"}


def out_of_school(members, year: int) -> list:
    """School-age (6–15 on 31 August) members out of school, not for health reasons, not taught at home
    (送教上门 counts as schooled: provincial checklists)."""
    return [
        m
        for m in members
        if 6 <= age_on_31_august(m["birth_date"], year) <= 15
        and m["out_of_school"]
        and m["dropout_reason"] != "身体原因"
        and not m.get("home_schooled")
    ]


def age_on_31_august(birth: date, year: int) -> int:
    return year - birth.year - (1 if (birth.month, birth.day) > (8, 31) else 0)


class Register:
    """The snapshot tables as Python rows (dicts), indexed by household."""

    def __init__(self, households, members, incomes, villages=(), village_stats=()):
        self.households = list(households)
        self.members = defaultdict(list)
        for member in members:
            self.members[member["household_id"]].append(member)
        self.incomes = {(row["household_id"], row["year"]): row for row in incomes}
        self.villages = list(villages)
        self.stats = {(row["village_id"], row["year"]): row for row in village_stats}

    def members_in(self, household, year):
        return [m for m in self.members[household["household_id"]] if m["birth_date"] <= date(year, 12, 31)]

    def net_income(self, household, year):
        row = self.incomes.get((household["household_id"], year))
        if row is None:
            return None
        return (
            row["wages"] + row["business_income"] + row["property_income"] + row["transfer_income"]
            - row["business_costs"]
        )  # fmt: skip


#: Prefix of a criterion that cannot be decided (a field it needs is not recorded) in exit_verdict's list.
UNDECIDED = "?"


def exit_verdict(register: Register, standard: str, household, year: int) -> list[str]:
    """The failed criteria of one household for an exit standard (cn-2020 or gd-2016), sorted; a criterion
    that cannot be decided is listed as ``UNDECIDED + id``."""
    line = LINES[standard][year]
    members = register.members_in(household, year)
    net = register.net_income(household, year)
    per_capita = None if net is None or not members else net / len(members)
    failed = []
    if per_capita is None:
        failed.append("income")
    elif standard == "cn-2020":
        if not per_capita > line:
            failed.append("income")
    else:
        has_labour = any(m["labour_ability"] in WITH_LABOUR for m in members)
        covered = household["attribute"] in ASSISTED or any(
            m["receives_dibao"] or m["receives_tekun"] for m in members
        )
        # 粤发〔2016〕13号: with labour 人均可支配收入 ≥ 7,365 (the register's disposable income is its net income);
        # without labour 低保/特困 coverage and not below the national line (national floor).
        floor = LINES["cn-2020"][year]
        if not ((has_labour and per_capita >= line) or (not has_labour and covered and per_capita >= floor)):
            failed.append("income")
    if out_of_school(members, year):
        failed.append("education")
    if not all(m["resident_medical_insurance"] or m["employee_medical_insurance"] for m in members):
        failed.append("medical")
    if standard == "cn-2020":
        # 大病保险 (domain-rules.md §1): every member covered; an empty flag cannot be decided.
        flags = [m["critical_illness_insurance"] for m in members]
        if False in flags:
            failed.append("critical_illness")
        elif None in flags:
            failed.append(UNDECIDED + "critical_illness")
        for criterion, name in CN_FLAG_CRITERIA.items():
            if household.get(name) is False:
                failed.append(criterion)
            elif household.get(name) is None:
                failed.append(UNDECIDED + criterion)
    elif any(m["labour_ability"] in WITH_LABOUR for m in members):
        # 粤发〔2016〕13号: a household with labour exits only with 两不愁 (not one without labour).
        for criterion, name in GD_LABOUR_FLAG_CRITERIA.items():
            if household.get(name) is False:
                failed.append(criterion)
            elif household.get(name) is None:
                failed.append(UNDECIDED + criterion)
    grade = household["housing_grade"]
    # cn-2020: a relocated household whose keys were handed over in or before the year is safely housed.
    keys = household.get("relocation_keys_date")
    relocation_housed = (
        standard == "cn-2020"
        and household.get("relocated") is True
        and keys is not None
        and keys.year <= year
    )
    if not (
        grade in ("A", "B") or (grade in ("C", "D") and household["housing_renovated"]) or relocation_housed
    ):
        failed.append("housing")
    if not household["safe_water"]:
        failed.append("water")
    return sorted(failed)


def assess_households(register: Register, standard: str, year: int) -> dict[str, tuple[str, str, str]]:
    """household_code → (result, criteria, category), as `bangfu assess --level household` reports them."""
    results = {}
    for household in register.households:
        if standard == "monitoring":
            results[household["household_code"]] = monitoring_verdict(register, household, year)
        elif household["attribute"] != ORDINARY and household["identified_year"] <= year:
            verdicts = exit_verdict(register, standard, household, year)
            failed = [c for c in verdicts if not c.startswith(UNDECIDED)]
            undecided = [c.removeprefix(UNDECIDED) for c in verdicts if c.startswith(UNDECIDED)]
            if failed:
                results[household["household_code"]] = ("fail", ";".join(failed), "")
            else:
                result = "undecided" if undecided else "pass"
                results[household["household_code"]] = (result, ";".join(undecided), "")
    return results


#: The monitoring standard's thresholds (monitoring.toml [parameters]; domain-rules.md §3).
MEDICAL_SELF_PAY = {"registered": 5000, "other": 20000}
#: Its precedence: the first flagging criterion names the category.
MONITORING_PRECEDENCE = (
    "not_exited", "unstable_exited", "near_poor", "sudden_hardship",
    "medical_spending", "disability", "schooling", "housing", "water", "disaster",
)  # fmt: skip


def monitoring_verdict(register: Register, household, year: int) -> tuple[str, str, str]:
    """Every registered household is screened: not exited, income under the line, the non-income risks; a
    household nothing flags and without an income record (or members) is "missing", never "clear". The
    generated registers carry no department alerts, so disability and disaster never flag here."""
    line = LINES["monitoring"][year]
    members = register.members_in(household, year)
    net = register.net_income(household, year)
    row = register.incomes.get((household["household_id"], year))
    per_capita = after_spending = None
    if net is not None and members:
        per_capita = net / len(members)
        after_spending = (net - (row["compliant_out_of_pocket"] or 0)) / len(members)
    registered = household["attribute"] in REGISTERED
    exited = household["exit_year"] is not None and household["exit_year"] <= year
    out_of_pocket = row["compliant_out_of_pocket"] if row is not None else None
    threshold = MEDICAL_SELF_PAY["registered" if registered else "other"]
    children_out = out_of_school(members, year)
    below = per_capita is not None and per_capita < line
    flags = {
        "not_exited": registered and not exited,
        "unstable_exited": exited and below,
        "near_poor": household["attribute"] == ORDINARY and below,
        "sudden_hardship": per_capita is not None and per_capita >= line and after_spending < line,
        "medical_spending": out_of_pocket is not None and out_of_pocket >= threshold,
        "disability": False,
        "schooling": bool(children_out),
        "housing": household["housing_grade"] in ("C", "D") and not household["housing_renovated"],
        "water": household["safe_water"] is False,
        "disaster": False,
    }
    category = next((criterion for criterion in MONITORING_PRECEDENCE if flags[criterion]), None)
    if category is not None:
        return ("flag", category, category)
    if row is None or not members:
        return ("missing", "", "")
    return ("clear", "", "")


def assess_villages(register: Register, standard: str, year: int) -> dict[str, tuple[str, float]]:
    """village_code → (result, incidence) for poor villages identified by the year.

    贫困发生率 = members of registered poor households not exited by 31 December ÷ registered population.
    """
    failing_members = defaultdict(int)
    for household in register.households:
        if household["attribute"] == ORDINARY or household["identified_year"] > year:
            continue
        if household["exit_year"] is None or household["exit_year"] > year:
            failing_members[household["village_id"]] += len(register.members_in(household, year))
    results = {}
    for village in register.villages:
        if not village["is_poor"] or village["identified_year"] is None or village["identified_year"] > year:
            continue
        stat = register.stats.get((village["village_id"], year))
        population = stat["registered_population"] if stat else village["registered_population"]
        # A village without registered population has no incidence: it cannot be shown to have exited.
        incidence = failing_members[village["village_id"]] / population if population else None
        passed = incidence is not None and incidence < VILLAGE_INCIDENCE_BELOW
        result = "pass" if passed else "fail"
        if standard == "gd-2016":
            result = _gd_village(passed, stat)
        results[village["village_code"]] = (result, incidence)
    return results


def _gd_village(incidence_passed: bool, stat) -> str:
    """Guangdong's ten village-exit indicators (domain-rules.md §2): a decided indicator not met fails the
    village; otherwise an indicator whose statistics are not recorded makes it "undecided"."""
    stat = stat or {}
    recorded = [
        (stat.get("disposable_income_per_capita"), VILLAGE_FARMER_INCOME_MIN),
        (stat.get("collective_income"), VILLAGE_COLLECTIVE_INCOME_MIN["gd-2016"]),
        *((stat.get(name), True) for name in VILLAGE_INDICATORS),
    ]
    verdicts = [incidence_passed] + [
        None if value is None else (value is True if wanted is True else value >= wanted)
        for value, wanted in recorded
    ]
    if False in verdicts:
        return "fail"
    return "undecided" if None in verdicts else "pass"
