"""What the bulk loader accepts: per entity, its fields (kind, required, default) and the rows' own checks.

Rows are mappings of field → value, already typed (str, int, ``Decimal``, ``date``, ``None``); references to
other records are natural keys (unit name or USCC, cadre code, 12-digit division code, household code, project
code, park name). See docs/programme.md, "Bulk load".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

from bangfu.programme import choices as programme_choices
from bangfu.programme.models import id_number_valid
from bangfu.projects import choices as project_choices
from bangfu.registry.choices import Sex


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text, date, year, int, money, quantity, or ref:<target> (unit, cadre, village, …)
    required: bool = False
    choices: tuple[str, ...] = ()
    default: object = None

    @property
    def target(self) -> str:
        return self.kind.removeprefix("ref:") if self.kind.startswith("ref:") else ""


def _f(name, kind="text", required=False, choices=None, default=None) -> Field:
    if default is None and kind == "text":
        default = ""
    return Field(name, kind, required, tuple(choices.values) if choices else (), default)


#: Every entity the loader takes, in the order it inserts them.
ENTITIES: dict[str, tuple[Field, ...]] = {
    "units": (
        _f("name", required=True),
        _f("kind", required=True, choices=programme_choices.UnitKind),
        _f("district"),
        _f("parent", "ref:unit"),
        _f("uscc"),
    ),
    "pairings": (
        _f("unit", "ref:unit", True),
        _f("village", "ref:village", True),
        _f("start_date", "date", True),
        _f("end_date", "date"),
    ),
    "cadres": (
        _f("code", required=True),
        _f("name", required=True),
        _f("unit", "ref:unit", True),
        _f("gender", choices=Sex),
        _f("phone"),
        _f("id_number"),
    ),
    "assignments": (
        _f("cadre", "ref:cadre", True),
        _f("role", required=True, choices=programme_choices.CadreRole),
        _f("unit", "ref:unit", True),
        _f("start_date", "date", True),
        _f("end_date", "date"),
        _f("village", "ref:village"),
        _f("household", "ref:household"),
        _f("division", "ref:division"),
    ),
    "visits": (
        _f("household", "ref:household", True),
        _f("cadre", "ref:cadre", True),
        _f("date", "date", True),
        _f("notes"),
        _f("findings"),
    ),
    "plans": (_f("household", "ref:household", True), _f("year", "year", True), _f("summary")),
    "projects": (
        _f("code", required=True),
        _f("name", required=True),
        _f("category", required=True, choices=project_choices.ProjectCategory),
        _f("village", "ref:village"),
        _f("division", "ref:division"),
        _f("status", choices=project_choices.ProjectStatus, default=project_choices.ProjectStatus.PIPELINE),
        _f("budget", "money", True),
        _f("population_served", "int", default=0),
        _f("start_year", "year", True),
        _f("end_year", "year"),
    ),
    "status_changes": (
        _f("project", "ref:project", True),
        _f("from_status", choices=project_choices.ProjectStatus, default=None),
        _f("to_status", required=True, choices=project_choices.ProjectStatus),
        _f("date", "date", True),
        _f("reason"),
    ),
    "outputs": (
        _f("project", "ref:project", True),
        _f("kind", required=True, choices=project_choices.OutputKind),
        _f("quantity", "quantity", True),
        _f("description"),
    ),
    "beneficiaries": (
        _f("project", "ref:project", True),
        _f("household", "ref:household", True),
        _f("description"),
    ),
    "measures": (
        _f("household", "ref:household", True),
        _f("year", "year", True),
        _f("category", required=True, choices=programme_choices.MeasureCategory),
        _f("description"),
        _f(
            "status", choices=programme_choices.MeasureStatus, default=programme_choices.MeasureStatus.PLANNED
        ),
        _f("start_date", "date"),
        _f("end_date", "date"),
        _f("amount", "money"),
        _f("project", "ref:project"),
    ),
    "fund_flows": (
        _f("project", "ref:project"),
        _f("kind", required=True, choices=project_choices.FundKind),
        _f("source", required=True, choices=project_choices.FundSource),
        _f("category", choices=project_choices.ProjectCategory),
        _f("year", "year", True),
        _f("date", "date"),
        _f("amount", "money", True),
        _f("reference"),
        _f("notes"),
    ),
    "parks": (_f("name", required=True), _f("division", "ref:division", True)),
    "investments": (
        _f("park", "ref:park", True),
        _f("name", required=True),
        _f("investor", required=True),
        _f("investor_origin_city"),
        _f("amount", "money", True),
        _f("sector"),
        _f(
            "status",
            choices=project_choices.InvestmentStatus,
            default=project_choices.InvestmentStatus.SIGNED,
        ),
        _f("signed_date", "date", True),
        _f("started_date", "date"),
        _f("producing_date", "date"),
    ),
    "evaluations": (
        _f("year", "year", True),
        _f("grade", required=True, choices=programme_choices.EvaluationGrade),
        _f("evaluator"),
        _f("notes"),
    ),
}

_TYPES = {
    "text": (str,),
    "date": (date,),
    "year": (int,),
    "int": (int,),
    "money": (Decimal, int),
    "quantity": (Decimal, int),
    "bool": (bool,),
}


def value_problem(field: Field, value) -> str | None:
    """Why ``value`` cannot fill ``field`` (a translated message), or ``None``."""
    if field.target:
        return None if isinstance(value, str) else str(_("Refer to the record by its code or name (text)."))
    if isinstance(value, float):
        return str(_("Amounts are given as Decimal, never as float."))
    if not isinstance(value, _TYPES[field.kind]) or (isinstance(value, bool) and field.kind != "bool"):
        return str(_("Wrong type of value: %(type)s") % {"type": type(value).__name__})
    if field.choices and value not in field.choices:
        return str(_("Must be one of: %(codes)s") % {"codes": "、".join(field.choices)})
    if field.kind == "year" and not 1949 <= value <= 2100:
        return str(_("The year must be between 1949 and 2100."))
    if field.kind in ("int", "money", "quantity") and value < 0:
        return str(_("Must not be negative."))
    if field.kind == "money" and Decimal(value) != Decimal(value).quantize(Decimal("0.01")):
        return str(_("Amounts have at most two decimal places."))
    return None


def is_empty(value) -> bool:
    return value is None or value == ""


def row_problems(entity: str, row: dict) -> list[tuple[str, str]]:
    """Checks within one row beyond single values: ``[(field, message)]``."""
    check = ROW_CHECKS.get(entity)
    return check(row) if check else []


def _period(row: dict, start: str = "start_date", end: str = "end_date") -> list[tuple[str, str]]:
    if row.get(start) is not None and row.get(end) is not None and row[end] < row[start]:
        return [(end, str(_("The end date must not be before the start date.")))]
    return []


def _years(row: dict) -> list[tuple[str, str]]:
    if row.get("end_year") is not None and row["end_year"] < row["start_year"]:
        return [("end_year", str(_("The end year must not be before the start year.")))]
    return []


def _unit(row: dict) -> list[tuple[str, str]]:
    code = row["uscc"]
    if code and not uscc.is_valid(code):
        message = _(
            "%(value)s is not a valid unified social credit code (18 characters with a check character)"
        )
        return [("uscc", str(message % {"value": code}))]
    return []


def _cadre(row: dict) -> list[tuple[str, str]]:
    if row["id_number"] and not id_number_valid(row["id_number"].upper()):
        return [("id_number", str(_("Not a valid 18-digit resident ID number")))]
    return []


def _assignment(row: dict) -> list[tuple[str, str]]:
    problems = _period(row)
    places = [name for name in ("village", "household", "division") if not is_empty(row[name])]
    if len(places) != 1:
        message = _("An assignment is to exactly one place: a village, a household or a division.")
        problems.append(((places or ["village"])[-1], str(message)))
    elif places == ["division"] and row["role"] not in programme_choices.DIVISION_ROLES:
        problems.append(("division", str(_("Only a seconded cadre (挂职干部) may be posted to a division."))))
    return problems


def _project(row: dict) -> list[tuple[str, str]]:
    problems = _years(row)
    if is_empty(row["village"]) == is_empty(row["division"]):
        message = _("A project is in exactly one place: a village, a town or a county.")
        problems.append(("village", str(message)))
    return problems


def _fund_flow(row: dict) -> list[tuple[str, str]]:
    problems = []
    if row["amount"] is not None and row["amount"] <= 0:
        problems.append(("amount", str(_("The amount must be greater than zero."))))
    if is_empty(row["project"]) and is_empty(row["category"]):
        problems.append(("category", str(_("Funds not tied to a project need a category."))))
    return problems


def _investment(row: dict) -> list[tuple[str, str]]:
    problems = []
    signed, started, producing = row["signed_date"], row["started_date"], row["producing_date"]
    if started is not None and started < signed:
        problems.append(("started_date", str(_("Construction cannot start before the signing date."))))
    if producing is not None and (started is None or producing < started):
        problems.append(("producing_date", str(_("Production starts after construction has started."))))
    required = {
        project_choices.InvestmentStatus.STARTED: "started_date",
        project_choices.InvestmentStatus.PRODUCING: "producing_date",
    }.get(row["status"])
    if required and row[required] is None:
        problems.append((required, str(_("Required for the project's status."))))
    return problems


#: Entity → its checks within one row; extensions add theirs (``bulk/extension.py``).
ROW_CHECKS = {
    "units": _unit,
    "pairings": _period,
    "cadres": _cadre,
    "assignments": _assignment,
    "projects": _project,
    "measures": _period,
    "fund_flows": _fund_flow,
    "investments": _investment,
}
