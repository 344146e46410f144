"""The demo programme's records (深圳对口帮扶汕尾): units, pairings, cadres, projects, funds, parks, evaluations
and household plans, generated over a loaded register so that the results report gives R8–R21.

    from bangfu.demo.generator.programme import generate_programme, programme_profile, register_view_from_database
    records = generate_programme(programme_profile(), register_view_from_database(), seed=2013)
    programme_records_load(records)          # one transaction, through the programme bulk loader

Same profile, register and seed → the same records. Targets and shapes: ``demo/data/shanwei-programme.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bangfu.demo.generator.programme.funds import generate_funds
from bangfu.demo.generator.programme.households import generate_households
from bangfu.demo.generator.programme.markets import MarketsView, generate_markets
from bangfu.demo.generator.programme.parks import generate_parks
from bangfu.demo.generator.programme.people import generate_people
from bangfu.demo.generator.programme.profile import (
    ProgrammeProfile,
    programme_profile,
    scaled_programme_profile,
    value,
)
from bangfu.demo.generator.programme.projects import ProjectMaker
from bangfu.demo.generator.programme.register import RegisterView, register_view_from_database

__all__ = [
    "ProgrammeProfile",
    "ProgrammeRecords",
    "RegisterView",
    "generate_programme",
    "programme_profile",
    "register_view_from_database",
    "scaled_programme_profile",
]


@dataclass(frozen=True)
class ProgrammeRecords:
    """The programme itself and its records, by bulk-loader entity (rows of typed values)."""

    programme: dict
    entities: dict[str, list[dict]]

    def counts(self) -> dict[str, int]:
        return {entity: len(rows) for entity, rows in self.entities.items()}


def generate_programme(
    profile: ProgrammeProfile, register: RegisterView, seed: int = 2013, markets: MarketsView | None = None
) -> ProgrammeRecords:
    """The programme's records; with ``markets`` (members and wage incomes of the register) also the
    employment and consumption records (``markets.py``)."""
    people = generate_people(profile, register, seed)
    projects = ProjectMaker(profile, register, people.paired, seed).generate()
    flows = generate_funds(profile, projects, seed)
    budgets: dict[str, Decimal] = {}
    for flow in flows:
        if flow["project"] and flow["kind"] == "下达":
            budgets[flow["project"]] = budgets.get(flow["project"], Decimal(0)) + flow["amount"]
    parks, investments = generate_parks(profile, seed)
    households = generate_households(profile, register, people.paired, people.contacts, projects, seed)
    evaluator = value(profile.params["evaluation"]["evaluator"])
    entities = (
        people.rows
        | {
            "projects": [
                project.row() | {"budget": budgets.get(project.code, Decimal(0))} for project in projects
            ],
            "status_changes": [
                {"project": project.code, "to_status": status, "date": day}
                for project in projects
                for status, day in project.log
            ],
            "outputs": [
                {"project": project.code, "kind": kind, "quantity": quantity}
                for project in projects
                for kind, quantity in project.outputs.items()
            ],
            "fund_flows": flows,
            "parks": parks,
            "investments": investments,
            "evaluations": [
                {
                    "year": int(e["year"]),
                    "grade": e["grade"],
                    "evaluator": evaluator,
                    "notes": "广东省扶贫开发成效考核",
                }
                for e in profile.params["evaluations"]
            ],
        }
        | households
        | (generate_markets(profile, register, people.paired, markets, seed) if markets is not None else {})
    )
    programme = {
        "name": profile.name,
        "donor_city": profile.donor_city,
        "recipient_city": profile.recipient_city,
        "recipient_division": profile.recipient_division,
        "start_year": profile.start_year,
        "end_year": profile.end_year,
    }
    return ProgrammeRecords(programme, entities)
