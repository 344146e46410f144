"""Bulk load of a programme's records (批量载入): validate every row, insert set-wise, check across records.

    summary = programme_records_bulk_load(programme=p, units=[...], pairings=[...], fund_flows=[...], ...)

One transaction, all or nothing. Three stages, each collecting every problem it finds before refusing:
1. rows: required fields, types and codes, checks within a row (periods, USCC, one place, …), duplicate keys
   within the load and against the database, references that resolve (in the load or the database), and
   the project status log (steps forward, or a reason);
2. insert, entity by entity (``core.bulk.bulk_insert``), resolving natural keys to ids;
3. across records, by aggregate queries on the database as it now is (``bulk.across``): overlapping pairings
   and cadre assignments (``programme.overlaps``, as the services check one record), and funds (Σ disbursed ≤
   Σ allocated, Σ spent ≤ Σ disbursed per project and programme-year).
A problem raises ``BulkLoadError`` (an ``ApplicationError``) listing them all, located by entity, row index
and field; the transaction is rolled back. History rows are not written for bulk-loaded records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from bangfu.accounts.scope import scope_version_bump
from bangfu.core.bulk import bulk_insert, table_statistics_refresh
from bangfu.core.errors import ApplicationError
from bangfu.programme.models import (
    AssistingUnit,
    CadreAssignment,
    Evaluation,
    HouseholdPlan,
    Measure,
    Pairing,
    Programme,
)
from bangfu.programme.validation import lock
from bangfu.programme_projects.bulk import extension
from bangfu.programme_projects.bulk.across import AcrossRecords
from bangfu.programme_projects.bulk.keys import REFRESH, Keys
from bangfu.programme_projects.bulk.rows import RowBuilders
from bangfu.programme_projects.bulk.spec import ENTITIES, is_empty, row_problems, value_problem
from bangfu.projects.choices import PROJECT_STATUS_ORDER
from bangfu.projects.models import (
    FundFlow,
    Project,
    ProjectBeneficiary,
    ProjectOutput,
)
from bangfu.regions.models import Level

Progress = Callable[[str, int], None]
PROJECT_DIVISION_LEVELS = (Level.COUNTY, Level.TOWN)
MAX_PROBLEMS_IN_MESSAGE = 10


@dataclass(frozen=True)
class BulkProblem:
    """One refused row: ``entity`` (e.g. ``"fund_flows"``), ``index`` in that entity's list, field, value."""

    entity: str
    index: int | None
    field: str
    value: object
    message: str


class BulkLoadError(ApplicationError):
    """The load was refused and nothing was written; ``problems`` lists every problem found."""

    def __init__(self, problems: list[BulkProblem]):
        self.problems = problems
        lines = [
            f"{p.entity}[{p.index}].{p.field}"
            + (f"={p.value}" if not is_empty(p.value) else "")
            + f"：{p.message}"
            for p in problems[:MAX_PROBLEMS_IN_MESSAGE]
        ]
        if len(problems) > MAX_PROBLEMS_IN_MESSAGE:
            lines.append(_("… and %(count)s more") % {"count": len(problems) - MAX_PROBLEMS_IN_MESSAGE})
        head = _("Nothing was loaded: %(count)s problems.") % {"count": len(problems)}
        super().__init__("\n".join([head, *lines]), {"problems": len(problems)})


@transaction.atomic
def programme_records_bulk_load(
    *, programme: Programme, progress: Progress | None = None, **entities: Iterable[Mapping]
) -> dict[str, int]:
    """Insert many records of ``programme`` at once; returns how many rows of each entity were written.

    ``entities`` are keyword arguments named as in ``spec.ENTITIES`` (``units``, ``pairings``, ``cadres``,
    ``assignments``, ``visits``, ``plans``, ``projects``, ``status_changes``, ``outputs``, ``beneficiaries``,
    ``measures``, ``fund_flows``, ``parks``, ``investments``, ``evaluations``), each an iterable of mappings.
    """
    unknown = set(entities) - set(ENTITIES)
    if unknown:
        raise ApplicationError(_("Unknown entities: %(names)s") % {"names": ", ".join(sorted(unknown))})
    lock(Programme.objects.filter(pk=programme.pk))
    rows = {name: _with_defaults(name, entities.get(name, ())) for name in ENTITIES}
    loader = _Loader(programme, rows, progress or (lambda entity, count: None))
    loader.check_rows()
    loader.raise_problems()
    try:
        counts = loader.insert()
    except IntegrityError as error:
        raise ApplicationError(
            _("Nothing was loaded: a record duplicates another (%(error)s).") % {"error": error}
        ) from None
    loader.check_across()
    loader.raise_problems()
    scope_version_bump()  # pairings give assisting units their villages: cached scopes are stale
    table_statistics_refresh(Pairing, CadreAssignment, Project, FundFlow, Measure, HouseholdPlan)
    return counts


def _with_defaults(entity: str, given: Iterable[Mapping]) -> list[dict]:
    fields = ENTITIES[entity]
    return [
        {field.name: row.get(field.name, field.default) for field in fields} | {"_given": row}
        for row in given
    ]


class _Loader(RowBuilders, AcrossRecords):
    def __init__(self, programme: Programme, rows: dict[str, list[dict]], progress: Progress):
        self.programme, self.rows, self.progress = programme, rows, progress
        self.keys = Keys(programme)
        self.problems: list[BulkProblem] = []
        self.pending: dict[str, dict] = defaultdict(dict)  # target → key in this load → index

    def problem(self, entity: str, index: int | None, field: str, message: str, value=None) -> None:
        if value is None and index is not None and field:
            value = self.rows[entity][index].get(field)
        self.problems.append(BulkProblem(entity, index, field, value, str(message)))

    def raise_problems(self) -> None:
        if self.problems:
            raise BulkLoadError(self.problems)

    # Stage 1: rows ------------------------------------------------------------------------------------------

    def check_rows(self) -> None:
        self._collect_new_keys()
        for entity, fields in ENTITIES.items():
            for index, row in enumerate(self.rows[entity]):
                bad = set()
                for field in fields:
                    value = row[field.name]
                    if is_empty(value):
                        if field.required:
                            self.problem(entity, index, field.name, _("Required, but empty"))
                            bad.add(field.name)
                        continue
                    message = value_problem(field, value) or (
                        field.target and self._reference_problem(field.target, value)
                    )
                    if message:
                        self.problem(entity, index, field.name, message)
                        bad.add(field.name)
                if not bad:
                    for name, message in row_problems(entity, row):
                        self.problem(entity, index, name, message)
        self._check_places()
        self._check_fund_projects()
        self._check_status_logs()
        for added in extension.extensions():
            for check in added.checks:
                check(self)

    def _collect_new_keys(self) -> None:
        """Keys the load itself adds, refused when they repeat within the load or are in the database already."""
        keyed = {
            "units": ("unit", lambda row: row["name"]),
            "cadres": ("cadre", lambda row: row["code"]),
            "projects": ("project", lambda row: row["code"]),
            "parks": ("park", lambda row: row["name"]),
            "plans": ("plan", lambda row: (row["household"], row["year"])),
        }
        for added in extension.extensions():
            for entity, (target, name) in added.new_keys.items():
                keyed[entity] = (target, lambda row, name=name: row[name])
        for entity, (target, key_of) in keyed.items():
            for index, row in enumerate(self.rows[entity]):
                key = key_of(row)
                if is_empty(key) or (isinstance(key, tuple) and any(is_empty(part) for part in key)):
                    continue
                field = "household" if entity == "plans" else self._key_field(entity)
                if key in self.pending[target]:
                    first = self.pending[target][key]
                    self.problem(
                        entity, index, field, _("Duplicates row %(first)s of this load") % {"first": first}
                    )
                elif key in self.keys.get(target):
                    self.problem(entity, index, field, _("Already in the database"))
                else:
                    self.pending[target][key] = index
        codes: dict[str, int] = {}
        for index, row in enumerate(self.rows["units"]):
            if row["uscc"]:
                if row["uscc"] in codes or row["uscc"] in self.keys.get("unit"):
                    self.problem(
                        "units",
                        index,
                        "uscc",
                        _("Another assisting unit has this unified social credit code."),
                    )
                codes.setdefault(row["uscc"], index)
        self.pending["unit"].update({code: index for code, index in codes.items()})
        self._check_unique(
            "evaluations", ("year",), Evaluation.objects.filter(programme=self.programme).values_list("year")
        )
        self._check_unique(
            "outputs", ("project", "kind"), ProjectOutput.objects.values_list("project__code", "kind")
        )
        self._check_unique(
            "beneficiaries",
            ("project", "household"),
            ProjectBeneficiary.objects.values_list("project__code", "household__code"),
        )
        for added in extension.extensions():
            for entity, (fields, existing) in added.unique.items():
                self._check_unique(entity, fields, existing())

    def _key_field(self, entity: str) -> str:
        for added in extension.extensions():
            if entity in added.new_keys:
                return added.new_keys[entity][1]
        return ENTITIES[entity][0].name

    def _check_unique(self, entity: str, fields: tuple[str, ...], existing) -> None:
        rows = self.rows[entity]
        if not rows:
            return
        stored = set(existing)
        seen: dict[tuple, int] = {}
        for index, row in enumerate(rows):
            key = tuple(row[name] for name in fields)
            if key in seen:
                self.problem(
                    entity,
                    index,
                    fields[-1],
                    _("Duplicates row %(first)s of this load") % {"first": seen[key]},
                )
            elif key in stored:
                self.problem(entity, index, fields[-1], _("Already in the database"))
            seen.setdefault(key, index)

    def _reference_problem(self, target: str, key: str) -> str | None:
        if key in self.pending[target] or key in self.keys.get(target):
            return None
        messages = {
            "unit": _("No assisting unit with this name or unified social credit code"),
            "village": _("No village with this division code"),
            "household": _("No household with this household code"),
            "division": _("No division with this code"),
            "cadre": _("No cadre with this cadre code"),
            "project": _("No project with this code"),
            "park": _("No industrial park of this programme with this name"),
        }
        for added in extension.extensions():
            messages.update(added.key_messages)
        return str(messages[target])

    def _check_places(self) -> None:
        """Divisions: a project's is a town or county; a park's is in the system (checked as a reference)."""
        divisions = self.keys.get("division")
        for index, row in enumerate(self.rows["projects"]):
            found = divisions.get(row["division"]) if row["division"] else None
            if found and found[1] not in PROJECT_DIVISION_LEVELS:
                message = _("A project not in a village is placed at a town or a county-level division.")
                self.problem("projects", index, "division", message)
        plans = self.keys.get("plan")
        for index, row in enumerate(self.rows["measures"]):
            key = (row["household"], row["year"])
            if not is_empty(row["household"]) and key not in plans and key not in self.pending["plan"]:
                message = _("This household has no plan for %(year)s (一户一策): add it to the plans") % {
                    "year": row["year"]
                }
                self.problem("measures", index, "year", message)

    def _check_fund_projects(self) -> None:
        projects = self.keys.get("project")
        for index, row in enumerate(self.rows["fund_flows"]):
            stored = projects.get(row["project"]) if row["project"] else None
            if stored and stored[1] != self.programme.pk:
                self.problem("fund_flows", index, "project", _("The project belongs to another programme."))

    def _check_status_logs(self) -> None:
        """Each project's status log: chained, one step forward or a reason; it ends at the project's status."""
        stored = self.keys.get("project")
        new_status = {row["code"]: row["status"] for row in self.rows["projects"]}
        by_project: dict[str, list[int]] = defaultdict(list)
        for index, row in enumerate(self.rows["status_changes"]):
            if (
                not is_empty(row["project"])
                and row["date"] is not None
                and row["to_status"] in PROJECT_STATUS_ORDER
            ):
                by_project[row["project"]].append(index)
        self.status_after: dict[str, str] = {}
        for code, indexes in by_project.items():
            indexes.sort(key=lambda i: self.rows["status_changes"][i]["date"])
            current = stored[code][3] if code in stored else ""
            for index in indexes:
                change = self.rows["status_changes"][index]
                if is_empty(change["from_status"]):
                    change["from_status"] = current
                elif change["from_status"] != current:
                    message = _("The project's status before this change is %(status)s") % {
                        "status": current or "—"
                    }
                    self.problem("status_changes", index, "from_status", message)
                step_ok = current == "" or (
                    PROJECT_STATUS_ORDER.index(change["to_status"]) == PROJECT_STATUS_ORDER.index(current) + 1
                )
                if not step_ok and not change["reason"].strip():
                    message = _(
                        "Skipping a status or going back needs a reason: a project moves one step forward at a "
                        "time (%(order)s)."
                    ) % {"order": " → ".join(PROJECT_STATUS_ORDER)}
                    self.problem("status_changes", index, "reason", message, value="")
                current = change["to_status"]
            if code in new_status and new_status[code] != current:
                index = self.pending["project"].get(code)
                message = _("The project's status log ends at %(status)s") % {"status": current}
                self.problem("projects", index, "status", message)
            self.status_after[code] = current

    # Stage 2: insert ----------------------------------------------------------------------------------------

    def insert(self) -> dict[str, int]:
        self.max_pk = {
            model: model.objects.aggregate(top=Max("pk"))["top"] or 0 for model in (Pairing, CadreAssignment)
        }
        counts = {}
        for entity in ENTITIES:
            rows = self.rows[entity]
            if not rows:
                counts[entity] = 0
                continue
            own = getattr(self, f"_{entity}", None)
            model, fields, make = own() if own else extension.builder(entity)(self)
            counts[entity] = bulk_insert(model, fields, (make(row) for row in rows))
            self.progress(entity, counts[entity])
            for target in REFRESH.get(entity, ()):
                self.keys.forget(target)
        self._after_insert()
        return counts

    def _after_insert(self) -> None:
        """Links that need the ids of rows just inserted: units' parents; existing projects' new status."""
        units = self.keys.get("unit")
        parents = [(units[row["parent"]], units[row["name"]]) for row in self.rows["units"] if row["parent"]]
        for parent_id, unit_id in parents:
            AssistingUnit.objects.filter(pk=unit_id).update(parent_id=parent_id)
        for code, status in self.status_after.items():
            if code not in self.pending["project"]:
                Project.objects.filter(code=code).update(status=status)
