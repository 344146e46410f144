"""Employment and consumption records of the demo (就业帮扶、消费帮扶; R23), 2016–2020, in paired villages.

Training courses (粤菜师傅, 南粤家政, 广东技工) in the towns of paired villages with trainees from their
households; a 南粤春暖 job fair in every county-level division each spring and some town fairs; one member of a
share of registered households placed in work (本地, 省内, 深圳, 省外), with transport and job subsidies;
producers in paired villages with products certified as 扶贫产品, sold through the article's channels (the
扶贫产品展销中心, the 消费扶贫馆 at 平湖海吉星, online shops, live streams, donor units' canteens and unions), and
the households linked to them. Shapes are in ``demo/data/shanwei-programme.toml`` ``[markets]``; the article
publishes no figure for any of this, so every count is synthetic. A placement's monthly wage is capped so that
a year's placement wages stay within the household's recorded 工资性收入 (the household page checks this).

The generator needs no database: :func:`labour_members_from_database` reads members and wage incomes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from random import Random

from bangfu.demo.generator.dist import Picker
from bangfu.demo.generator.programme.people import PairedVillage
from bangfu.demo.generator.programme.profile import ProgrammeProfile, value, weights
from bangfu.demo.generator.programme.register import RegisterView


@dataclass(frozen=True)
class Worker:
    """A member of working age with labour in a household of a paired village."""

    id_number: str
    household: str
    registered_poor: bool


@dataclass(frozen=True)
class MarketsView:
    workers: dict[str, list[Worker]]  # village code → workers, by ID number
    wages: dict[str, dict[int, Decimal]]  # household code → year → recorded 工资性收入


def labour_members_from_database(villages: list[str]) -> MarketsView:
    from bangfu.registry.choices import LABOUR_ABILITIES_WITH_LABOUR, REGISTERED_POOR_ATTRIBUTES
    from bangfu.registry.models import IncomeRecord, Member

    workers: dict[str, list[Worker]] = {}
    rows = (
        Member.objects.filter(household__village__division__code__in=villages)
        .filter(labour_ability__in=LABOUR_ABILITIES_WITH_LABOUR, birth_date__gte=date(1956, 1, 1))
        .order_by("id_number")
        .values_list(
            "id_number", "household__code", "household__village__division__code", "household__attribute"
        )
    )
    for id_number, household, village, attribute in rows:
        workers.setdefault(village, []).append(
            Worker(id_number, household, attribute in REGISTERED_POOR_ATTRIBUTES)
        )
    wages: dict[str, dict[int, Decimal]] = {}
    incomes = IncomeRecord.objects.filter(household__village__division__code__in=villages)
    for household, year, amount in incomes.values_list("household__code", "year", "wages"):
        wages.setdefault(household, {})[year] = amount
    return MarketsView(workers, wages)


def _between(entry, rng: Random) -> int:
    return rng.randint(int(entry["low"]), int(entry["high"]))


def _day(year: int, rng: Random, first_month: int = 1, last_month: int = 12) -> date:
    return date(year, rng.randint(first_month, last_month), rng.randint(1, 28))


def _yuan(low: float, high: float, rng: Random, step: int = 10) -> Decimal:
    return Decimal(int(low + (high - low) * rng.random()) // step * step)


def generate_markets(
    profile: ProgrammeProfile,
    register: RegisterView,
    paired: list[PairedVillage],
    view: MarketsView,
    seed: int,
) -> dict[str, list[dict]]:
    spec = profile.params["markets"]
    rows: dict[str, list[dict]] = {}
    rows |= _employment(spec, register, paired, view, Random(f"bangfu/{seed}/programme/markets/employment"))
    rows |= _consumption(spec, paired, view, Random(f"bangfu/{seed}/programme/markets/consumption"))
    return rows


def _employment(
    spec, register: RegisterView, paired: list[PairedVillage], view: MarketsView, rng: Random
) -> dict:
    first, last = int(spec["years"]["low"]), int(spec["years"]["high"])
    brands, skills = Picker.from_mapping(weights(spec["course_brands"])), spec["course_skills"]
    towns: dict[str, list[Worker]] = {}
    for village in paired:
        towns.setdefault(village.village.town, []).extend(view.workers.get(village.village.code, []))
    courses, trainees = [], []
    for town, workers in sorted(towns.items()):
        for year in range(first, last + 1):
            for _ in range(_between(spec["courses_per_town_year"], rng)):
                if not workers:
                    break
                brand = brands.pick(rng)
                skill = rng.choice(skills[brand])
                start = _day(year, rng, 2, 11)
                code = f"PX{town[:9]}{year}{len(courses) + 1:05d}"
                chosen = rng.sample(workers, min(len(workers), _between(spec["trainees_per_course"], rng)))
                per_head = _yuan(
                    spec["course_funding_per_trainee"]["low"], spec["course_funding_per_trainee"]["high"], rng
                )
                place = register.names.get(town, "")
                courses.append({
                    "code": code, "name": f"{place}{brand}{skill}培训班" if brand != "其他" else f"{place}{skill}培训班",
                    "brand": brand, "skill": skill, "provider": f"{place}职业技能培训中心", "place": f"{place}文化站",
                    "division": town, "start_date": start, "end_date": start + timedelta(days=rng.randint(5, 30)),
                    "funding": per_head * len(chosen), "funding_source": "帮扶方财政",
                })  # fmt: skip
                for index, worker in enumerate(chosen):
                    done = rng.random() < float(value(spec["completion_share"]))
                    trainees.append({
                        "course": code, "member": worker.id_number, "completed": done,
                        "certificate_number": f"{code}-{index + 1:03d}" if done else "",
                    })  # fmt: skip
    fairs = []
    counties = sorted({village.village.county for village in paired})
    for year in range(first, last + 1):
        for county in counties:
            posts = _between(spec["fair_posts"], rng)
            name = register.names.get(county, "")
            fairs.append({
                "name": f"{year}年{name}“南粤春暖”专场招聘会", "brand": "南粤春暖", "date": _day(year, rng, 1, 3),
                "place": f"{name}人力资源市场", "division": county, "employers": posts // rng.randint(15, 40),
                "posts": posts, "attendance": int(posts * (1 + rng.random())),
            })  # fmt: skip
        for town in sorted(towns):
            if rng.random() < float(value(spec["town_fair_share"])):
                posts = _between(spec["fair_posts"], rng) // 5
                fairs.append({
                    "name": f"{year}年{register.names.get(town, '')}招聘会", "brand": "其他",
                    "date": _day(year, rng, 3, 11), "place": register.names.get(town, ""), "division": town,
                    "employers": max(1, posts // 20), "posts": posts, "attendance": int(posts * 1.5),
                })  # fmt: skip
    return {"courses": courses, "trainees": trainees, "job_fairs": fairs} | _placements(
        spec, paired, view, rng
    )


def _placements(spec, paired: list[PairedVillage], view: MarketsView, rng: Random) -> dict:
    first, last = int(spec["years"]["low"]), int(spec["years"]["high"])
    destinations = Picker.from_mapping(weights(spec["destinations"]))
    wage_ranges = spec["monthly_wage"]
    placements, subsidies = [], []
    employers = {"本地": "县城工业园企业", "省内": "广州制造企业", "深圳": "深圳企业", "省外": "省外企业"}
    for village in paired:
        by_household: dict[str, list[Worker]] = {}
        for worker in view.workers.get(village.village.code, []):
            if worker.registered_poor:
                by_household.setdefault(worker.household, []).append(worker)
        for household, workers in sorted(by_household.items()):
            if rng.random() >= float(value(spec["placed_share"])):
                continue
            worker = rng.choice(workers)
            destination = destinations.pick(rng)
            kind = (
                "公益岗位"
                if destination == "本地" and rng.random() < float(value(spec["public_welfare_share"]))
                else "市场就业"
            )
            start = _day(rng.randint(first, last), rng)
            end = None
            if rng.random() < float(value(spec["ended_share"])):
                end = min(start + timedelta(days=rng.randint(180, 1000)), date(last, 12, 31))
            low, high = wage_ranges[kind if kind == "公益岗位" else destination]
            recorded = view.wages.get(household, {})
            until = end or date(max(recorded, default=last), 12, 31)  # an open placement runs on
            wage = _capped(_yuan(low, high, rng), start, until, recorded)
            if wage is None:
                continue
            employer = "村公益岗位" if kind == "公益岗位" else employers[destination]
            placements.append({
                "member": worker.id_number, "employer": employer, "destination": destination, "job_kind": kind,
                "start_date": start, "end_date": end, "monthly_wage": wage,
            })  # fmt: skip
            paid = start + timedelta(days=rng.randint(10, 60))
            if destination != "本地":
                amount = _yuan(spec["transport_subsidy"]["low"], spec["transport_subsidy"]["high"], rng)
                subsidies.append(
                    {"member": worker.id_number, "kind": "交通补贴", "amount": amount, "date": paid}
                )
            if rng.random() < float(value(spec["job_subsidy_share"])):
                amount = _yuan(spec["job_subsidy"]["low"], spec["job_subsidy"]["high"], rng, 100)
                subsidies.append(
                    {"member": worker.id_number, "kind": "就业补贴", "amount": amount, "date": paid}
                )
    return {"placements": placements, "subsidies": subsidies}


def _capped(wage: Decimal, start: date, end: date, recorded: dict[int, Decimal]) -> Decimal | None:
    """The wage, lowered so that no year's placement wages exceed the recorded 工资性收入; None below 500."""
    for year in range(start.year, end.year + 1):
        months = min(end, date(year, 12, 31)).month - max(start, date(year, 1, 1)).month + 1
        if year not in recorded:
            return None
        wage = min(wage, recorded[year] / months)
    wage = Decimal(int(wage) // 10 * 10)
    return wage if wage >= 500 else None


def _consumption(spec, paired: list[PairedVillage], view: MarketsView, rng: Random) -> dict:
    kinds, channels = (
        Picker.from_mapping(weights(spec["producer_kinds"])),
        Picker.from_mapping(weights(spec["channels"])),
    )
    mechanisms = Picker.from_mapping(weights(spec["mechanisms"]))
    catalogue = [
        (category, item)
        for category, items in spec["products"].items()
        if category != "source"
        for item in items
    ]
    last, live_from = int(spec["years"]["high"]), int(value(spec["live_stream_from"]))
    rows: dict[str, list[dict]] = {"producers": [], "products": [], "sales": [], "benefit_links": []}
    for village in paired:
        households = sorted(
            {w.household for w in view.workers.get(village.village.code, []) if w.registered_poor}
        )
        for _ in range(_between(spec["producers_per_village"], rng)):
            kind = kinds.pick(rng)
            code = f"ZT{village.village.code}{len(rows['producers']) + 1:04d}"
            name = (
                village.village.name
                + {"合作社": "农民专业合作社", "企业": "农产品有限公司", "农户": "种养大户"}[kind]
            )
            rows["producers"].append({"code": code, "name": f"{name}{len(rows['producers']) + 1}", "kind": kind,
                                      "village": village.village.code})  # fmt: skip
            for category, item in rng.sample(catalogue, _between(spec["products_per_producer"], rng)):
                certified = _day(_between(spec["certified_years"], rng), rng)
                certificate = f"FP{certified.year}{len(rows['products']) + 1:06d}"
                rows["products"].append({
                    "producer": code, "name": village.village.name + item, "category": category,
                    "certificate_number": certificate, "certified_date": certified,
                    "valid_until": date(certified.year + 2, certified.month, certified.day),
                })  # fmt: skip
                for year in range(certified.year, last + 1):
                    for _ in range(_between(spec["sales_per_product_year"], rng)):
                        channel = channels.pick(rng)
                        while channel == "直播带货" and year < live_from:
                            channel = channels.pick(rng)
                        sold = _day(year, rng, certified.month if year == certified.year else 1)
                        sold = max(sold, certified)
                        rows["sales"].append({
                            "product": certificate, "channel": channel,
                            "buyer_type": "帮扶单位" if channel == "帮扶单位食堂工会采购" else rng.choice(["个人", "企业", "机关事业单位"]),
                            "buyer": spec["buyers"].get(channel, village.unit.name if channel == "帮扶单位食堂工会采购" else ""),
                            "amount": _yuan(spec["sale_amount"]["low"], spec["sale_amount"]["high"], rng),
                            "date": sold,
                        })  # fmt: skip
            for household in rng.sample(
                households, min(len(households), _between(spec["households_per_producer"], rng))
            ):
                rows["benefit_links"].append({
                    "producer": code, "household": household, "mechanism": mechanisms.pick(rng),
                    "start_year": rng.randint(int(spec["certified_years"]["low"]), last),
                })  # fmt: skip
    return rows
