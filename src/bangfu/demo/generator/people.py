"""People's identities: names, resident ID numbers (证件号码) and phone numbers.

ID numbers are unique across the whole register without remembering them: each (region prefix, birth
year, sex) bucket counts the people issued so far, and the counter is mapped to a (day of year,
sequence number) slot through a fixed bijection of ``range(days × 500)``, so numbers look scattered but
never collide. The check digit comes from python-stdnum.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from functools import cache
from math import gcd
from random import Random
from typing import Any

from stdnum.cn.ric import calc_check_digit

from bangfu.demo.generator.dist import GenerationError, Picker, stable_offset

#: Sequence numbers per sex per day: the 3-digit sequence 000–999, odd for men and even for women.
SEQUENCES_PER_SEX = 500
#: Multiplier of the slot bijection; a prime, so coprime with 365 × 500 and 366 × 500.
SLOT_MULTIPLIER = 104_729

assert gcd(SLOT_MULTIPLIER, 365 * SEQUENCES_PER_SEX) == 1 == gcd(SLOT_MULTIPLIER, 366 * SEQUENCES_PER_SEX)


@cache
def birth_dates(year: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Every day of ``year`` as ``YYYYMMDD`` (for IDs) and ``YYYY-MM-DD`` (for the 出生日期 column)."""
    first = datetime.date(year, 1, 1)
    days = (datetime.date(year + 1, 1, 1) - first).days
    dates = [first + datetime.timedelta(days=offset) for offset in range(days)]
    return tuple(day.strftime("%Y%m%d") for day in dates), tuple(day.isoformat() for day in dates)


def check_digit(body: str) -> str:
    """The 18th character for a 17-digit body (stdnum expects the number with a check digit slot)."""
    return calc_check_digit(body + "0")


class IdIssuer:
    """Issues unique 18-digit ID numbers, with the birth date and sex they encode."""

    __slots__ = ("buckets", "seed")

    def __init__(self, seed: int):
        self.seed = seed
        # (prefix, year, male) → [issued, modulus, offset, compact dates, iso dates]
        self.buckets: dict[tuple[str, int, bool], list[Any]] = {}

    def issue(self, prefix: str, year: int, male: bool) -> tuple[str, str]:
        """A new ID number for someone born in ``year`` in region ``prefix``; returns (number, birth date)."""
        key = (prefix, year, male)
        bucket = self.buckets.get(key)
        if bucket is None:
            compact, iso = birth_dates(year)
            modulus = len(compact) * SEQUENCES_PER_SEX
            offset = stable_offset(f"{self.seed}/{prefix}/{year}/{int(male)}", modulus)
            bucket = self.buckets[key] = [0, modulus, offset, compact, iso]
        issued = bucket[0]
        if issued >= bucket[1]:
            sex = "男" if male else "女"
            raise GenerationError(
                f"身份证号码已用完：地区 {prefix}、{year} 年出生的{sex}性超过 {bucket[1]} 人 / "
                f"ID numbers exhausted for region {prefix}, born {year}, sex {sex}"
            )
        bucket[0] = issued + 1
        day, sequence = divmod((issued * SLOT_MULTIPLIER + bucket[2]) % bucket[1], SEQUENCES_PER_SEX)
        body = f"{prefix}{bucket[3][day]}{2 * sequence + male:03d}"
        return body + calc_check_digit(body + "0"), bucket[4][day]


def _unique_characters(text: str) -> str:
    return "".join(dict.fromkeys(character for character in text if not character.isspace()))


class Names:
    """Chinese names: weighted Shanwei surnames, given names of one or two characters by sex."""

    __slots__ = ("female", "male", "surnames", "two_characters")

    def __init__(self, params: Mapping[str, Any]):
        people = params["people"]
        self.surnames: Picker[str] = Picker.from_mapping(people["surnames"]["weights"])
        self.male = _unique_characters(people["given_names"]["male"])
        self.female = _unique_characters(people["given_names"]["female"])
        self.two_characters = float(people["two_character_given_name"]["value"])

    def surname(self, rng: Random) -> str:
        return self.surnames.pick(rng)

    def other_surname(self, rng: Random, avoid: str) -> str:
        """A surname different from ``avoid`` (spouses, in-laws)."""
        while True:
            surname = self.surnames.pick(rng)
            if surname != avoid:
                return surname

    def given(self, rng: Random, male: bool) -> str:
        pool = self.male if male else self.female
        size = len(pool)
        first = pool[int(rng.random() * size)]
        if rng.random() < self.two_characters:
            return first + pool[int(rng.random() * size)]
        return first


class Phones:
    """11-digit mobile numbers, for the share of households that gave one."""

    __slots__ = ("prefixes", "share")

    def __init__(self, params: Mapping[str, Any]):
        households = params["households"]
        self.share = float(households["phone"]["value"])
        self.prefixes = tuple(households["phone_prefixes"]["values"])

    def draw(self, rng: Random) -> str:
        if rng.random() >= self.share:
            return ""
        prefix = self.prefixes[int(rng.random() * len(self.prefixes))]
        return f"{prefix}{int(rng.random() * 100_000_000):08d}"
