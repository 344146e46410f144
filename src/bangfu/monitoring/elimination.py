"""The risk-elimination check (风险消除), criterion by criterion (domain-rules.md §3, county notices).

All must hold: identified at least 6 months before; at least one assistance measure carried out (已完成);
the last two income records each with net income per head above that year's monitoring line (the line of
the monitoring standard by year and region); 三保障 and water secure (every member insured, no school-age
member out of school, housing safe, safe water); large rigid spending resolved (no open department alert,
and the last year's income after compliant self-paid spending still above the line). A household without
any labour is never marked eliminated. ``elimination_check`` lists every criterion with its verdict and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bangfu.monitoring import choices
from bangfu.monitoring.deadlines import add_months
from bangfu.monitoring.measures import case_measures
from bangfu.standards.files import load_standard
from bangfu.standards.income import members_counted, per_capita
from bangfu.standards.lines import line_at

MONTHS_BEFORE_ELIMINATION = 6
NO_LABOUR = ("丧失劳动力", "无劳动力")
SAFE_HOUSING = ("A", "B")


@dataclass(frozen=True)
class Criterion:
    key: str
    title: str
    met: bool
    reason: str


def monitoring_line(year: int, division_code: str) -> Decimal | None:
    """The monitoring line (元/人·年) of the monitoring standard for ``year`` in the village's region
    (``standards.lines``: the one reading of a line)."""
    value = line_at(load_standard("monitoring").parameters["line"], year, division_code)
    return None if value is None else Decimal(str(value))


def elimination_check(case, on: date) -> list[Criterion]:
    household = case.household
    members = list(household.members.all())
    code = household.village.division.code
    found: list[Criterion] = []

    def add(key, title, met, reason):
        found.append(Criterion(key, title, bool(met), reason))

    if case.identified_on is None:
        add("identified", "识别已满6个月", False, "尚未经县级审定识别")
    else:
        due = add_months(case.identified_on, MONTHS_BEFORE_ELIMINATION)
        add("identified", "识别已满6个月", on >= due, f"识别于 {case.identified_on}，{due} 起满6个月")
    done = case_measures(case).filter(status="已完成").count()
    add("measure", "至少落实1项帮扶措施", done >= 1, f"已完成的帮扶措施 {done} 项")
    incomes = list(household.incomes.order_by("-year")[:2])
    births = [member.birth_date for member in members]
    if len(incomes) < 2:
        add(
            "income",
            "近两年人均纯收入稳定高于监测线",
            False,
            f"只有 {len(incomes)} 年的收入记录，无法判断是否稳定",
        )
    else:
        parts, met = [], True
        for record in incomes:
            line = monitoring_line(record.year, code)
            per_head = _per_head(record.net_income, births, record.year)
            if per_head is None:
                met = False
                parts.append(f"{record.year} 年没有家庭成员，无法计算人均纯收入")
            elif line is None:
                met = False
                parts.append(f"{record.year} 年监测标准没有监测线")
            else:
                met = met and per_head > line
                parts.append(f"{record.year} 年人均 {per_head} 元，监测线 {line} 元")
        add("income", "近两年人均纯收入稳定高于监测线", met, "；".join(parts))
    uninsured = [
        m.name for m in members if not (m.resident_medical_insurance or m.employee_medical_insurance)
    ]
    dropouts = [m.name for m in members if m.out_of_school]
    living = getattr(household, "living", None)
    housing_safe = living is not None and (
        living.housing_grade in SAFE_HOUSING or bool(living.housing_renovated)
    )
    water_safe = living is not None and living.safe_water
    problems = [f"未参加基本医疗保险：{'、'.join(uninsured)}"] if uninsured else []
    problems += [f"失学辍学：{'、'.join(dropouts)}"] if dropouts else []
    problems += [] if housing_safe else ["住房不安全或无住房记录"]
    problems += [] if water_safe else ["饮水不安全或无记录"]
    add(
        "secure",
        "“三保障”和饮水安全有保障",
        not problems,
        "；".join(problems) or "义务教育、基本医疗、住房安全和饮水安全均有保障",
    )
    open_alerts = household.alerts.filter(status=choices.AlertStatus.OPEN).count()
    spending = []
    if open_alerts:
        spending.append(f"{open_alerts} 条部门预警尚未核实")
    if incomes:
        latest = incomes[0]
        line = monitoring_line(latest.year, code)
        after = _per_head(latest.net_income - (latest.compliant_out_of_pocket or 0), births, latest.year)
        if line is not None and after is not None and after <= line:
            spending.append(f"{latest.year} 年扣除合规自付支出后人均 {after} 元，不高于监测线 {line} 元")
    add(
        "spending",
        "大额刚性支出问题已解决",
        not spending,
        "；".join(spending) or "无未核实的预警，扣除自付支出后仍高于监测线",
    )
    labourers = [m for m in members if m.labour_ability not in NO_LABOUR]
    add(
        "labour",
        "家中有劳动力（无劳动力的户不标注风险消除）",
        bool(labourers),
        f"有劳动能力的成员 {len(labourers)} 人",
    )
    return found


def _per_head(amount: Decimal, births, year: int) -> Decimal | None:
    """``amount`` per member of ``year`` (``standards.income``: members on 31 December), to the fen."""
    value = per_capita(amount, members_counted(births, year))
    return None if value is None else value.quantize(Decimal("0.01"))
