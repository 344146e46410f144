"""ID-number conflicts outside the uploader's area (证件号码冲突): told, logged, rate-limited, listed to resolve.

A checked file may name an ID number that is registered in a household outside the uploader's area. The check
must say so (the register stays unique), but unchecked that is an oracle: upload any ID number, learn whether
it is registered anywhere. So each such disclosure

* is written to the personal-data access log (``core.PersonalDataAccess``, purpose ``import_conflict``), like an
  unmask, with the masked ID numbers and the file;
* counts against the uploader's limit ``BANGFU_IMPORT_CONFLICT_LIMIT`` per 24 hours: beyond it the check no
  longer says which rows conflict, only that the file has conflicts that an administrator will resolve (that
  refusal is logged too, with 0 records);
* is recorded as an ``ImportConflict`` (ID masked), listed on the upload pages to administrators and to the
  officers whose area holds the registered household — so also those who hold both areas — who resolve it.

The web upload's check calls this (``register_validate(..., allowed_division_paths=…, user=…)``). The command
line (``bangfu import``) runs with the whole register in reach and no area, so it never has such a conflict.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.scope import Scope
from bangfu.core.errors import ApplicationError
from bangfu.core.models import PersonalDataAccess
from bangfu.core.personal_data import mask_id_number, personal_data_access_log
from bangfu.registry.models import ImportConflict

PURPOSE = "import_conflict"
WINDOW = timedelta(hours=24)
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class Conflict:
    """One 成员 row whose 证件号码 is registered in a household outside the area."""

    id_number: str
    row: int
    file_household_code: str
    household_id: int
    household_code: str


def conflict_limit() -> int:
    return int(getattr(settings, "BANGFU_IMPORT_CONFLICT_LIMIT", DEFAULT_LIMIT))


def conflicts_disclosed_recently(*, user) -> int:
    """How many conflicts ``user`` was told of in the last 24 hours."""
    since = timezone.now() - WINDOW
    used = PersonalDataAccess.objects.filter(user=user, purpose=PURPOSE, accessed_at__gte=since).aggregate(
        total=Sum("records")
    )["total"]
    return used or 0


def _digest(id_number: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), id_number.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def import_conflicts_disclose(
    *, user, conflicts: list[Conflict], file_name: str, area: str, area_paths: list[str]
) -> list[Conflict]:
    """The conflicts the uploader may be told of (within the limit); records and logs all of them."""
    if not conflicts:
        return []
    allowed = max(0, conflict_limit() - conflicts_disclosed_recently(user=user))
    told, withheld = conflicts[:allowed], conflicts[allowed:]
    username = user.get_username() if user is not None else ""
    scope = ",".join(area_paths)[:100]
    if told:
        masked = "、".join(mask_id_number(c.id_number) for c in told)
        personal_data_access_log(
            user=user, purpose=PURPOSE, scope=scope, records=len(told), detail=f"{file_name}: {masked}"[:2000]
        )
    if withheld:
        personal_data_access_log(
            user=user,
            purpose=PURPOSE,
            scope=scope,
            records=0,
            detail=f"{file_name}: {len(withheld)} withheld (limit {conflict_limit()} per 24 h reached)",
        )
    now = timezone.now()
    for conflict, disclosed in [*((c, True) for c in told), *((c, False) for c in withheld)]:
        digest = _digest(conflict.id_number)
        existing = ImportConflict.objects.filter(
            digest=digest, household_id=conflict.household_id, uploaded_by=user, resolved=False
        ).first()
        if existing is not None:
            existing.times += 1
            existing.detected_at, existing.file_name, existing.row = now, file_name[:255], conflict.row
            existing.disclosed = existing.disclosed or disclosed
            existing.save(update_fields=["times", "detected_at", "file_name", "row", "disclosed"])
            continue
        ImportConflict.objects.create(
            id_number_masked=mask_id_number(conflict.id_number),
            digest=digest,
            household_id=conflict.household_id,
            household_code=conflict.household_code,
            file_household_code=conflict.file_household_code[:40],
            file_name=file_name[:255],
            row=conflict.row,
            uploader_area=area[:255],
            uploaded_by=user,
            uploaded_by_name=username,
            detected_at=now,
            disclosed=disclosed,
        )
    return told


def import_conflicts_visible(*, scope: Scope):
    """The conflicts a user may see and resolve: those whose registered household lies in their scope."""
    return ImportConflict.objects.in_area(scope.area).select_related("household")


@transaction.atomic
def import_conflict_resolve(*, conflict_id: int, user, scope: Scope) -> ImportConflict:
    """Mark a conflict resolved (the officers have settled which household the person belongs to)."""
    if not scope.may_change_register:
        raise ApplicationError(_("Only administrators and officers resolve ID-number conflicts."))
    conflict = import_conflicts_visible(scope=scope).filter(pk=conflict_id).first()
    if conflict is None:
        raise ApplicationError(_("No such conflict in your area."))
    if not conflict.resolved:
        conflict.resolved, conflict.resolved_by, conflict.resolved_at = True, user, timezone.now()
        conflict.save(update_fields=["resolved", "resolved_by", "resolved_at"])
    return conflict
