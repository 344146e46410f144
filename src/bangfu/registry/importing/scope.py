"""The importing user's area (数据范围) as a validation check: rows outside it are located errors.

An officer may import only villages and households inside their divisions. ``register_validate(...,
allowed_division_paths=allowed_division_paths(scope))`` adds this check; ``None`` (administrators, the command line)
checks nothing. Outside the area are:

* 村 and 村年度 rows whose 行政区划代码, and 户 rows whose village, lie outside the allowed divisions (new
  villages are placed where the import would put them: under their town, or their county);
* 户 rows whose 户编号 is already registered in a village outside the area (the import would move it);
* 成员 and 收入 rows of households not in the file that are registered outside the area;
* 成员 rows whose 证件号码 belongs to a member of a household outside the area (the import would move them).
  Telling this discloses that the number is registered: it goes through ``conflicts`` (logged in the
  personal-data access log, limited per user and day, listed for the officers of the other area to resolve).

Like the other cross-sheet checks, the rows are remembered while the sheets are read and the database is
asked in batches at the end.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property

from bangfu.core.bulk import batched
from bangfu.regions.models import Division
from bangfu.registry import contract
from bangfu.registry.importing.conflicts import Conflict, conflict_limit, import_conflicts_disclose
from bangfu.registry.importing.issues import Problem
from bangfu.registry.importing.normalise import cell_text
from bangfu.registry.importing.references import LOOKUP_BATCH, LateProblem
from bangfu.registry.importing.sources import SourceRow
from bangfu.registry.models import Household, Member

Located = tuple[str, int, str]  # (sheet, row, value as given)


class ScopeCheck:
    def __init__(self, allowed_division_paths: Sequence[str], *, user=None, file_name: str = ""):
        self.paths = tuple(allowed_division_paths)
        # ID numbers registered outside the area are disclosed through ``conflicts`` (logged, rate-limited).
        self.user, self.file_name = user, file_name
        self.member_households: dict[str, str] = {}  # 证件号码 → 户编号 of its 成员 row
        self.villages: dict[str, list[Located]] = {}  # village code → rows naming it
        self.households: dict[str, Located] = {}  # 户编号 in 户 → its row
        self.referenced: dict[str, list[Located]] = {}  # 户编号 of 成员/收入 rows, not in 户
        self.members: dict[str, Located] = {}  # 证件号码 → its 成员 row

    @cached_property
    def area(self) -> str:
        names = Division.objects.filter(path__in=self.paths).order_by("code").values_list("name", flat=True)
        return "、".join(names) or "—"

    def allowed(self, path: str | None) -> bool:
        return path is not None and any(path.startswith(prefix) for prefix in self.paths)

    def row(self, sheet: str, values: dict, row: SourceRow) -> None:
        """Remember what the row names; checked in ``finish``."""
        if sheet in (contract.VILLAGES.name, contract.VILLAGE_STATS.name):
            self._village(values["division_code"], sheet, row)
        elif sheet == contract.HOUSEHOLDS.name:
            self._village(values["village_code"], sheet, row)
            if values["code"] and values["code"] not in self.households:
                self.households[values["code"]] = (sheet, row.number, cell_text(row.cells["户编号"]))
        elif sheet in (contract.MEMBERS.name, contract.INCOMES.name):
            code = values["household_code"]
            if code and code not in self.households:
                self.referenced.setdefault(code, []).append(
                    (sheet, row.number, cell_text(row.cells["户编号"]))
                )
            number = values["id_number"] if sheet == contract.MEMBERS.name else None
            if number and number not in self.members:
                self.members[number] = (sheet, row.number, cell_text(row.cells["证件号码"]))
                self.member_households[number] = code or ""

    def _village(self, code: str | None, sheet: str, row: SourceRow) -> None:
        if code:
            self.villages.setdefault(code, []).append(
                (sheet, row.number, cell_text(row.cells["行政区划代码"]))
            )

    def finish(self) -> list[LateProblem]:
        late: list[LateProblem] = []
        paths = self._village_paths(self.villages)
        for code, rows in self.villages.items():
            if not self.allowed(paths.get(code)):
                problem = Problem("行政区划代码", "outside_scope", {"code": code, "area": self.area})
                late += [LateProblem(sheet, row, value, problem) for sheet, row, value in rows]
        late += self._registered_outside(
            {code: [located] for code, located in self.households.items()},
            Household,
            "code",
            "village__division__path",
            "户编号",
            "household_outside_scope",
        )
        late += self._registered_outside(
            self.referenced, Household, "code", "village__division__path", "户编号", "household_outside_scope"
        )
        return late + self._members_outside()

    def _members_outside(self) -> list[LateProblem]:
        """成员 rows whose 证件号码 is registered outside the area: told within the uploader's limit only."""
        conflicts = []
        for batch in batched(list(self.members), LOOKUP_BATCH):
            found = Member.objects.filter(id_number__in=batch).values_list(
                "id_number", "household_id", "household__code", "household__village__division__path"
            )
            for number, household_id, household_code, path in found:
                if not self.allowed(path):
                    _, row, _ = self.members[number]
                    file_code = self.member_households.get(number, "")
                    conflicts.append(Conflict(number, row, file_code, household_id, household_code))
        if not conflicts:
            return []
        conflicts.sort(key=lambda conflict: conflict.row)
        told = import_conflicts_disclose(
            user=self.user, conflicts=conflicts, file_name=self.file_name, area=self.area,
            area_paths=list(self.paths),
        )  # fmt: skip
        late = []
        for conflict in told:
            sheet, row, value = self.members[conflict.id_number]
            problem = Problem(
                "证件号码", "member_outside_scope", {"code": conflict.id_number, "area": self.area}
            )
            late.append(LateProblem(sheet, row, value, problem))
        if len(told) < len(conflicts):
            problem = Problem("证件号码", "conflicts_withheld", {"limit": conflict_limit()})
            late.append(LateProblem(contract.MEMBERS.name, None, "", problem))
        return late

    def _village_paths(self, codes: Iterable[str]) -> dict[str, str]:
        """Each village's division path: as stored, or where the import would create it."""
        codes = list(codes)
        paths: dict[str, str] = {}
        for batch in batched(codes, LOOKUP_BATCH):
            paths.update(Division.objects.filter(code__in=batch).values_list("code", "path"))
        missing = [code for code in codes if code not in paths]
        parents = {code[:9] + "000" for code in missing} | {code[:6] + "000000" for code in missing}
        parent_paths = dict(Division.objects.filter(code__in=parents).values_list("code", "path"))
        for code in missing:
            town, county = code[:9] + "000", code[:6] + "000000"
            if town in parent_paths:
                paths[code] = f"{parent_paths[town]}{code}/"
            elif county in parent_paths:
                paths[code] = f"{parent_paths[county]}{town}/{code}/"
        return paths

    def _registered_outside(
        self, rows: dict[str, list[Located]], model, key: str, path: str, column: str, message: str
    ) -> list[LateProblem]:
        """Rows naming records already registered in a village outside the area."""
        late = []
        for batch in batched(list(rows), LOOKUP_BATCH):
            for value_key, stored_path in model.objects.filter(**{f"{key}__in": batch}).values_list(
                key, path
            ):
                if not self.allowed(stored_path):
                    problem = Problem(column, message, {"code": value_key, "area": self.area})
                    late += [LateProblem(sheet, row, value, problem) for sheet, row, value in rows[value_key]]
        return late
