"""Checks across rows and sheets (跨表核对): uniqueness in the file, references between sheets and to the
database, exactly one 户主 per household matching 户主证件号码.

Memory: only what the cross-references need — the file's village and household codes, its ID numbers, each
household's head, and years seen per household as bits. Households referred to but not in the file are looked
up in the database in batches at the end. Matching ID numbers against the database (members moving between
households) is the apply step's work, not validation's.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from bangfu.core.bulk import batched
from bangfu.regions.models import Division, Level
from bangfu.registry import choices, contract
from bangfu.registry.importing.identity import gb2260_county_codes
from bangfu.registry.importing.issues import Problem
from bangfu.registry.importing.normalise import cell_text
from bangfu.registry.importing.sources import SourceRow
from bangfu.registry.models import Household, Village

LOOKUP_BATCH = 500


@cache
def shipped_county_codes() -> frozenset[str]:
    """The county-level divisions in ``regions/data/shanwei.toml`` (12-digit codes)."""
    text = resources.files("bangfu.regions").joinpath("data", "shanwei.toml").read_text(encoding="utf-8")
    return frozenset(row["code"] for row in tomllib.loads(text)["division"] if row["level"] == "county")


@dataclass(frozen=True, slots=True)
class LateProblem:
    """A problem known only once every sheet is read, located already."""

    sheet: str
    row: int | None
    value: str
    problem: Problem


_CONFUSABLES = str.maketrans({"O": "0", "o": "0", "〇": "0", "I": "1", "l": "1", "L": "1"})


def _loose(text: str) -> str:
    """A code with look-alike letters read as digits and everything but digits dropped."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).translate(_CONFUSABLES) if ch.isdigit())


class Unreadable:
    """Key cells (户编号, 行政区划代码) that could not be read: which codes their rows may stand for.

    A row whose key cannot be read still exists for the cross-sheet checks: a reference to a code that is
    nowhere else is not reported when such a row may be it — the unreadable cell is the error. A cell whose
    digits, with look-alike letters read as digits (O → 0, l → 1), make a code of the right length stands for
    that code; any other unreadable cell may stand for any code.
    """

    def __init__(self, length: int):
        self.length = length
        self.repaired: set[str] = set()
        self.anything = False

    def add(self, cell) -> None:
        text = cell_text(cell).strip()
        if not text:
            return  # an empty key cell is not a row that something else may refer to
        digits = _loose(text)
        if len(digits) == self.length:
            self.repaired.add(digits)
        else:
            self.anything = True

    def may_be(self, code: str) -> bool:
        return self.anything or code in self.repaired


class References:
    def __init__(self):
        self.villages: dict[str, int] = {}  # 村 division code → row
        self.households: dict[str, tuple[int, str, str]] = {}  # code → (row, head ID typed, as given)
        self.heads: dict[str, tuple[int, str]] = {}  # household code → (member row, ID number)
        self.id_numbers: dict[str, int] = {}  # 证件号码 → member row
        self.elsewhere: dict[str, list[tuple[str, int, str]]] = {}  # household code not in 户 → its rows
        self.income_years: dict[str, int] = {}  # household code → bit per year seen
        self.stats_years: dict[str, int] = {}  # village code → bit per year seen
        self.villages_readable = self.households_readable = self.members_readable = True
        # Rows whose key cell could not be read still exist (issue 11 item 5): what they may be.
        self.unreadable_villages = Unreadable(12)
        self.unreadable_households = Unreadable(16)
        # 户编号 (read as digits) of rows that may be a head but whose household is not found: a household of the
        # file whose code reads the same may have its head there
        self.unplaced_heads: set[str] = set()
        self.head_unknown: set[str] = set()  # households with a member whose 与户主关系 cannot be read
        self.elsewhere_heads: set[str] = set()  # 户编号 not in 户 named by (perhaps) a head's row

    @cached_property
    def database_villages(self) -> frozenset[str]:
        return frozenset(Village.objects.values_list("division__code", flat=True))

    @cached_property
    def system_counties(self) -> frozenset[str]:
        """County-level divisions in the database, and those Bangfu ships (the apply step loads them)."""
        codes = set(Division.objects.filter(level=Level.COUNTY).values_list("code", flat=True))
        return frozenset(code[:6] for code in codes | shipped_county_codes())

    def village(self, values: dict, row: SourceRow) -> list[Problem]:
        """村: the code is unique in the file and lies in a known county-level division that the system has."""
        code = values["division_code"]
        if code is None:
            self.unreadable_villages.add(row.cells["行政区划代码"])
            return []
        if code in self.villages:
            return [Problem("行政区划代码", "duplicate", {"first": self.villages[code]})]
        self.villages[code] = row.number
        county = code[:6]
        if county in self.system_counties:
            return []
        if county in gb2260_county_codes():
            return [Problem("行政区划代码", "county_not_in_system", {"county": county})]
        return [Problem("行政区划代码", "division_county", {"county": county})]

    def household(self, values: dict, row: SourceRow) -> list[Problem]:
        """户: 户编号 unique in the file; its village in 村 or in the database."""
        problems = []
        code, village = values["code"], values["village_code"]
        if not code:
            self.unreadable_households.add(row.cells["户编号"])
        if code:
            if code in self.households:
                problems.append(Problem("户编号", "duplicate", {"first": self.households[code][0]}))
            else:
                head_as_given = cell_text(row.cells["户主证件号码"])
                self.households[code] = (row.number, values["head_id_number"] or "", head_as_given)
        if village is not None and not self._village_known(village):
            problems.append(Problem("行政区划代码", "village_unknown", {"code": village}))
        return problems

    def _village_known(self, code: str) -> bool:
        return (
            not self.villages_readable
            or code in self.villages
            or self.unreadable_villages.may_be(code)
            or code in self.database_villages
        )

    def _household_known(self, code: str, sheet: str, row: SourceRow) -> bool:
        """In 户 of the file (or 户 unreadable: not checked); otherwise looked up in the database later."""
        if not self.households_readable or code in self.households:
            return True
        self.elsewhere.setdefault(code, []).append((sheet, row.number, cell_text(row.cells["户编号"])))
        return False

    def member(self, values: dict, source_row: SourceRow) -> list[Problem]:
        """成员: 证件号码 unique in the file; the household's one 户主."""
        problems = []
        row = source_row.number
        code, number = values["household_code"], values["id_number"]
        if number:
            if number in self.id_numbers:
                problems.append(Problem("证件号码", "duplicate", {"first": self.id_numbers[number]}))
            else:
                self.id_numbers[number] = row
        may_be_head = values["relation"] == choices.Relation.HEAD or not values["relation"]
        if not code:
            if may_be_head:  # a head (perhaps) whose 户编号 cannot be read: its household may have it
                self.unplaced_heads.add(_loose(cell_text(source_row.cells["户编号"])))
            return problems
        if not self._household_known(code, contract.MEMBERS.name, source_row):
            if may_be_head:
                self.elsewhere_heads.add(code)
            return problems
        if not values["relation"]:  # empty or unreadable: this row may be the household's head
            self.head_unknown.add(code)
        elif values["relation"] == choices.Relation.HEAD:
            if code in self.heads:
                problems.append(Problem("与户主关系", "head_extra", {"first": self.heads[code][0]}))
            else:
                self.heads[code] = (row, number or "")
        return problems

    def income(self, values: dict, row: SourceRow) -> list[Problem]:
        """收入: one row per household and year."""
        code, year = values["household_code"], values["year"]
        if not code:
            return []
        self._household_known(code, contract.INCOMES.name, row)
        return self._year_once(self.income_years, code, year, "duplicate_income")

    def village_stats(self, values: dict, row: SourceRow) -> list[Problem]:
        """村年度: the village in 村 or in the database; one row per village and year."""
        code, year = values["division_code"], values["year"]
        if code is None:
            return []
        problems = []
        if not self._village_known(code):
            problems.append(Problem("行政区划代码", "village_unknown", {"code": code}))
        return problems + self._year_once(self.stats_years, code, year, "duplicate_stats")

    @staticmethod
    def _year_once(seen: dict[str, int], code: str, year: int | None, key: str) -> list[Problem]:
        if year is None:
            return []
        bit = 1 << (year - 1900)
        years = seen.get(code, 0)
        if years & bit:
            return [Problem("年度", key, {"year": year})]
        seen[code] = years | bit
        return []

    def finish(self) -> list[LateProblem]:
        """Heads missing or not matching 户主证件号码, and households found neither in 户 nor in the database."""
        unknown = self._unknown_codes()
        typos = self._look_alikes(unknown)
        for code in unknown:
            if code in self.elsewhere_heads:
                self.unplaced_heads.add(
                    _loose(code)
                )  # that head may belong to a household whose code is mistyped
        late = [self._look_alike_problem(code, used) for code, used in typos.items()]
        if self.households_readable and self.members_readable:
            late += self._head_problems(skip=set(typos))
        late += self._unknown_households(unknown, skip={used for used in typos.values()})
        return late

    def _look_alikes(self, unknown: list[str]) -> dict[str, str]:
        """Households of 户 that no row refers to, whose 户编号 reads like an unknown code that rows use
        (O for 0, l for 1): one error at that 户编号, none at the rows that use the code as it should be."""
        used = {_loose(code): code for code in unknown}
        typos = {}
        for code in self.households:
            if code not in self.heads and code not in self.head_unknown:
                match = used.get(_loose(code))
                # the household's code has look-alike letters or stray signs, the rows' code is clean
                if match is not None and match != code and _loose(code) != code and _loose(match) == match:
                    typos[code] = match
        return typos

    def _look_alike_problem(self, code: str, used: str) -> LateProblem:
        row, _, _ = self.households[code]
        problem = Problem("户编号", "household_code_look_alike", {"used": used})
        return LateProblem(contract.HOUSEHOLDS.name, row, code, problem)

    def _head_problems(self, skip: set[str]) -> list[LateProblem]:
        late = []
        households = contract.HOUSEHOLDS.name
        for code, (row, head_id, as_given) in self.households.items():
            if code in skip:
                continue
            head = self.heads.get(code)
            if head is None and (code in self.head_unknown or (_loose(code) or None) in self.unplaced_heads):
                continue  # the head's row is there, with the cell that says so unreadable: that is the error
            if head is None:
                late.append(LateProblem(households, row, code, Problem("户编号", "head_missing")))
            elif head_id and head[1] and head_id != head[1]:
                problem = Problem("户主证件号码", "head_mismatch", {"row": head[0], "actual": head[1]})
                late.append(LateProblem(households, row, as_given, problem))
        return late

    def _unknown_codes(self) -> list[str]:
        """户编号 used in 成员/收入 that are neither in 户 nor in the database."""
        unknown = []
        for codes in batched(self.elsewhere, LOOKUP_BATCH):
            found = set(Household.objects.filter(code__in=codes).values_list("code", flat=True))
            unknown += [code for code in codes if code not in found]
        return unknown

    def _unknown_households(self, unknown: list[str], skip: set[str]) -> list[LateProblem]:
        late = []
        for code in unknown:
            if code in skip or self.unreadable_households.may_be(code):
                continue
            for sheet, row, value in self.elsewhere[code]:
                problem = Problem("户编号", "household_unknown", {"code": code})
                late.append(LateProblem(sheet, row, value, problem))
        return late
