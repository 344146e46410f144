"""Assisting units, pairings, cadres and their assignments (帮扶单位、结对、帮扶干部、干部派驻).

Cadres: every poor village has one first secretary (第一书记) at a time, rotating every two or three years
(paired villages from their pairing's start, the others from the second round, sent by a Shenzhen district
or city department),
and a village team (驻村工作队员); counties (and, from ``town_seconded_from``, the towns of paired villages)
take seconded cadres (挂职干部) in two-year rotations. Each cadre holds one such post, so the number of
cadres is the cadre target exactly; village teams take whatever the other posts leave. The secretary and
team members of a village are also the household contacts (帮扶责任人) of its registered poor households,
one contact per household and term.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random

from bangfu.demo.generator.dist import GenerationError, Picker, allocate
from bangfu.demo.generator.programme.profile import ProgrammeProfile, value, weights
from bangfu.demo.generator.programme.register import RegisterHousehold, RegisterView, RegisterVillage

DAY = timedelta(days=1)


@dataclass
class Unit:
    name: str
    kind: str
    district: str = ""
    parent: str = ""
    weight: float = 1.0

    def row(self) -> dict:
        return {"name": self.name, "kind": self.kind, "district": self.district, "parent": self.parent}


@dataclass
class PairedVillage:
    village: RegisterVillage
    unit: Unit
    start: date
    terms: list[tuple[date, date]] = field(default_factory=list)
    teams: list[list[str]] = field(default_factory=list)  # per term: cadre codes, secretary first


@dataclass
class Contact:
    """A household contact's period for one household (帮扶责任人)."""

    cadre: str
    start: date
    end: date


def units(profile: ProgrammeProfile) -> list[Unit]:
    spec = profile.params["units"]
    pairing = spec["pairing_weight"]
    found: list[Unit] = []
    for district in spec["districts"]["values"]:
        found.append(Unit(district, "区", district, "", pairing["区"]))
        for bureau in spec["district_bureaus"]["values"]:
            found.append(Unit(district + bureau, "区", district, district, pairing["区属部门"]))
    found += [
        Unit(name, "市直部门", weight=pairing["市直部门"]) for name in spec["city_departments"]["values"]
    ]
    found += [Unit(name, "国企", weight=pairing["国企"]) for name in spec["state_enterprises"]["values"]]
    found += [
        Unit(name, "社会组织", weight=pairing["社会组织"]) for name in spec["social_organisations"]["values"]
    ]
    return found


def add_years(day: date, years: int) -> date:
    return (
        day.replace(year=day.year + years)
        if not (day.month == 2 and day.day == 29)
        else date(day.year + years, 3, 1)
    )


def terms(
    rng: Random, start: date, end: date, lengths: Picker[str], min_last_days: int
) -> list[tuple[date, date]]:
    """Consecutive terms of two or three years from ``start`` to ``end``; a short last term is merged."""
    found: list[tuple[date, date]] = []
    begin = start
    while begin <= end:
        stop = add_years(begin, int(lengths.pick(rng))) - DAY
        if stop >= end or (end - stop).days < min_last_days:
            stop = end
        found.append((begin, stop))
        begin = stop + DAY
    return found


def rotations(start: date, end: date, years: int) -> list[tuple[date, date]]:
    found = []
    begin = start
    while begin <= end:
        stop = min(add_years(begin, years) - DAY, end)
        found.append((begin, stop))
        begin = stop + DAY
    return found


class Names:
    def __init__(self, profile: ProgrammeProfile):
        spec = profile.params["cadres"]
        self.surnames = spec["surnames"]["values"]
        self.male, self.female = spec["given_male"]["values"], spec["given_female"]["values"]
        self.female_share = float(value(spec["female_share"]))
        self.prefixes = spec["phone_prefixes"]["values"]

    def person(self, rng: Random) -> tuple[str, str, str]:
        female = rng.random() < self.female_share
        pool = self.female if female else self.male
        given = "".join(rng.choice(pool) for _ in range(1 if rng.random() < 0.3 else 2))
        phone = rng.choice(self.prefixes) + f"{rng.randrange(10**8):08d}"
        return rng.choice(self.surnames) + given, "女" if female else "男", phone


@dataclass
class People:
    units: list[Unit]
    paired: list[PairedVillage]
    rows: dict[str, list[dict]]
    contacts: dict[str, list[Contact]]  # household code → contacts in time order


def generate_people(profile: ProgrammeProfile, register: RegisterView, seed: int) -> People:
    rng = Random(f"bangfu/{seed}/programme/people")
    all_units = units(profile)
    paired = _pair(profile, register, all_units, rng)
    spec = profile.params["cadres"]
    lengths = Picker.from_mapping(weights(spec["term_years"]))
    min_days = int(value(spec["min_last_term_days"]))
    for village in paired:
        village.terms = terms(rng, village.start, profile.end_date, lengths, min_days)
    seconded = _seconded_posts(profile, paired, register)
    # Every poor village has a first secretary (the programme sent one to each): the villages without a
    # pairing get theirs from a Shenzhen district or city department, from the second round on.
    sending = [unit for unit in all_units if unit.kind in ("区", "市直部门") and not unit.parent]
    paired_codes = {village.village.code for village in paired}
    unpaired = [
        (
            village,
            rng.choice(sending),
            terms(rng, profile.second_round_start, profile.end_date, lengths, min_days),
        )
        for village in register.poor_villages
        if village.code not in paired_codes
    ]
    secretaries = sum(len(village.terms) for village in paired) + sum(len(t) for _, _, t in unpaired)
    team = profile.targets.cadres - secretaries - len(seconded)
    if team < 0:
        raise GenerationError(
            f"帮扶干部目标 {profile.targets.cadres} 名不足以配备 {secretaries} 个第一书记任期和 {len(seconded)} 个挂职岗位"
        )
    names = Names(profile)
    cadres: list[dict] = []
    assignments: list[dict] = []

    def cadre(unit: Unit) -> str:
        code = f"SZ{len(cadres) + 1:04d}"
        name, gender, phone = names.person(rng)
        cadres.append({"code": code, "name": name, "unit": unit.name, "gender": gender, "phone": phone})
        return code

    slots = [(village, index) for village in paired for index in range(len(village.terms))]
    members = allocate(team, [1.0] * len(slots)) if slots else []
    for (village, index), extra in zip(slots, members, strict=True):
        start, end = village.terms[index]
        codes = [cadre(village.unit) for _ in range(1 + extra)]
        village.teams.append(codes)
        for position, code in enumerate(codes):
            role = "第一书记" if position == 0 else "驻村工作队员"
            assignments.append(
                _assignment(code, role, village.unit.name, start, end, village=village.village.code)
            )
    for village, unit, periods in unpaired:
        for start, end in periods:
            assignments.append(
                _assignment(cadre(unit), "第一书记", unit.name, start, end, village=village.code)
            )
    for division, start, end in seconded:
        unit = rng.choice(sending)
        assignments.append(_assignment(cadre(unit), "挂职干部", unit.name, start, end, division=division))
    contacts = _contacts(paired, register, assignments)
    rows = {
        "units": [unit.row() for unit in all_units],
        "pairings": [
            {
                "unit": v.unit.name,
                "village": v.village.code,
                "start_date": v.start,
                "end_date": profile.end_date,
            }
            for v in paired
        ],
        "cadres": cadres,
        "assignments": assignments,
    }
    return People(all_units, paired, rows, contacts)


def _assignment(cadre: str, role: str, unit: str, start: date, end: date, **place: str) -> dict:
    return {"cadre": cadre, "role": role, "unit": unit, "start_date": start, "end_date": end, **place}


def _pair(
    profile: ProgrammeProfile, register: RegisterView, all_units: list[Unit], rng: Random
) -> list[PairedVillage]:
    """The paired villages (demonstration villages first, then a sample of poor villages), unit by unit."""
    target = profile.targets.paired_villages
    if target > len(register.poor_villages):
        raise GenerationError(f"档案中只有 {len(register.poor_villages)} 个贫困村，不足 {target} 个结对村")
    demonstration = [v for v in register.poor_villages if v.is_demonstration][:target]
    others = [v for v in register.poor_villages if not v.is_demonstration]
    chosen = sorted(demonstration + rng.sample(others, target - len(demonstration)), key=lambda v: v.code)
    pairing_units = [unit for unit in all_units if unit.weight > 0]
    shares = allocate(target, [unit.weight for unit in pairing_units])
    first_round = float(value(profile.params["pairings"]["first_round_share"]))
    paired: list[PairedVillage] = []
    villages = iter(chosen)
    for unit, share in zip(pairing_units, shares, strict=True):
        for _ in range(share):
            start = profile.first_round_start if rng.random() < first_round else profile.second_round_start
            paired.append(PairedVillage(next(villages), unit, start))
    return paired


def _seconded_posts(
    profile: ProgrammeProfile, paired: list[PairedVillage], register: RegisterView
) -> list[tuple[str, date, date]]:
    spec = profile.params["cadres"]
    years = int(value(spec["seconded_rotation_years"]))
    periods = rotations(profile.first_round_start, profile.end_date, years)
    counties = sorted({village.village.county for village in paired} & set(register.counties))
    posts = [
        (county, start, end)
        for start, end in periods
        for county in counties
        for _ in range(profile.seconded_per_county)
    ]
    if profile.town_seconded:
        towns = sorted({village.village.town for village in paired})
        first = int(value(spec["town_seconded_from"]))
        town_periods = rotations(date(first, profile.first_round_start.month, 1), profile.end_date, years)
        posts += [(town, start, end) for start, end in town_periods for town in towns]
    return posts


def _contacts(
    paired: list[PairedVillage], register: RegisterView, assignments: list[dict]
) -> dict[str, list[Contact]]:
    """Household contacts: per term, the village's team members take its households in turn."""
    by_village = register.households_by_village()
    contacts: dict[str, list[Contact]] = {}
    for village in paired:
        for (start, end), team in zip(village.terms, village.teams, strict=True):
            households = [h for h in by_village.get(village.village.code, ()) if _identified_on(h) <= end]
            for number, household in enumerate(households):
                begin = max(start, _identified_on(household))
                code = team[number % len(team)]
                contacts.setdefault(household.code, []).append(Contact(code, begin, end))
                assignments.append(
                    _assignment(code, "帮扶责任人", village.unit.name, begin, end, household=household.code)
                )
    return contacts


def _identified_on(household: RegisterHousehold) -> date:
    return date(household.identified_year, 3, 1)
