"""Personal data (个人信息): the plain value of one record, which the unmask service reads after checking the
permission and logs, and the access log (administrators only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from bangfu.accounts.scope import Scope
from bangfu.core.models import PersonalDataAccess
from bangfu.registry.selectors.households import households


# ---------------------------------------------------------------------------------------- personal data
@dataclass(frozen=True)
class PersonalValue:
    """One record's plain personal data, for the unmask view to show and log."""

    value: str
    what: str  # which record, for the access log
    division_code: str


def personal_data_value(*, scope: Scope, household_code: str, record: str) -> PersonalValue | None:
    """The plain phone of the household (``record="phone"``) or ID number of one member (``record`` = id).

    None when the household is outside ``scope`` or the member is not one of its members.
    """
    household = households(scope=scope).filter(code=household_code).first()
    if household is None:
        return None
    division_code = household.village.division.code
    if record == "phone":
        if not household.phone:
            return None
        return PersonalValue(household.phone, f"户 {household.code} 联系电话", division_code)
    if not record.isdigit() or len(record) > 18:  # a database id is below 2⁶³ (more would overflow SQLite)
        return None
    member = household.members.filter(pk=int(record)).first()
    if member is None:
        return None
    return PersonalValue(
        member.id_number, f"户 {household.code} 成员 {member.name}（#{member.pk}）证件号码", division_code
    )


def personal_data_accesses(*, scope: Scope, username: str = "") -> QuerySet[PersonalDataAccess]:
    """The access log (newest first), for administrators only: anyone else gets nothing."""
    if not scope.everything:
        return PersonalDataAccess.objects.none()
    log = PersonalDataAccess.objects.all()
    if username:
        log = log.filter(username=username)
    return log.order_by("-accessed_at", "-id")


def personal_data_usernames(*, scope: Scope) -> list[str]:
    if not scope.everything:
        return []
    return list(PersonalDataAccess.objects.order_by("username").values_list("username", flat=True).distinct())
