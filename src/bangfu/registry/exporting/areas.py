"""Which parts of the register a user may export from the web (the upload page's download of the register).

An administrator exports the whole register or one county; an officer one of their divisions (the villages
inside it, as ``register_export(scope=<12-digit code>)`` reads a full code). Nobody else exports. The area is
chosen from this list, so a code outside the user's scope cannot be asked for.
"""

from __future__ import annotations

from bangfu.accounts.scope import Scope
from bangfu.regions.models import Division
from bangfu.regions.models import Level as DivisionLevel


def register_export_areas(*, scope: Scope) -> list[tuple[str, str]]:
    """(scope for ``register_export``, division name) the user may export; ``""`` is the whole register."""
    if not scope.may_change_register:
        return []
    if scope.everything:
        counties = Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code")
        return [("", ""), *counties.values_list("code", "name")]
    own = Division.objects.filter(code__in=scope.area.division_codes)  # the officer's divisions
    return list(own.order_by("code").values_list("code", "name"))
