"""Who lives in a household: relations, sexes, ages and surnames (before any other attribute).

Ages are as of the register's snapshot (31 December), so a person's age is the snapshot year minus the
birth year. Children are 20–32 years younger than the parent who heads the household, grandchildren
20–30 years younger than their parent; heads' parents 22–34 years older than the head.
"""

from __future__ import annotations

from collections.abc import Mapping
from random import Random
from typing import Any

from bangfu.demo.generator.dist import Picker
from bangfu.demo.generator.people import Names
from bangfu.registry.choices import Relation

HEAD = Relation.HEAD.value
SPOUSE = Relation.SPOUSE.value
SON = Relation.SON.value
DAUGHTER = Relation.DAUGHTER.value
DAUGHTER_IN_LAW = Relation.DAUGHTER_IN_LAW.value
SON_IN_LAW = Relation.SON_IN_LAW.value
GRANDCHILD = Relation.GRANDCHILD.value
PARENT = Relation.PARENT.value
#: Children are at most this many years younger than their parent (and at least MIN_PARENT_GAP).
MAX_PARENT_GAP = 40
MIN_PARENT_GAP = 20


class Person:
    """One member while the household is being built; becomes a row of 成员.csv."""

    __slots__ = (
        "age",
        "dropout",
        "education",
        "ethnicity",
        "from_elsewhere",
        "health",
        "labour",
        "male",
        "relation",
        "school",
        "student",
        "surname",
    )

    def __init__(self, relation: str, male: bool, age: int, surname: str, ethnicity: str):
        self.relation = relation
        self.male = male
        self.age = age
        self.surname = surname
        self.ethnicity = ethnicity
        self.from_elsewhere = False  # ID number issued in another Shanwei county
        self.student = False  # must be in 高中/中职 or 高职/大专/本科 (因学 households)
        self.health = ""
        self.labour = ""
        self.school = ""
        self.education = ""
        self.dropout = ""  # 辍学原因 when out of school


def _younger(random: Any, age: int, oldest: int, spacing: int, parent_age: int) -> int:
    """The next sibling's age: 1..spacing years younger, or anywhere between the youngest possible
    (born when the parent was 40, and not before the snapshot) and the oldest when out of room."""
    youngest = max(0, parent_age - MAX_PARENT_GAP)
    younger = age - 1 - int(random() * spacing)
    if younger >= youngest:
        return younger
    return youngest + int(random() * (oldest - youngest + 1))


def _triangle(spec: Mapping[str, Any]) -> tuple[float, float, float]:
    return float(spec["low"]), float(spec["high"]) + 0.999, float(spec["mode"])


class Families:
    """Draws a household's composition from the profile's ``[people]`` shapes."""

    def __init__(self, params: Mapping[str, Any], names: Names):
        people = params["people"]
        self.names = names
        self.head_male = float(people["head_male"]["value"])
        self.head_male_without_labour = float(people["head_male_without_labour"]["value"])
        self.head_small = _triangle(people["head_age_with_labour"])
        self.head_large = _triangle(people["head_age_with_labour_large"])
        self.head_without_labour = _triangle(people["head_age_without_labour"])
        younger = people["younger_head_without_labour"]
        self.younger_share = float(younger["value"])
        self.younger_low, self.younger_span = (
            int(younger["low"]),
            int(younger["high"]) - int(younger["low"]) + 1,
        )
        self.spouse = float(people["spouse"]["value"])
        self.spouse_elderly = float(people["spouse"]["elderly"])
        self.spouse_elsewhere = float(people["spouse_other_county"]["value"])
        self.parents = float(people["parents"]["value"])
        self.married_child = float(people["married_child"]["value"])
        self.ethnicities: Picker[str] = Picker.from_mapping(people["ethnicity"]["weights"])

    def compose(self, rng: Random, size: int, has_labour: bool, need_student: bool) -> list[Person]:
        """``size`` people, head first. ``need_student``: one child aged 15–21 who is in school."""
        random = rng.random
        names = self.names
        student_age = 15 + int(random() * 7) if need_student else 0
        if has_labour:
            if need_student:  # a parent 20–36 years older than the student
                head_age = student_age + 20 + int(random() * 17)
            else:
                head_age = int(rng.triangular(*(self.head_small if size <= 2 else self.head_large)))
            head_male = random() < self.head_male
        else:
            if random() < self.younger_share:
                head_age = self.younger_low + int(random() * self.younger_span)
            else:
                head_age = int(rng.triangular(*self.head_without_labour))
            head_male = random() < self.head_male_without_labour
        surname = names.surname(rng)
        ethnicity = self.ethnicities.pick(rng)
        head = Person(HEAD, head_male, head_age, surname, ethnicity)
        people = [head]
        slots = size - 1
        father_surname = surname
        reserved = 1 if need_student else 0  # the student's place
        if slots > reserved and random() < (self.spouse if head_age < 75 else self.spouse_elderly):
            gap = int(random() * 7)
            spouse_age = head_age - gap + 2 if head_male else head_age + gap - 2
            spouse = Person(
                SPOUSE,
                not head_male,
                min(max(spouse_age, 20), 98),
                names.other_surname(rng, surname),
                self.ethnicities.pick(rng),
            )
            spouse.from_elsewhere = random() < self.spouse_elsewhere
            people.append(spouse)
            slots -= 1
            if not head_male:
                father_surname = spouse.surname
        if not slots:
            return people
        if not has_labour:
            self._dependants(rng, people, slots, head_age, father_surname, ethnicity)
            return people
        if head_age <= 58 and slots > reserved and random() < self.parents:
            slots -= self._parents(rng, people, slots - reserved, head_age, surname, ethnicity)
            if not slots:
                return people
        if need_student:
            eldest = student_age
        else:
            eldest = head_age - MIN_PARENT_GAP - int(random() * min(13, head_age - MIN_PARENT_GAP + 1))
        if not need_student and eldest >= 24 and slots >= 3 and random() < self.married_child:
            self._married_child(rng, people, slots, eldest, father_surname, ethnicity)
            return people
        age = eldest
        for number in range(slots):
            male = random() < 0.52
            child = Person(SON if male else DAUGHTER, male, age, father_surname, ethnicity)
            child.student = need_student and number == 0
            people.append(child)
            age = _younger(random, age, eldest, 4, head_age)
        return people

    def _dependants(
        self, rng: Random, people: list[Person], slots: int, head_age: int, surname: str, ethnicity: str
    ) -> None:
        """Members of a household without labour: grandchildren left with grandparents, or young children."""
        random = rng.random
        youngest_child = max(0, head_age - MAX_PARENT_GAP)
        oldest_child = min(15, head_age - MIN_PARENT_GAP)
        for _ in range(slots):
            male = random() < 0.52
            if youngest_child <= oldest_child:
                age = youngest_child + int(random() * (oldest_child - youngest_child + 1))
                people.append(Person(SON if male else DAUGHTER, male, age, surname, ethnicity))
            else:  # grandchildren left with grandparents
                age = int(random() * (min(15, head_age - 2 * MIN_PARENT_GAP) + 1))
                people.append(Person(GRANDCHILD, male, age, surname, ethnicity))

    def _parents(
        self, rng: Random, people: list[Person], slots: int, head_age: int, surname: str, ethnicity: str
    ) -> int:
        random = rng.random
        father_age = min(96, head_age + 22 + int(random() * 13))
        if slots >= 2 and random() < 0.4:
            mother_age = max(head_age + 20, father_age - int(random() * 6))
            people.append(Person(PARENT, True, father_age, surname, ethnicity))
            people.append(
                Person(PARENT, False, mother_age, self.names.other_surname(rng, surname), ethnicity)
            )
            return 2
        male = random() < 0.3
        parent_surname = surname if male else self.names.other_surname(rng, surname)
        people.append(Person(PARENT, male, father_age, parent_surname, ethnicity))
        return 1

    def _married_child(
        self, rng: Random, people: list[Person], slots: int, eldest: int, surname: str, ethnicity: str
    ) -> None:
        """A married son (or, less often, daughter) with spouse and children."""
        random = rng.random
        names = self.names
        son = random() < 0.85
        child = Person(SON if son else DAUGHTER, son, eldest, surname, ethnicity)
        in_law_age = max(20, eldest - 3 + int(random() * 6))
        in_law = Person(
            DAUGHTER_IN_LAW if son else SON_IN_LAW,
            not son,
            in_law_age,
            names.other_surname(rng, surname),
            self.ethnicities.pick(rng),
        )
        in_law.from_elsewhere = random() < self.spouse_elsewhere
        people.append(child)
        people.append(in_law)
        grandchild_surname = surname if son else in_law.surname
        parent_age = min(eldest, in_law_age)
        oldest = parent_age - MIN_PARENT_GAP - int(random() * min(11, parent_age - MIN_PARENT_GAP + 1))
        age = oldest
        for _ in range(slots - 2):
            male = random() < 0.52
            people.append(Person(GRANDCHILD, male, age, grandchild_surname, ethnicity))
            age = _younger(random, age, oldest, 3, parent_age)
