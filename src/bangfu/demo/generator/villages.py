"""The villages of a profile: towns, codes, names, poor flags, and how many households each holds.

This is the only state kept for the whole register (O(villages)); households are generated and written
village by village.

Codes: 12 digits = county (6) + town (3) + village (3). Towns are coded 001–099 for 街道 and from 100
for 镇 (and other units), in the order the profile lists them; synthetic towns (syllables + 镇) follow
when the real towns are full. Villages are coded 201–999 within their town.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from random import Random
from typing import Any

from bangfu.demo.generator.dist import GenerationError, allocate
from bangfu.demo.generator.profile import CountySpec, Profile, value

STREET_SUFFIX = "街道"
FIRST_STREET_CODE, LAST_STREET_CODE = 1, 99
FIRST_TOWN_CODE, LAST_TOWN_CODE = 100, 999
FIRST_VILLAGE_CODE, LAST_VILLAGE_CODE = 201, 999
VILLAGES_PER_TOWN = LAST_VILLAGE_CODE - FIRST_VILLAGE_CODE + 1
MAX_HOUSEHOLDS_PER_VILLAGE = 9999  # 户编号 = village code + 4 digits
NUMERALS = "一二三四五六七八九"


@dataclass(slots=True)
class Village:
    index: int
    code: str
    name: str
    town: str
    county: CountySpec
    is_poor: bool
    is_demonstration: bool = False
    registered: int = 0  # registered poor households
    ordinary: int = 0  # ordinary households
    member_target: int | None = None  # members of its registered households (demo profile only)
    registered_members: int = 0  # counted in pass 1
    # Poor villages: members of registered households still poor at the end of each year from the
    # identification year to the end year (counted in pass 2), for the village's exit year.
    remaining: list[int] = field(default_factory=list)


def numeral(number: int) -> str:
    """Chinese numeral for 1..99 (for 东坑二村-style names)."""
    tens, ones = divmod(number, 10)
    text = ("" if tens <= 1 else NUMERALS[tens - 1]) + ("十" if tens else "")
    return text + (NUMERALS[ones - 1] if ones else "")


def _pool(text: str) -> str:
    return "".join(dict.fromkeys(character for character in text if not character.isspace()))


class PlaceNames:
    """Unique synthetic names: two syllables + suffix, then longer forms when those run out."""

    def __init__(self, spec: Mapping[str, Any], suffix: str, reserved: set[str], rng: Random):
        self.first = _pool(spec["first"])
        self.second = _pool(spec["second"])
        self.prefix = _pool(spec.get("prefix", ""))
        self.suffix = suffix
        self.used = set(reserved)
        self.rng = rng

    def _pick(self, pool: str) -> str:
        return pool[int(self.rng.random() * len(pool))]

    def _take(self, name: str) -> bool:
        if name in self.used:
            return False
        self.used.add(name)
        return True

    def new(self) -> str:
        for _ in range(40):
            first, second = self._pick(self.first), self._pick(self.second)
            if first != second and self._take(first + second + self.suffix):
                return first + second + self.suffix
        for _ in range(40):
            if self.prefix:
                name = (
                    self._pick(self.prefix) + self._pick(self.first) + self._pick(self.second) + self.suffix
                )
                if self._take(name):
                    return name
        for _ in range(200):
            number = 1 + int(self.rng.random() * 99)
            name = self._pick(self.first) + self._pick(self.second) + numeral(number) + self.suffix
            if self._take(name):
                return name
        raise GenerationError(f"合成地名已用完（{len(self.used)} 个）/ synthetic place names exhausted")


def layout_villages(profile: Profile, seed: int) -> list[Village]:
    """Every village of the profile, in code order, with its household counts."""
    params = profile.params
    rng = Random(f"bangfu/{seed}/layout")
    demonstration_names = {name for name, _ in profile.demonstration_villages}
    village_names = PlaceNames(
        params["village_names"], "村", demonstration_names, Random(f"bangfu/{seed}/names")
    )
    real_towns = {town for county in profile.counties for town in county.towns}
    town_names = PlaceNames(params["town_names"], "镇", real_towns, Random(f"bangfu/{seed}/towns"))
    villages: list[Village] = []
    for county in profile.counties:
        count = county.poor_villages + county.non_poor_villages
        if not count:
            continue
        towns = _towns(params, county, count, rng, town_names)
        weight = params["villages"]["town_weight"]
        weights = [weight["low"] + (weight["high"] - weight["low"]) * rng.random() for _ in towns]
        per_town = allocate(count, weights, [VILLAGES_PER_TOWN] * len(towns))
        flags = [True] * county.poor_villages + [False] * county.non_poor_villages
        rng.shuffle(flags)
        flag = iter(flags)
        for (town, town_code), town_count in zip(towns, per_town, strict=True):
            for number in range(town_count):
                code = f"{county.code}{town_code:03d}{FIRST_VILLAGE_CODE + number:03d}"
                village = Village(len(villages), code, village_names.new(), town, county, next(flag))
                villages.append(village)
    _place_demonstration(profile, villages, rng)
    _allocate_households(profile, villages, rng)
    return villages


def _towns(
    params: Mapping[str, Any], county: CountySpec, count: int, rng: Random, town_names: PlaceNames
) -> list[tuple[str, int]]:
    """(name, 3-digit code) of the towns that hold ``count`` villages in ``county``."""
    coded: list[tuple[str, int]] = []
    street, town = FIRST_STREET_CODE, FIRST_TOWN_CODE
    for name in county.towns:
        if name.endswith(STREET_SUFFIX):
            coded.append((name, street))
            street += 1
        else:
            coded.append((name, town))
            town += 1
    if street - 1 > LAST_STREET_CODE or town - 1 > LAST_TOWN_CODE:
        raise GenerationError(f"{county.name} 的乡镇过多 / too many towns in {county.name}")
    soft_cap = int(value(params["villages"]["villages_per_town"]))
    needed = math.ceil(count / soft_cap)
    if needed <= len(coded):
        if count < len(coded):  # a small register: only some towns have villages
            chosen = sorted(rng.sample(range(len(coded)), count))
            return [coded[i] for i in chosen]
        return coded
    extra = min(needed - len(coded), LAST_TOWN_CODE - town + 1)
    coded += [(town_names.new(), town + i) for i in range(extra)]
    if count > len(coded) * VILLAGES_PER_TOWN:
        raise GenerationError(
            f"{county.name} 的村代码已用完：{count} 个村超过 {len(coded) * VILLAGES_PER_TOWN} 个可用代码 / "
            f"village codes exhausted in {county.name}"
        )
    return coded


def _place_demonstration(profile: Profile, villages: list[Village], rng: Random) -> None:
    """Name the demonstration villages (示范村): poor villages, one per county where possible."""
    used_counties: set[str] = set()
    for name, county_code in profile.demonstration_villages:
        candidates = [
            v for v in villages if v.is_poor and not v.is_demonstration and v.county.code == county_code
        ]
        if not candidates:  # small registers: any poor village of a county without one yet, else any
            free = [v for v in villages if v.is_poor and not v.is_demonstration]
            candidates = [v for v in free if v.county.code not in used_counties] or free
        if not candidates:
            continue
        village = candidates[int(rng.random() * len(candidates))]
        village.name = name
        village.is_demonstration = True
        used_counties.add(village.county.code)


def _allocate_households(profile: Profile, villages: list[Village], rng: Random) -> None:
    spec = profile.params["villages"]
    low, high = spec["allocation_weight"]["low"], spec["allocation_weight"]["high"]
    poor = [v for v in villages if v.is_poor]
    non_poor = [v for v in villages if not v.is_poor]
    registered = profile.registered_households
    in_poor = round(registered * value(spec["poor_household_share"])) if non_poor else registered
    for group, total in ((poor, in_poor), (non_poor, registered - in_poor)):
        counts = allocate(total, [low + (high - low) * rng.random() for _ in group])
        for village, count in zip(group, counts, strict=True):
            village.registered = count
    counts = allocate(profile.ordinary_households, [low + (high - low) * rng.random() for _ in villages])
    for village, count in zip(villages, counts, strict=True):
        village.ordinary = count
        if village.registered + village.ordinary > MAX_HOUSEHOLDS_PER_VILLAGE:
            raise GenerationError(
                f"{village.name} 的户数超过 {MAX_HOUSEHOLDS_PER_VILLAGE} / too many households in one village"
            )
    if profile.member_target is not None:
        targets = allocate(profile.member_target, [v.registered for v in villages])
        for village, target in zip(villages, targets, strict=True):
            village.member_target = target
