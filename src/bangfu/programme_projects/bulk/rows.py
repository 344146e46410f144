"""Rows as the tuples ``core.bulk.bulk_insert`` takes: per entity, the model, its columns and a row builder."""

from __future__ import annotations

from bangfu.programme.models import (
    AssistingUnit,
    Cadre,
    CadreAssignment,
    Evaluation,
    HouseholdPlan,
    Measure,
    Pairing,
    Programme,
    Visit,
)
from bangfu.programme_projects.bulk.keys import Keys
from bangfu.programme_projects.bulk.spec import is_empty
from bangfu.projects.models import (
    FundFlow,
    IndustrialPark,
    InvestmentProject,
    Project,
    ProjectBeneficiary,
    ProjectOutput,
    ProjectStatusChange,
)


class RowBuilders:
    """``_<entity>()`` → (model, fields, row → tuple); natural keys resolved to ids through ``self.keys``."""

    programme: Programme
    keys: Keys

    def _id(self, target: str, key):
        if is_empty(key):
            return None
        found = self.keys.get(target)[key]
        return found[0] if isinstance(found, tuple) else found

    def _units(self):
        return (
            AssistingUnit,
            ("name", "kind", "district", "uscc"),
            lambda r: (r["name"], r["kind"], r["district"], r["uscc"]),
        )

    def _pairings(self):
        p = self.programme.pk
        return Pairing, ("programme_id", "unit_id", "village_id", "start_date", "end_date"), lambda r: (
            p, self._id("unit", r["unit"]), self._id("village", r["village"]), r["start_date"], r["end_date"]
        )  # fmt: skip

    def _cadres(self):
        fields = ("code", "name", "unit_id", "gender", "phone", "id_number")
        return Cadre, fields, lambda r: (
            r["code"], r["name"], self._id("unit", r["unit"]), r["gender"], r["phone"], r["id_number"].upper()
        )  # fmt: skip

    def _assignments(self):
        p = self.programme.pk
        fields = ("cadre_id", "role", "unit_id", "programme_id", "start_date", "end_date", "village_id",
                  "household_id", "division_id")  # fmt: skip
        return CadreAssignment, fields, lambda r: (
            self._id("cadre", r["cadre"]), r["role"], self._id("unit", r["unit"]), p, r["start_date"], r["end_date"],
            self._id("village", r["village"]), self._id("household", r["household"]),
            self._id("division", r["division"]),
        )  # fmt: skip

    def _visits(self):
        fields = ("household_id", "cadre_id", "date", "notes", "findings")
        return Visit, fields, lambda r: (
            self._id("household", r["household"]), self._id("cadre", r["cadre"]), r["date"], r["notes"], r["findings"]
        )  # fmt: skip

    def _plans(self):
        return HouseholdPlan, ("household_id", "year", "summary"), lambda r: (
            self._id("household", r["household"]), r["year"], r["summary"]
        )  # fmt: skip

    def _projects(self):
        p = self.programme.pk
        fields = ("programme_id", "code", "name", "category", "village_id", "division_id", "status", "budget",
                  "population_served", "start_year", "end_year")  # fmt: skip
        return Project, fields, lambda r: (
            p, r["code"], r["name"], r["category"], self._id("village", r["village"]),
            self._id("division", r["division"]), r["status"], r["budget"], r["population_served"],
            r["start_year"], r["end_year"],
        )  # fmt: skip

    def _status_changes(self):
        fields = ("project_id", "from_status", "to_status", "date", "reason")
        return ProjectStatusChange, fields, lambda r: (
            self._id("project", r["project"]), r["from_status"], r["to_status"], r["date"], r["reason"]
        )  # fmt: skip

    def _outputs(self):
        return ProjectOutput, ("project_id", "kind", "quantity", "description"), lambda r: (
            self._id("project", r["project"]), r["kind"], r["quantity"], r["description"]
        )  # fmt: skip

    def _beneficiaries(self):
        return ProjectBeneficiary, ("project_id", "household_id", "description"), lambda r: (
            self._id("project", r["project"]), self._id("household", r["household"]), r["description"]
        )  # fmt: skip

    def _measures(self):
        fields = (
            "plan_id",
            "category",
            "description",
            "status",
            "start_date",
            "end_date",
            "amount",
            "project_id",
        )
        return Measure, fields, lambda r: (
            self.keys.get("plan")[(r["household"], r["year"])], r["category"], r["description"], r["status"],
            r["start_date"], r["end_date"], r["amount"], self._id("project", r["project"]),
        )  # fmt: skip

    def _fund_flows(self):
        p = self.programme.pk
        projects = self.keys.get("project")
        fields = ("programme_id", "project_id", "kind", "source", "category", "year", "date", "amount",
                  "reference", "notes")  # fmt: skip
        return FundFlow, fields, lambda r: (
            p, self._id("project", r["project"]), r["kind"], r["source"],
            r["category"] or projects[r["project"]][2], r["year"], r["date"], r["amount"], r["reference"], r["notes"],
        )  # fmt: skip

    def _parks(self):
        p = self.programme.pk
        return IndustrialPark, ("programme_id", "name", "division_id"), lambda r: (
            p, r["name"], self._id("division", r["division"])
        )  # fmt: skip

    def _investments(self):
        fields = ("park_id", "name", "investor", "investor_origin_city", "amount", "sector", "status",
                  "signed_date", "started_date", "producing_date")  # fmt: skip
        return InvestmentProject, fields, lambda r: (
            self._id("park", r["park"]), r["name"], r["investor"], r["investor_origin_city"], r["amount"],
            r["sector"], r["status"], r["signed_date"], r["started_date"], r["producing_date"],
        )  # fmt: skip

    def _evaluations(self):
        p = self.programme.pk
        return Evaluation, ("programme_id", "year", "grade", "evaluator", "notes"), lambda r: (
            p, r["year"], r["grade"], r["evaluator"], r["notes"]
        )  # fmt: skip
