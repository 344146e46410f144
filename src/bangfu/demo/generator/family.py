"""Who lives in a household: relations, sexes, ages and surnames (before any other attribute).

Ages are as of the register's snapshot (31 December), so a person's age is the snapshot year minus the
birth year. Children are 20–32 years younger than the parent who heads the household, grandchildren
20–30 years younger than their parent; heads' parents 22–34 years older than the head.

Siblings (a couple's children; the grandchildren of a household) are at least two birth years apart, so
never less than a year apart (no twins are generated): when a household has no room for another child so
spaced, the member is an adult relative instead. ``youngest_age`` keeps a registered household's members born
before the snapshot year (its planned size is its size on 31 December of the year before, the year-end
definition the published counts use); ``newborn`` then adds a child born in the snapshot year on top.
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
SIBLING = Relation.SIBLING.value
#: Siblings are at least this many birth years apart (two: at least a year apart, whatever the dates).
MIN_SIBLING_GAP = 2
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


def _spaced(random: Any, taken: list[int], low: int, high: int, preferred: int | None = None) -> int | None:
    """An age in ``low``..``high`` at least ``MIN_SIBLING_GAP`` from every age in ``taken`` (``preferred``
    when it is such an age), or ``None`` when there is none."""

    def free(age: int) -> bool:
        return all(abs(age - other) >= MIN_SIBLING_GAP for other in taken)

    if preferred is not None and low <= preferred <= high and free(preferred):
        return preferred
    ages = [age for age in range(low, high + 1) if free(age)]
    return ages[int(random() * len(ages))] if ages else None


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
        self.youngest_age = 0  # of the household being composed

    def compose(
        self, rng: Random, size: int, has_labour: bool, need_student: bool, youngest_age: int = 0
    ) -> list[Person]:
        """``size`` people, head first, none younger than ``youngest_age``. ``need_student``: one child aged
        15–21 who is in school."""
        random = rng.random
        self.youngest_age = youngest_age
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
        low = max(youngest_age, head_age - MAX_PARENT_GAP)
        taken: list[int] = []
        preferred = eldest
        for number in range(slots):
            age = _spaced(random, taken, low, eldest, preferred)
            if age is None:
                people.append(self._relative(rng, head_age, surname, ethnicity))
                continue
            male = random() < 0.52
            child = Person(SON if male else DAUGHTER, male, age, father_surname, ethnicity)
            child.student = need_student and number == 0
            people.append(child)
            taken.append(age)
            preferred = age - MIN_SIBLING_GAP - int(random() * 3)  # 2–4 years younger
        return people

    def _relative(self, rng: Random, head_age: int, surname: str, ethnicity: str) -> Person:
        """An adult brother or sister of the head living in the household (no room for another child)."""
        age = min(90, max(18, head_age - 12 + int(rng.random() * 25)))
        male = rng.random() < 0.6
        return Person(SIBLING, male, age, surname, ethnicity)

    def newborn(self, rng: Random, people: list[Person]) -> bool:
        """Add a child born in the snapshot year (age 0) to a couple of child-bearing age, spaced from its
        siblings; whether one could be added."""
        in_law = next((p for p in people if p.relation in (DAUGHTER_IN_LAW, SON_IN_LAW)), None)
        if in_law is not None:
            child = next((p for p in people if p.relation in (SON, DAUGHTER)), None)
            if child is None:
                return False
            mother_age = child.age if in_law.male else in_law.age
            surname = in_law.surname if in_law.male else child.surname
            relation, siblings = GRANDCHILD, [p.age for p in people if p.relation == GRANDCHILD]
        else:
            women = [p.age for p in people if p.relation in (HEAD, SPOUSE) and not p.male]
            if (
                len([p for p in people if p.relation in (HEAD, SPOUSE)]) < 2
                or not women
                or people[0].age > 40
            ):
                return False
            mother_age, relation = women[0], SON
            siblings = [p.age for p in people if p.relation in (SON, DAUGHTER)]
            surname = next(p.surname for p in people if p.relation in (HEAD, SPOUSE) and p.male)
        if not 20 <= mother_age <= 40 or _spaced(rng.random, siblings, 0, 0) is None:
            return False
        male = rng.random() < 0.52
        if relation == SON and not male:
            relation = DAUGHTER
        people.append(Person(relation, male, 0, surname, people[0].ethnicity))
        return True

    def _dependants(
        self, rng: Random, people: list[Person], slots: int, head_age: int, surname: str, ethnicity: str
    ) -> None:
        """Members of a household without labour: grandchildren left with grandparents, or young children."""
        random = rng.random
        youngest_child = max(self.youngest_age, head_age - MAX_PARENT_GAP)
        oldest_child = min(15, head_age - MIN_PARENT_GAP)
        taken: list[int] = []
        for _ in range(slots):
            male = random() < 0.52
            if youngest_child <= oldest_child:
                age = _spaced(random, taken, youngest_child, oldest_child)
                relation = SON if male else DAUGHTER
            else:  # grandchildren left with grandparents
                age = _spaced(random, taken, self.youngest_age, min(15, head_age - 2 * MIN_PARENT_GAP))
                relation = GRANDCHILD
            if age is None:
                people.append(self._relative(rng, head_age, surname, ethnicity))
                continue
            taken.append(age)
            people.append(Person(relation, male, age, surname, ethnicity))

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
        low = max(self.youngest_age, parent_age - MAX_PARENT_GAP)
        taken: list[int] = []
        preferred = oldest
        for _ in range(slots - 2):
            age = _spaced(random, taken, low, max(oldest, low), preferred)
            if age is None:
                people.append(self._relative(rng, eldest + 25, surname, ethnicity))
                continue
            male = random() < 0.52
            people.append(Person(GRANDCHILD, male, age, grandchild_surname, ethnicity))
            taken.append(age)
            preferred = age - MIN_SIBLING_GAP - int(random() * 2)  # 2–3 years younger
