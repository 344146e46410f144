"""Access scope (数据范围): which villages, households and divisions a user may see, and what they may do.

Every selector that returns register or programme data takes a ``Scope`` and filters with it, so that no
view, API route or export can forget it. A scope is either everything (administrators), a set of
division-path prefixes (officers, inspectors, assisting units without pairings) or a set of villages
(village cadres, assisting units through their pairings). A user without a profile sees nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from bangfu.accounts.models import Role
from bangfu.core.personal_data import personal_data_permitted
from bangfu.regions.selectors import path_within


@dataclass(frozen=True)
class Scope:
    """What one user may see: everything, division paths (``/44/4415/441521/``), or villages by id."""

    role: str | None
    everything: bool = False
    division_paths: tuple[str, ...] = ()
    village_ids: frozenset[int] | None = None
    may_view_personal_data: bool = False

    @property
    def may_change_register(self) -> bool:
        """Start assessment runs and import register files (管理员, officers)."""
        return self.role in {Role.ADMINISTRATOR, Role.OFFICER}

    @property
    def may_record_visits(self) -> bool:
        """Record visits and assistance measures (驻村干部, and those who manage them)."""
        return self.role in {Role.ADMINISTRATOR, Role.OFFICER, Role.CADRE, Role.UNIT}

    @property
    def may_record_markets(self) -> bool:
        """Record training, placements and sales (就业、消费帮扶): township officers and assisting units."""
        return self.role in {Role.ADMINISTRATOR, Role.OFFICER, Role.UNIT}

    @property
    def may_record_visits_for_others(self) -> bool:
        """Record a visit in another cadre's name (those who manage cadres); a village cadre records their own."""
        return self.role in {Role.ADMINISTRATOR, Role.OFFICER, Role.UNIT}

    def village_q(self, village: str = "") -> Q:
        """A filter for rows whose village is in scope; ``village`` is the lookup to it (e.g. ``"village"``)."""
        if self.everything:
            return Q()
        prefix = f"{village}__" if village else ""
        conditions = [path_within(f"{prefix}division__path", path) for path in self.division_paths]
        if self.village_ids is not None:
            conditions.append(Q(**{f"{prefix}id__in": sorted(self.village_ids)}))
        return reduce(or_, conditions) if conditions else Q(pk__in=[])

    def division_q(self, division: str = "") -> Q:
        """A filter for divisions in scope (inside a scope division, or a scope village's own division)."""
        if self.everything:
            return Q()
        prefix = f"{division}__" if division else ""
        conditions = [path_within(f"{prefix}path", path) for path in self.division_paths]
        if self.village_ids is not None:
            conditions.append(Q(**{f"{prefix}village__id__in": sorted(self.village_ids)}))
        return reduce(or_, conditions) if conditions else Q(pk__in=[])

    def filter(self, queryset: QuerySet, *, village: str = "village") -> QuerySet:
        """``queryset`` narrowed to rows whose village (reached by the lookup ``village``) is in scope."""
        return queryset.filter(self.village_q(village))

    def contains_division_path(self, path: str) -> bool:
        """Whether the division with this materialized path lies wholly inside the scope."""
        return self.everything or any(path.startswith(prefix) for prefix in self.division_paths)


NOTHING = Scope(role=None)


def scope_for(user) -> Scope:
    """The scope of ``user``, read once per request (cached on the user object)."""
    cached = getattr(user, "_bangfu_scope", None)
    if cached is not None:
        return cached
    scope = _scope_uncached(user)
    if user is not None:
        user._bangfu_scope = scope
    return scope


def _scope_uncached(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    permitted = personal_data_permitted(user)
    if user.is_superuser:
        return Scope(role=Role.ADMINISTRATOR, everything=True, may_view_personal_data=permitted)
    profile = getattr(user, "profile", None)
    if profile is None:
        return NOTHING
    if profile.role == Role.ADMINISTRATOR:
        return Scope(role=profile.role, everything=True, may_view_personal_data=permitted)
    paths = tuple(sorted(profile.divisions.values_list("path", flat=True)))
    villages = frozenset(profile.villages.values_list("id", flat=True))
    if profile.role == Role.CADRE:
        return Scope(role=profile.role, village_ids=villages, may_view_personal_data=permitted)
    if profile.role == Role.UNIT:
        paired = paired_village_ids(user)
        if paired:  # pairings replace the provisional division scope once they exist
            return Scope(role=profile.role, village_ids=paired, may_view_personal_data=permitted)
    return Scope(
        role=profile.role,
        division_paths=paths,
        village_ids=villages or None,
        may_view_personal_data=permitted,
    )


def paired_village_ids(user) -> frozenset[int]:
    """Villages paired (结对) with the assisting unit of ``user``'s profile; empty when it has none."""
    unit_id = getattr(user.profile, "assisting_unit_id", None)
    if unit_id is None:
        return frozenset()
    from bangfu.programme.models import Pairing  # the programme app owns pairings

    return frozenset(Pairing.objects.filter(unit_id=unit_id).values_list("village_id", flat=True))
