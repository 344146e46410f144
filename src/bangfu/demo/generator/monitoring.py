"""Monitoring cases of the demo (防止返贫动态监测), 2021–2023: a seeded generator and its bulk loader.

About 1.5 % of the register's households become cases a year, from all four channels (农户自主申报, 基层干部排查,
部门筛查预警, 标准筛查): exited households as 脱贫不稳定户, other households as 边缘易致贫户, a few as
突发严重困难户, with one to three risk types. Each case walks the procedure with dates (visit, village review,
five to seven days of public notice, township review, county approval) and a timeline (``CaseStep``); most get
a measure in the household's plan of the year within a month, some of 2023 none (overdue); cases identified long enough
ago are eliminated (帮扶消除 or 自然消除), a few of those reopened later; some cases of 2023 stay at a step of the
identification past the 20 working days (overdue). The figures are synthetic: no source publishes them.

The demo writes the records directly (the procedure's rules on incomes apply to users' steps, not to the
generated history). ``monitoring_records_clear`` empties them for ``bangfu demo --reset``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random

from bangfu.monitoring import choices
from bangfu.monitoring.deadlines import add_months

YEARS = (2021, 2022, 2023)
SHARE_PER_YEAR = 0.015
CHANNELS = (("农户自主申报", 3), ("基层干部排查", 4), ("部门筛查预警", 2), ("标准筛查", 1))
RISKS = ("因病", "因学", "因残", "因自然灾害", "因意外事故", "因产业项目失败", "因务工就业不稳", "住房安全")
MEASURES = (("健康", "大病医疗救助"), ("就业", "公益岗位"), ("产业", "产业奖补"), ("教育", "教育资助"),
            ("综合保障(兜底)", "纳入低保"))  # fmt: skip
END = date(2023, 12, 31)


@dataclass
class CaseSpec:
    household: str  # household code
    category: str
    risks: list[str]
    channel: str
    discovered: date
    step: str
    dates: dict = field(
        default_factory=dict
    )  # visited, publicity_start, publicity_end, identified, eliminated
    method: str = ""
    reopened: int = 0
    timeline: list[tuple[str, str, date]] = field(default_factory=list)  # (step, action, on)
    measures: list[tuple[str, str, str, date]] = field(
        default_factory=list
    )  # (category, text, status, start)


def _pick(rng: Random, weighted) -> str:
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def generate_cases(households: list[tuple[str, bool, bool]], *, seed: int) -> list[CaseSpec]:
    """Cases for ``households`` (code, exited registered household, has labour), in discovery order."""
    rng = Random(seed * 7919 + 15)
    pool = list(households)
    rng.shuffle(pool)
    per_year = max(1, round(len(pool) * SHARE_PER_YEAR))
    specs = []
    for year in YEARS:
        chosen, pool = pool[:per_year], pool[per_year:]
        for code, exited, has_labour in chosen:
            specs.append(_case(rng, code, exited, has_labour, year))
    return specs


def _case(rng: Random, code: str, exited: bool, has_labour: bool, year: int) -> CaseSpec:
    discovered = date(year, 1, 1) + timedelta(days=rng.randrange(0, 360 if year < 2023 else 330))
    category = "突发严重困难户" if rng.random() < 0.1 else ("脱贫不稳定户" if exited else "边缘易致贫户")
    spec = CaseSpec(code, category, rng.sample(RISKS, rng.choice((1, 1, 2, 3))), _pick(rng, CHANNELS),
                    discovered, choices.Step.VERIFICATION)  # fmt: skip
    spec.timeline.append((choices.Step.VERIFICATION, "立案", discovered))
    # in 2023 some cases are left at a step of the identification (overdue by the end of 2023)
    stuck = year == 2023 and rng.random() < 0.15
    on = discovered + timedelta(days=rng.randrange(1, 6))
    for step, action, field_name in (
        (choices.Step.VILLAGE_REVIEW, "入户核实", "visited"),
        (choices.Step.PUBLICITY, "村级评议", "publicity_start"),
    ):
        if stuck and rng.random() < 0.5:
            return spec
        spec.step, spec.dates[field_name] = step, on
        spec.timeline.append((step, action, on))
        on += timedelta(days=rng.randrange(1, 4)) if step == choices.Step.VILLAGE_REVIEW else timedelta(0)
    on = spec.dates["publicity_start"] + timedelta(days=rng.randrange(4, 7))
    spec.step, spec.dates["publicity_end"] = choices.Step.TOWNSHIP_REVIEW, on
    spec.timeline.append((choices.Step.TOWNSHIP_REVIEW, "公示结束", on))
    if stuck or on > END:
        return spec
    on += timedelta(days=rng.randrange(1, 5))
    spec.step = choices.Step.COUNTY_APPROVAL
    spec.timeline.append((choices.Step.COUNTY_APPROVAL, "乡镇审核通过", on))
    on += timedelta(days=rng.randrange(1, 5))
    spec.step, spec.dates["identified"] = choices.Step.ASSISTANCE, on
    spec.timeline.append((choices.Step.ASSISTANCE, "县级审定，识别为监测对象", on))
    identified = on
    if identified.year < 2023 or rng.random() < 0.75:  # in 2023 a quarter have none yet: 帮扶措施超期
        start = identified + timedelta(days=rng.randrange(3, 28))
        category, text = MEASURES[rng.randrange(len(MEASURES))]
        spec.measures.append((category, text, "已完成", start))
        spec.timeline.append((choices.Step.ASSISTANCE, "帮扶措施", start))
        eliminate_on = add_months(identified, rng.randrange(6, 14))
        # a household without labour is never marked eliminated (it stays monitored: domain-rules.md §3)
        if eliminate_on <= END and has_labour and rng.random() < 0.75:
            spec.method = "帮扶消除" if rng.random() < 0.8 else "自然消除"
            spec.step, spec.dates["eliminated"] = choices.Step.ELIMINATED, eliminate_on
            spec.timeline.append((choices.Step.ELIMINATED, spec.method, eliminate_on))
            again = eliminate_on + timedelta(days=rng.randrange(60, 240))
            if date(2023, 10, 1) <= again <= END and rng.random() < 0.5:  # 风险复现: reopened, at the visit
                spec.reopened, spec.step, spec.method = 1, choices.Step.VERIFICATION, ""
                spec.discovered = again
                spec.dates = {}
                spec.timeline.append((choices.Step.VERIFICATION, "重新纳入监测", again))
    return spec


def open_leads(households: list[str], cases: list[CaseSpec], *, seed: int) -> list[tuple[str, str, date]]:
    """A few open leads (household code, channel, discovered) on households without a case, late in 2023."""
    rng = Random(seed * 104729 + 15)
    taken = {spec.household for spec in cases}
    free = [code for code in households if code not in taken]
    count = min(len(free), max(1, len(cases) // 10))
    return [
        (code, _pick(rng, CHANNELS), date(2023, 12, rng.randrange(1, 29))) for code in rng.sample(free, count)
    ]


def monitoring_records_load(specs: list[CaseSpec], leads: list[tuple[str, str, date]]) -> dict[str, int]:
    """Bulk-load the generated cases, their timelines and measures, and the open leads."""
    from django.db import transaction

    from bangfu.monitoring.models import CaseStep, Lead, MonitoringCase
    from bangfu.programme.models import HouseholdPlan, Measure
    from bangfu.registry.models import Household

    codes = {spec.household for spec in specs} | {code for code, _c, _d in leads}
    ids = dict(Household.objects.filter(code__in=codes).values_list("code", "pk"))
    with transaction.atomic():
        cases = MonitoringCase.objects.bulk_create([
            MonitoringCase(
                household_id=ids[s.household], category=s.category, risk_types=s.risks, channel=s.channel,
                step=s.step, discovered_on=s.discovered, authorisation_signed="visited" in s.dates,
                visited_on=s.dates.get("visited"), publicity_start=s.dates.get("publicity_start"),
                publicity_end=s.dates.get("publicity_end"), identified_on=s.dates.get("identified"),
                eliminated_on=s.dates.get("eliminated"), elimination_method=s.method, reopened_count=s.reopened,
                note="演示数据",
            )
            for s in specs
        ])  # fmt: skip
        CaseStep.objects.bulk_create([
            CaseStep(case=case, step=step, action=action, username="demo", on=on)
            for case, spec in zip(cases, specs, strict=True) for step, action, on in spec.timeline
        ])  # fmt: skip
        wanted = {(ids[s.household], m[3].year) for s in specs for m in s.measures}
        plans = {(p.household_id, p.year): p for p in HouseholdPlan.objects.filter(
            household_id__in={h for h, _y in wanted})}  # fmt: skip
        new = [HouseholdPlan(household_id=h, year=y) for h, y in sorted(wanted) if (h, y) not in plans]
        for plan in HouseholdPlan.objects.bulk_create(new):
            plans[(plan.household_id, plan.year)] = plan
        measures = Measure.objects.bulk_create([
            Measure(plan=plans[(ids[s.household], start.year)], category=category, description=text,
                    status=status, start_date=start)
            for s in specs for category, text, status, start in s.measures
        ])  # fmt: skip
        Lead.objects.bulk_create([
            Lead(household_id=ids[code], channel=channel, source="演示数据", discovered_on=on)
            for code, channel, on in leads
        ])  # fmt: skip
    return {"cases": len(cases), "measures": len(measures), "leads": len(leads)}


def monitoring_records_clear() -> None:
    """Delete every monitoring record and its history (``bangfu demo --reset``), children first."""
    from bangfu.monitoring.models import AlertImport, CaseStep, DepartmentAlert, Lead, MonitoringCase

    for model in (DepartmentAlert, Lead, CaseStep, MonitoringCase, AlertImport):
        model.objects.all().delete()
        if hasattr(model, "history"):
            model.history.all().delete()
