"""Members' attributes (health, schooling, labour, insurance, assistance) and their 成员.csv rows.

Attributes follow age and health, then the household's facts are enforced: a household planned with
labour gets at least one member with labour, one planned without gets none, and the main cause of
poverty (主要致贫原因) is made true of its members (因病 → someone ill, 因残 → someone disabled,
因学 → a student, 缺劳动力 → at most a quarter of the members with labour).
"""

from __future__ import annotations

from collections.abc import Mapping
from random import Random
from typing import Any

from bangfu.demo.generator.dist import Picker
from bangfu.demo.generator.family import HEAD, Person
from bangfu.registry.choices import (
    LABOUR_ABILITIES_WITH_LABOUR,
    DropoutReason,
    Education,
    Health,
    LabourAbility,
    PovertyCause,
    SchoolStatus,
    Sex,
)
from bangfu.registry.contract import FALSE, TRUE

HEALTHY, CHRONIC, SERIOUS, DISABLED = (
    h.value for h in (Health.HEALTHY, Health.CHRONIC, Health.SERIOUS, Health.DISABLED)
)
HEALTH_ORDER = (HEALTHY, CHRONIC, SERIOUS, DISABLED)
LABOUR_ORDER = tuple(
    ability.value
    for ability in (
        LabourAbility.ORDINARY,
        LabourAbility.SKILLED,
        LabourAbility.WEAK,
        LabourAbility.LOST,
        LabourAbility.NONE,
    )
)
ORDINARY, SKILLED, WEAK, LOST, NONE = LABOUR_ORDER
WITH_LABOUR = frozenset(ability.value for ability in LABOUR_ABILITIES_WITH_LABOUR)
EDUCATION_ORDER = tuple(level.value for level in Education)
SCHOOL_BY_AGE = (
    [SchoolStatus.PRESCHOOL_CHILD.value] * 3
    + [SchoolStatus.PRESCHOOL_EDUCATION.value] * 3
    + [SchoolStatus.PRIMARY.value] * 6
    + [SchoolStatus.GRADES_7_9.value] * 3
)
SENIOR = SchoolStatus.SENIOR_OR_VOCATIONAL.value
HIGHER = SchoolStatus.HIGHER_VOCATIONAL_OR_UNIVERSITY.value
ILLITERATE, PRIMARY_EDUCATION, JUNIOR = (
    Education.ILLITERATE.value,
    Education.PRIMARY.value,
    Education.JUNIOR.value,
)
DROPOUT_HEALTH, DROPOUT_OTHER = DropoutReason.HEALTH.value, DropoutReason.OTHER.value
CAUSE_ILLNESS = PovertyCause.ILLNESS.value
CAUSE_DISABILITY = PovertyCause.DISABILITY.value
CAUSE_SCHOOLING = PovertyCause.SCHOOLING.value
CAUSE_LABOUR = PovertyCause.LACK_OF_LABOUR.value
MALE, FEMALE = Sex.MALE.value, Sex.FEMALE.value
MAX_AGE = 120


def _by_age(bands: Mapping[str, Any], values: tuple[str, ...]) -> list[Picker[str]]:
    """A picker for every age 0..MAX_AGE from ``{lower bound of band: weights}`` (key "source" ignored)."""
    lows = sorted((int(key), weights) for key, weights in bands.items() if key != "source")
    pickers = []
    for age in range(MAX_AGE + 1):
        weights = next((w for low, w in reversed(lows) if low <= age), lows[0][1])
        pickers.append(Picker(values, weights))
    return pickers


class Attributes:
    """Assigns members' attributes and enforces the household's facts."""

    def __init__(self, params: Mapping[str, Any]):
        people = params["people"]
        self.health = _by_age(people["health"], HEALTH_ORDER)
        self.education = _by_age(people["education"], EDUCATION_ORDER)
        labour = people["labour"]
        self.labour = {
            name: Picker(LABOUR_ORDER, weights) for name, weights in labour.items() if name != "source"
        }
        self.working = {
            HEALTHY: self.labour["working_healthy"],
            CHRONIC: self.labour["working_chronic"],
            SERIOUS: self.labour["working_serious"],
            DISABLED: self.labour["working_disabled"],
        }
        self.senior_in_school = float(people["school"]["senior_in_school"]["value"])
        self.higher_in_school = float(people["school"]["higher_in_school"]["value"])
        self.dropout_other = float(people["dropout_other"]["value"])
        self.dropout_health = float(people["dropout_health"]["value"])

    def assign(self, rng: Random, people: list[Person], has_labour: bool, cause: str) -> None:
        random = rng.random
        health = self.health
        for person in people:
            person.health = health[min(person.age, MAX_AGE)].pick(rng)
        if cause == CAUSE_ILLNESS and not any(p.health in (CHRONIC, SERIOUS) for p in people):
            adults = [p for p in people if p.age >= 16] or people
            adults[int(random() * len(adults))].health = CHRONIC if random() < 0.6 else SERIOUS
        elif cause == CAUSE_DISABILITY and not any(p.health == DISABLED for p in people):
            people[int(random() * len(people))].health = DISABLED
        for person in people:
            self._schooling(rng, person, has_labour)
            self._labour(rng, person)
        if has_labour:
            self._ensure_labour(people)
            if cause == CAUSE_LABOUR:
                self._limit_labour(rng, people, max(1, len(people) // 4))
        else:
            self._limit_labour(rng, people, 0)

    def _schooling(self, rng: Random, person: Person, has_labour: bool) -> None:
        age = person.age
        if age < 15:
            if age >= 6 and person.health in (SERIOUS, DISABLED) and rng.random() < self.dropout_health:
                person.dropout = DROPOUT_HEALTH
                person.education = PRIMARY_EDUCATION if age >= 9 else ILLITERATE
            else:
                person.school = SCHOOL_BY_AGE[age]
        elif age <= 17:
            if person.student or rng.random() < self.senior_in_school:
                person.school = SENIOR
            else:
                person.education = JUNIOR
        elif age <= 21 and (person.student or rng.random() < self.higher_in_school):
            person.school = HIGHER
        elif 18 <= age <= 19 and has_labour and rng.random() < self.dropout_other:
            # Left school early: was out of school while of compulsory-education age in earlier years.
            person.dropout = DROPOUT_OTHER
            person.education = JUNIOR if rng.random() < 0.7 else PRIMARY_EDUCATION
        else:
            person.education = self.education[min(age, MAX_AGE)].pick(rng)

    def _labour(self, rng: Random, person: Person) -> None:
        age = person.age
        if age < 16 or person.school:
            person.labour = NONE
        elif age < 60:
            person.labour = self.working[person.health].pick(rng)
        elif age < 70:
            picker = self.labour["senior_healthy" if person.health == HEALTHY else "senior_ill"]
            person.labour = picker.pick(rng)
        else:
            person.labour = self.labour["elderly"].pick(rng)

    @staticmethod
    def _ensure_labour(people: list[Person]) -> None:
        if any(p.labour in WITH_LABOUR for p in people):
            return
        candidates = [p for p in people if 16 <= p.age < 70 and not p.school]
        if not candidates:  # rare: only elderly and children; an elderly member still farms a little
            candidates = [p for p in people if p.age >= 16 and not p.school] or people[:1]
        best = min(candidates, key=lambda p: (p.health != HEALTHY, p.relation != HEAD, p.age))
        best.labour = ORDINARY if best.health == HEALTHY and best.age < 60 else WEAK

    @staticmethod
    def _limit_labour(rng: Random, people: list[Person], allowed: int) -> None:
        """Keep at most ``allowed`` members with labour (the head first); the others lose theirs."""
        labourers = [p for p in people if p.labour in WITH_LABOUR]
        labourers.sort(key=lambda p: p.relation != HEAD)
        for person in labourers[allowed:]:
            if person.health == HEALTHY:
                if person.age >= 60:
                    person.health = CHRONIC
                else:
                    person.health = DISABLED if rng.random() < 0.5 else SERIOUS
            person.labour = LOST


class Coverage:
    """Insurance, assistance and work months of members, and their 成员.csv rows."""

    def __init__(self, params: Mapping[str, Any]):
        people = params["people"]
        self.employee = float(people["employee_insurance"]["value"])
        self.newborn_not_enrolled = float(people["newborn_not_enrolled"]["value"])
        self.ordinary_uninsured = float(people["ordinary_uninsured"]["value"])
        self.pension = float(people["pension"]["value"])

    def row(
        self,
        rng: Random,
        person: Person,
        code: str,
        name: str,
        id_number: str,
        birth_date: str,
        registered: bool,
        dibao: str,
        tekun: str,
    ) -> list[Any]:
        random = rng.random
        labour = person.labour
        age = person.age
        if labour in (ORDINARY, SKILLED):
            months: Any = 12 - int(random() * random() * 10)
        elif labour == WEAK:
            months = int(random() * 7)
        else:
            months = ""
        if (age == 0 and registered and random() < self.newborn_not_enrolled) or (
            not registered and random() < self.ordinary_uninsured
        ):
            resident = employee = critical = FALSE
        elif 18 <= age < 60 and months != "" and months >= 10 and labour != WEAK and random() < self.employee:
            resident, employee, critical = FALSE, TRUE, TRUE
        else:
            resident, employee, critical = TRUE, FALSE, TRUE
        pension = TRUE if age >= 16 and not person.school and random() < self.pension else FALSE
        return [
            code,
            name,
            id_number,
            person.relation,
            MALE if person.male else FEMALE,
            birth_date,
            person.ethnicity,
            person.education,
            person.school,
            person.health,
            labour,
            months,
            resident,
            employee,
            critical,
            pension,
            dibao,
            tekun,
            TRUE if person.dropout else FALSE,
            person.dropout,
        ]
