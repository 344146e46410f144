"""Access scope (数据范围): what a user may see (their ``Area``) and what they may do (their role).

A ``Scope`` is built from the user (``scope_for``): the role and the personal-data permission,
and the ``Area`` (``bangfu.codes.area``) of the divisions and villages the user may see: everything
(administrators), division-path prefixes (officers, inspectors, assisting units without pairings) or villages
(village cadres, assisting units through their pairings). A user without a profile sees nothing. Every read and
service of register or programme data takes the scope (or its area) and narrows its querysets with
``Model.objects.in_area(scope.area)`` (``regions/area.py``); the standards compiler takes the same area.

Building a scope reads the profile, its divisions and villages, the unit's pairings and the user's permissions
(up to 7 queries). ``scope_for`` keeps it in the cache (``django.core.cache``) under the user and the token of
``ScopeVersion``, which ``scope_version_bump`` changes whenever any of those change (``accounts.signals``; the
programme's bulk load calls it): a request then costs one query for the token, and a change takes effect on the
next request of every process.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Q

from bangfu.accounts.models import Role, ScopeVersion
from bangfu.codes.area import Area
from bangfu.core.personal_data import personal_data_permitted
from bangfu.regions.area import division_q, village_q


@dataclass(frozen=True)
class Scope:
    """What one user may do (``role``, personal data) and see (``area``)."""

    role: str | None
    area: Area = field(default_factory=Area.nothing)
    may_view_personal_data: bool = False

    @classmethod
    def administrator(cls, *, may_view_personal_data: bool = False) -> Scope:
        """An administrator's scope: everything (the command line, exports of the whole register)."""
        return cls(
            role=Role.ADMINISTRATOR, area=Area.everything(), may_view_personal_data=may_view_personal_data
        )

    @property
    def everything(self) -> bool:
        return self.area.unrestricted

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
        """A filter for rows whose village (reached by the lookup ``village``) is in the area.

        For models without ``objects.in_area`` (the programme's, whose rows belong to a village or a division).
        """
        return village_q(self.area, village)

    def division_q(self, division: str = "") -> Q:
        """A filter for divisions in the area (inside an area division, or an area village's own division)."""
        return division_q(self.area, division)

    def contains_division_path(self, path: str) -> bool:
        """Whether the division with this materialized path lies wholly inside the area."""
        return self.area.contains_division_path(path)


NOTHING = Scope(role=None)


def scope_for(user) -> Scope:
    """The scope of ``user``: kept on the user object for the request, and in the cache across requests.

    The cache key holds the current ``ScopeVersion`` token (one query per request), so a scope built before any
    change to profiles, divisions, villages, pairings or permissions is never used after it.
    """
    cached = getattr(user, "_bangfu_scope", None)
    if cached is not None:
        return cached
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:  # everything, and every permission: built without a query
        user._bangfu_scope = _scope_uncached(user)
        return user._bangfu_scope
    token = scope_version_token()
    key = f"bangfu-scope:{user.pk}:{token}" if token else None
    scope = cache.get(key) if key else None
    if scope is None:
        scope = _scope_uncached(user)
        if key:
            cache.set(key, scope, timeout=SCOPE_CACHE_SECONDS)
    user._bangfu_scope = scope
    return scope


#: How long a cached scope is kept at most (a change of token makes it unused at once).
SCOPE_CACHE_SECONDS = 3600


def scope_version_token() -> str:
    """The current token of ``ScopeVersion`` ("" when its row is missing: then nothing is cached)."""
    return ScopeVersion.objects.filter(pk=1).values_list("token", flat=True).first() or ""


def scope_version_bump() -> None:
    """Give ``ScopeVersion`` a new token: every cached scope is built again on its user's next request.

    Call it in the transaction that changes what scopes are built from, so the new token is seen exactly when
    the change is.
    """
    token = secrets.token_hex(16)
    if not ScopeVersion.objects.filter(pk=1).update(token=token):
        ScopeVersion.objects.update_or_create(pk=1, defaults={"token": token})


def _scope_uncached(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    permitted = personal_data_permitted(user)
    if user.is_superuser:
        return Scope.administrator(may_view_personal_data=permitted)
    profile = getattr(user, "profile", None)
    if profile is None:
        return NOTHING
    if profile.role == Role.ADMINISTRATOR:
        return Scope.administrator(may_view_personal_data=permitted)
    paths = profile.divisions.values_list("path", flat=True)
    villages = dict(profile.villages.values_list("id", "division__code"))
    if profile.role == Role.CADRE:
        return Scope(role=profile.role, area=Area.of(villages=villages), may_view_personal_data=permitted)
    if profile.role == Role.UNIT:
        paired = paired_villages(profile)
        if paired:  # pairings replace the provisional division scope once they exist
            return Scope(role=profile.role, area=Area.of(villages=paired), may_view_personal_data=permitted)
    area = Area.of(division_paths=paths, villages=villages)
    return Scope(role=profile.role, area=area, may_view_personal_data=permitted)


def paired_villages(profile) -> dict[int, str]:
    """Villages paired (结对) with the assisting unit of ``profile`` (id → code); empty when it has none.

    Read through the profile's own relation to villages, whose rows the programme's pairings point at.
    """
    if profile.assisting_unit_id is None:
        return {}
    village = profile.villages.model
    paired = village.objects.filter(pairings__unit_id=profile.assisting_unit_id)
    return dict(paired.values_list("id", "division__code").distinct())
