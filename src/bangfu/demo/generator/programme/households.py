"""Household records for a sample of registered households in paired villages: a plan for each year from
identification to exit (一户一策), one to three measures per plan (帮扶措施), and visits (走访) by the
household's contact of the day (帮扶责任人); and the households linked to village industry projects (利益联结).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from random import Random

from bangfu.demo.generator.dist import Picker
from bangfu.demo.generator.programme.people import Contact, PairedVillage
from bangfu.demo.generator.programme.profile import ProgrammeProfile, value, weights
from bangfu.demo.generator.programme.projects import Project
from bangfu.demo.generator.programme.register import RegisterView

DAY = timedelta(days=1)


def generate_households(
    profile: ProgrammeProfile,
    register: RegisterView,
    paired: list[PairedVillage],
    contacts: dict[str, list[Contact]],
    projects: list[Project],
    seed: int,
) -> dict[str, list[dict]]:
    rng = Random(f"bangfu/{seed}/programme/households")
    spec = profile.params["households"]
    share = float(value(spec["sample_share"]))
    categories = Picker.from_mapping(weights(spec["measure_categories"]))
    findings = spec["findings"]["values"]
    visits_low, visits_high = int(spec["visits_per_year"]["low"]), int(spec["visits_per_year"]["high"])
    measures_low, measures_high = (
        int(spec["measures_per_plan"]["low"]),
        int(spec["measures_per_plan"]["high"]),
    )
    amount_low, amount_high = spec["measure_amount"]["low"], spec["measure_amount"]["high"]
    industry: dict[str, list[Project]] = {}
    for project in projects:
        if project.village and project.category == "产业":
            industry.setdefault(project.village, []).append(project)
    by_village = register.households_by_village()
    rows: dict[str, list[dict]] = {"plans": [], "measures": [], "visits": [], "beneficiaries": []}
    last = profile.end_year
    for village in paired:
        households = by_village.get(village.village.code, [])
        for project in industry.get(village.village.code, []):
            count = int(spec_range(profile, "industry_beneficiaries", rng))
            for household in rng.sample(households, min(count, len(households))):
                rows["beneficiaries"].append(
                    {"project": project.code, "household": household.code, "description": "入股分红、务工"}
                )
        for household in households:
            if rng.random() >= share or household.code not in contacts:
                continue
            end_year = min(household.exit_year or last, last)
            for year in range(household.identified_year, end_year + 1):
                summary = f"{year}年帮扶计划：" + (
                    "巩固脱贫成果"
                    if household.exit_year and year > household.exit_year
                    else "发展生产、稳定就业"
                )
                rows["plans"].append({"household": household.code, "year": year, "summary": summary})
                done = year < last
                for _ in range(measures_low + int(rng.random() * (measures_high - measures_low + 1))):
                    category = categories.pick(rng)
                    linked = [
                        p for p in industry.get(village.village.code, []) if year in p.active_years(last)
                    ]
                    project = rng.choice(linked).code if category == "产业" and linked else ""
                    start = date(year, 3 + int(rng.random() * 4), 1 + int(rng.random() * 28))
                    rows["measures"].append(
                        {"household": household.code, "year": year, "category": category,
                         "description": f"{category}帮扶", "status": "已完成" if done else "实施中",
                         "start_date": start, "end_date": date(year, 12, 20) if done else None,
                         "amount": Decimal(int(amount_low + (amount_high - amount_low) * rng.random())),
                         "project": project}
                    )  # fmt: skip
            for contact in contacts[household.code]:
                days = (contact.end - contact.start).days
                years = max(1, round(days / 365))
                for _ in range(years * (visits_low + int(rng.random() * (visits_high - visits_low + 1)))):
                    day = contact.start + DAY * int(rng.random() * (days + 1))
                    rows["visits"].append(
                        {"household": household.code, "cadre": contact.cadre, "date": day,
                         "notes": "入户走访，了解家庭收入和帮扶措施落实情况", "findings": rng.choice(findings)}
                    )  # fmt: skip
    return rows


def spec_range(profile: ProgrammeProfile, key: str, rng: Random) -> float:
    entry = profile.params["projects"][key]
    return entry["low"] + (entry["high"] - entry["low"]) * rng.random()
