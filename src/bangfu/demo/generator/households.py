"""Households: the plan drawn in both passes, and the full records written in pass 2.

A village's *plan* (sizes, labour, attribute, identification year, raw incomes) comes from its own
generator ("plan"), so pass 1 can redraw it cheaply to sum the raw incomes for calibration. Everything
else (members, causes, housing, income rows) comes from a second generator ("people") used in pass 2 only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from random import Random
from typing import Any

from bangfu.demo.generator.dist import Picker, village_rng
from bangfu.demo.generator.family import Families, Person
from bangfu.demo.generator.incomes import IncomeModel
from bangfu.demo.generator.members import CAUSE_LABOUR, CAUSE_SCHOOLING, DROPOUT_OTHER, Attributes, Coverage
from bangfu.demo.generator.people import IdIssuer, Names, Phones
from bangfu.demo.generator.profile import Profile, value
from bangfu.demo.generator.villages import Village
from bangfu.registry.choices import HouseholdAttribute, HousingGrade, PovertyCause
from bangfu.registry.contract import FALSE, TRUE

GENERAL = HouseholdAttribute.GENERAL_POOR.value
DIBAO = HouseholdAttribute.DIBAO_POOR.value
TEKUN = HouseholdAttribute.TEKUN_POOR.value
ORDINARY = HouseholdAttribute.ORDINARY.value
DANGEROUS = frozenset((HousingGrade.C.value, HousingGrade.D.value))
MAX_SIZE = 10
#: Born on or before this day of the year → 16 on 31 August of the year they turn 16.
SCHOOL_YEAR_CUTOFF = "08-31"


@dataclass(slots=True)
class HouseholdPlan:
    size: int
    registered: bool
    has_labour: bool
    attribute: str
    identified_year: int | None = None
    base: float = 0.0  # raw per-capita net income in the baseline year
    peak: float = 0.0  # raw per-capita net income in the end year (2020)


def _ints(weights: Mapping[str, float]) -> dict[int, float]:
    return {int(key): weight for key, weight in weights.items()}


class Planner:
    def __init__(self, profile: Profile, incomes: IncomeModel, seed: int):
        households = profile.params["households"]
        self.seed = seed
        self.incomes = incomes
        self.sizes: Picker[int] = Picker.from_mapping(_ints(households["size"]["weights"]))
        self.ordinary_sizes: Picker[int] = Picker.from_mapping(_ints(households["ordinary_size"]["weights"]))
        by_size = _ints(households["no_labour_by_size"]["values"])
        largest = max(by_size)
        self.no_labour = [by_size.get(min(size, largest), 0.0) for size in range(MAX_SIZE + 1)]
        self.ordinary_no_labour = float(value(households["ordinary_no_labour"]))
        self.tekun_small = float(value(households["tekun_among_small_no_labour"]))
        self.dibao_labour = float(value(households["dibao_among_labour"]))
        self.identified: Picker[int] = Picker.from_mapping(_ints(households["identified_year"]["weights"]))

    def plan(self, village: Village) -> list[HouseholdPlan]:
        rng = village_rng(self.seed, "plan", village.index)
        random = rng.random
        sizes = [self.sizes.pick(rng) for _ in range(village.registered)]
        if village.member_target is not None:
            self._hit_target(rng, sizes, village.member_target)
        plans = []
        for size in sizes:
            has_labour = random() >= self.no_labour[size]
            if has_labour:
                attribute = DIBAO if random() < self.dibao_labour else GENERAL
            else:
                attribute = TEKUN if size <= 2 and random() < self.tekun_small else DIBAO
            base, peak = self.incomes.draw_raw(rng, has_labour, size, attribute == DIBAO)
            plans.append(
                HouseholdPlan(size, True, has_labour, attribute, self.identified.pick(rng), base, peak)
            )
        for _ in range(village.ordinary):
            size = self.ordinary_sizes.pick(rng)
            plans.append(HouseholdPlan(size, False, random() >= self.ordinary_no_labour, ORDINARY))
        rng.shuffle(plans)
        return plans

    @staticmethod
    def _hit_target(rng: Random, sizes: list[int], target: int) -> None:
        """Adjust sizes by ±1 on random households (kept in 1..10) until they sum to ``target``."""
        difference = target - sum(sizes)
        count = len(sizes)
        if difference and not count <= target <= MAX_SIZE * count:
            raise ValueError(f"cannot place {target} members in {count} households")
        while difference:
            i = int(rng.random() * count)
            if difference > 0 and sizes[i] < MAX_SIZE:
                sizes[i] += 1
                difference -= 1
            elif difference < 0 and sizes[i] > 1:
                sizes[i] -= 1
                difference += 1


class Builder:
    """Builds a household's rows: 户, 成员 and 收入."""

    def __init__(self, profile: Profile, incomes: IncomeModel, issuer: IdIssuer):
        params = profile.params
        households = params["households"]
        self.as_of_year = int(str(value(params["snapshot"]["as_of"]))[:4])
        self.incomes = incomes
        self.issuer = issuer
        self.names = Names(params)
        self.phones = Phones(params)
        self.families = Families(params, self.names)
        self.newborn = float(params["people"]["newborn"]["value"])
        self.attributes = Attributes(params)
        self.coverage = Coverage(params)
        causes = households["causes"]
        valid = {cause.value for cause in PovertyCause}
        for group in ("with_labour", "without_labour"):
            unknown = set(causes[group]) - valid
            if unknown:
                raise ValueError(f"unknown poverty causes in the profile: {sorted(unknown)}")
        self.causes_with_labour: Picker[str] = Picker.from_mapping(causes["with_labour"])
        self.causes_without_labour: Picker[str] = Picker.from_mapping(causes["without_labour"])
        self.housing: Picker[str] = Picker.from_mapping(households["housing"]["weights"])
        self.ordinary_housing: Picker[str] = Picker.from_mapping(households["ordinary_housing"]["weights"])
        self.ordinary_renovated = float(value(households["ordinary_renovated"]))
        self.ordinary_unsafe_water = float(value(households["ordinary_unsafe_water"]))
        self.prefixes = sorted({county.id_prefix for county in profile.counties})

    def _cause(self, rng: Random, plan: HouseholdPlan) -> str:
        picker = self.causes_with_labour if plan.has_labour else self.causes_without_labour
        for _ in range(50):
            cause = picker.pick(rng)
            if cause == CAUSE_SCHOOLING and (plan.size < 2 or not plan.has_labour):
                continue
            if cause == CAUSE_LABOUR and plan.has_labour and plan.size < 4:
                continue
            return cause
        return PovertyCause.OTHER.value

    def family(self, rng: Random, plan: HouseholdPlan) -> tuple[str, list[Person]]:
        """(poverty cause, people) of a household, from the village's own *family* generator, so that pass 1
        can draw the same people as pass 2 (the year-end sizes the incomes are calibrated on)."""
        registered = plan.registered
        cause = self._cause(rng, plan) if registered else ""
        # A registered household's planned size is its size on 31 December of the year before the snapshot
        # (the year-end definition of R4): nobody in it is born in the snapshot year, and a child born then
        # is added on top (the published counts of 2020 do not include it).
        people = self.families.compose(
            rng, plan.size, plan.has_labour, cause == CAUSE_SCHOOLING, 1 if registered else 0
        )
        if registered and plan.size < MAX_SIZE and rng.random() < self.newborn:
            self.families.newborn(rng, people)
        return cause, people

    def birth_years(self, people: list[Person]) -> list[int]:
        return [self.as_of_year - person.age for person in people]

    def build(
        self, rng: Random, village: Village, plan: HouseholdPlan, code: str, family: tuple[str, list[Person]]
    ) -> tuple[list[Any], list[list[Any]], list[list[Any]], int | None]:
        """(household row, member rows, income rows, exit year) of one household, whose ``family`` (cause,
        people) was drawn by ``family``."""
        random = rng.random
        registered = plan.registered
        cause, people = family
        births = self.birth_years(people)
        self.attributes.assign(rng, people, plan.has_labour, cause)
        dibao = TRUE if plan.attribute == DIBAO else FALSE
        tekun = TRUE if plan.attribute == TEKUN else FALSE
        home_prefix = village.county.id_prefix
        education_year = 0
        member_rows = []
        issue = self.issuer.issue
        for person in people:
            prefix = home_prefix
            if person.from_elsewhere:
                others = [p for p in self.prefixes if p != home_prefix]
                prefix = others[int(random() * len(others))] if others else home_prefix
            birth_year = self.as_of_year - person.age
            id_number, birth_date = issue(prefix, birth_year, person.male)
            if person.dropout == DROPOUT_OTHER:
                sixteen = birth_year + 16 if birth_date[5:] <= SCHOOL_YEAR_CUTOFF else birth_year + 17
                education_year = max(education_year, sixteen)
            name = person.surname + self.names.given(rng, person.male)
            member_rows.append(
                self.coverage.row(rng, person, code, name, id_number, birth_date, registered, dibao, tekun)
            )
        if registered:
            assert plan.identified_year is not None
            income_rows, exit_year = self.incomes.registered(
                rng,
                code,
                births,
                plan.has_labour,
                plan.attribute,
                plan.identified_year,
                plan.base,
                plan.peak,
                education_year,
            )
            grade = self.housing.pick(rng)
            renovated = TRUE if grade in DANGEROUS else ""
            water = TRUE
        else:
            income_rows = self.incomes.ordinary(rng, code, plan.size, plan.has_labour)
            exit_year = None
            grade = self.ordinary_housing.pick(rng)
            renovated = (TRUE if random() < self.ordinary_renovated else FALSE) if grade in DANGEROUS else ""
            water = FALSE if random() < self.ordinary_unsafe_water else TRUE
        household_row = [
            code,
            village.code,
            member_rows[0][2],
            plan.attribute,
            plan.identified_year or "",
            exit_year or "",
            cause,
            grade,
            renovated,
            water,
            self.phones.draw(rng),
        ]
        return household_row, member_rows, income_rows, exit_year


def people_rng(seed: int, village: Village) -> Random:
    return village_rng(seed, "people", village.index)


def family_rng(seed: int, village: Village) -> Random:
    """The generator of a village's households' causes and people (drawn in both passes)."""
    return village_rng(seed, "family", village.index)
