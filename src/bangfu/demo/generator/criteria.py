"""The demo's values for the optional criteria columns of issue 14 (户: 不愁吃 … 供水保证率达标; 成员: 送教上门).

Drawn from a generator of their own (seeded by the household code), so adding them changes no other value of
the register: the published figures R1–R22 come out exactly as before. The shares are synthetic and plausible
for a Guangdong county in 2020: food and clothing secure almost everywhere; income verified stable for
exited households, rarely for those still poor; a few households relocated (易地扶贫搬迁 was small in
Guangdong) with keys handed over 2017–2019; the four parts of 饮水安全 agreeing with the household's
饮水安全 flag; a few cells left empty (not recorded), as in real registers.
"""

from __future__ import annotations

from random import Random
from typing import Any

from bangfu.registry import contract
from bangfu.registry.choices import DropoutReason
from bangfu.registry.contract import FALSE, TRUE

#: Shares (synthetic, plausible): a cell left empty; 不愁吃/不愁穿 = 否 (households not exited: an exited household
#: was verified 是); 收入稳定 = 是 when exited / not exited;
#: relocated (registered households only); 送教上门 = 是 for a child out of school for health reasons.
NOT_RECORDED = 0.002
FOOD_INSECURE, CLOTHING_INSECURE = 0.003, 0.002
STABLE_EXITED, STABLE_NOT_EXITED = 0.985, 0.35
RELOCATED = 0.015
HOME_SCHOOLED = 0.7

_HOUSEHOLD = {header: index for index, header in enumerate(contract.HOUSEHOLDS.headers)}
_MEMBER = {header: index for index, header in enumerate(contract.MEMBERS.headers)}
#: The criteria columns the rows get here: the last ones of each sheet.
_HOUSEHOLD_CRITERIA, _MEMBER_CRITERIA = 9, 1


def criteria_cells(seed: int, household: list[Any], members: list[list[Any]], exit_year: int | None) -> None:
    """Append the criteria cells to a household row and its member rows (in contract column order)."""
    rng = Random(f"criteria:{seed}:{household[0]}")
    random = rng.random

    def flag(no_share: float) -> str:
        if random() < NOT_RECORDED:
            return ""
        return FALSE if random() < no_share else TRUE

    registered = household[_HOUSEHOLD["贫困户属性"]] != "一般农户"
    stable = STABLE_EXITED if exit_year is not None or not registered else STABLE_NOT_EXITED
    relocated = registered and random() < RELOCATED
    keys = f"{2017 + int(random() * 3)}-{1 + int(random() * 12):02d}-15" if relocated else ""
    safe_water = household[_HOUSEHOLD["饮水安全"]] == TRUE
    # 饮水安全's parts agree with the flag: all met when it is 是, one of them (at random) not met when 否.
    failing_part = -1 if safe_water else int(random() * 4)
    water = [flag(0.0) if part != failing_part else FALSE for part in range(4)]
    assert len(household) == len(_HOUSEHOLD) - _HOUSEHOLD_CRITERIA  # the contract's columns before them
    food, clothing = flag(FOOD_INSECURE), flag(CLOTHING_INSECURE)
    if exit_year is not None:  # exit was verified with 两不愁 (粤发〔2016〕13号; 2016 意见 吃穿不愁)
        food = clothing = TRUE
    household.extend([food, clothing, flag(1 - stable), TRUE if relocated else FALSE, keys, *water])
    for member in members:
        assert len(member) == len(_MEMBER) - _MEMBER_CRITERIA
        health = member[_MEMBER["辍学原因"]] == DropoutReason.HEALTH.value
        out = member[_MEMBER["失学辍学"]] == TRUE
        member.append((TRUE if random() < HOME_SCHOOLED else FALSE) if out and health else "")
