"""An ``Area`` (``bangfu.codes.area``) applied to querysets: one method per model, ``objects.in_area(area)``.

A model whose rows belong to a village declares ``area_village``, the lookup from it to its ``Village``
(``""`` for the village itself, ``"household__village"`` for a member); a model whose rows belong to a
division declares ``area_division`` (the lookup to its ``Division``). Its manager is
``AreaQuerySet.as_manager()``, so ``Model.objects.in_area(area)`` is the one way its rows are narrowed to what a
reader may see. Divisions are matched by materialized path (an indexed prefix, ``regions.selectors.path_within``),
or by division-code prefix for an area given as prefixes alone; villages by id.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from bangfu.codes.area import Area
from bangfu.regions.selectors import path_within


def village_q(area: Area, village: str = "") -> Q:
    """Rows whose village (reached by the lookup ``village``, ``""`` for villages themselves) is in ``area``."""
    if area.unrestricted:
        return Q()
    prefix = f"{village}__" if village else ""
    conditions = _divisions(area, f"{prefix}division__")
    if area.village_ids:
        conditions.append(Q(**{f"{prefix}id__in": sorted(area.village_ids)}))
    return reduce(or_, conditions) if conditions else Q(pk__in=[])


def division_q(area: Area, division: str = "") -> Q:
    """Divisions in ``area``: inside one of its divisions, or one of its villages' own division."""
    if area.unrestricted:
        return Q()
    prefix = f"{division}__" if division else ""
    conditions = _divisions(area, prefix)
    if area.village_ids:
        conditions.append(Q(**{f"{prefix}village__id__in": sorted(area.village_ids)}))
    return reduce(or_, conditions) if conditions else Q(pk__in=[])


def inside_divisions_q(area: Area, division: str = "") -> Q:
    """Divisions inside one of the area's own divisions (not its single villages): everything for
    ``Area.everything()``, nothing for an area of villages only."""
    if area.unrestricted:
        return Q()
    conditions = _divisions(area, f"{division}__" if division else "")
    return reduce(or_, conditions) if conditions else Q(pk__in=[])


def _divisions(area: Area, prefix: str) -> list[Q]:
    if area.division_paths:
        return [path_within(f"{prefix}path", path) for path in area.division_paths]
    return [Q(**{f"{prefix}code__startswith": code}) for code in area.prefixes]


class AreaQuerySet(QuerySet):
    """The queryset of a model that declares ``area_village`` or ``area_division`` (see the module)."""

    def in_area(self, area: Area) -> QuerySet:
        """The rows of ``area`` (every row for ``Area.everything()``, none for ``Area.nothing()``)."""
        if not isinstance(area, Area):
            raise TypeError(f"in_area needs an Area, got {area!r}")
        village = getattr(self.model, "area_village", None)
        if village is not None:
            return self.filter(village_q(area, village))
        return self.filter(division_q(area, self.model.area_division))
