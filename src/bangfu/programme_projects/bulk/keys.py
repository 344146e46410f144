"""Natural keys of records already in the database (key → id and attributes), loaded when first needed."""

from __future__ import annotations

from bangfu.programme.models import AssistingUnit, Cadre, HouseholdPlan, Programme
from bangfu.projects.models import IndustrialPark, Project
from bangfu.regions.models import Division
from bangfu.registry.models import Household, Village


class Keys:
    """Natural keys of records in the database, loaded when first needed: key → id (and attributes)."""

    def __init__(self, programme: Programme):
        self.programme = programme
        self._cache: dict[str, dict] = {}

    def get(self, target: str) -> dict:
        if target not in self._cache:
            loader = getattr(self, f"_load_{target}", None)
            self._cache[target] = loader() if loader else EXTRA_LOADERS[target]()
        return self._cache[target]

    def forget(self, target: str) -> None:
        self._cache.pop(target, None)

    def _load_unit(self) -> dict:
        keys = {}
        for pk, name, code in AssistingUnit.objects.values_list("pk", "name", "uscc"):
            keys[name] = pk
            if code:
                keys.setdefault(code, pk)
        return keys

    def _load_village(self) -> dict:
        return dict(Village.objects.values_list("division__code", "pk"))

    def _load_household(self) -> dict:
        return dict(Household.objects.values_list("code", "pk"))

    def _load_division(self) -> dict:
        return {code: (pk, level) for code, pk, level in Division.objects.values_list("code", "pk", "level")}

    def _load_cadre(self) -> dict:
        return dict(Cadre.objects.exclude(code="").values_list("code", "pk"))

    def _load_project(self) -> dict:
        values = Project.objects.values_list("code", "pk", "programme_id", "category", "status")
        return {
            code: (pk, programme_id, category, status) for code, pk, programme_id, category, status in values
        }

    def _load_park(self) -> dict:
        return dict(IndustrialPark.objects.filter(programme=self.programme).values_list("name", "pk"))

    def _load_plan(self) -> dict:
        values = HouseholdPlan.objects.values_list("household__code", "year", "pk")
        return {(code, year): pk for code, year, pk in values}


#: Natural-key maps added by extensions (``bulk/extension.py``): target → loader.
EXTRA_LOADERS: dict = {}

#: Natural-key maps that change when an entity is inserted.
REFRESH = {
    "units": ("unit",),
    "cadres": ("cadre",),
    "plans": ("plan",),
    "projects": ("project",),
    "parks": ("park",),
}
