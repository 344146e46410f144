"""Writes to the register one record at a time: a village (the admin's add page) and unmasking personal data.

Households, members, incomes and village statistics are added by the register import (``importing``, which
checks its rules set-wise) and the bulk load (``loading.py``); there is no single-record service for them.
"""

from __future__ import annotations

from django.db import transaction

from bangfu.accounts.scope import scope_for
from bangfu.core.errors import ApplicationError
from bangfu.core.personal_data import (
    personal_data_access_check,
    personal_data_access_log,
    personal_data_rate_check,
)
from bangfu.regions.models import Division, Level
from bangfu.registry.models import Village
from bangfu.registry.selectors import personal_data_value


@transaction.atomic
def village_create(
    *,
    division: Division,
    registered_population: int,
    is_poor: bool = False,
    identified_year: int | None = None,
    exit_year: int | None = None,
    is_demonstration: bool | None = None,
) -> Village:
    """Register a village (村) for a village-level division."""
    if division.level != Level.VILLAGE:
        raise ApplicationError(f"{division.code} 不是村级行政区划，不能登记为村")
    if is_poor and identified_year is None:
        raise ApplicationError(f"贫困村 {division.name} 必须填写识别年度")
    if exit_year is not None and identified_year is not None and exit_year < identified_year:
        raise ApplicationError(f"{division.name} 的出列年度 {exit_year} 早于识别年度 {identified_year}")
    village = Village(
        division=division,
        registered_population=registered_population,
        is_poor=is_poor,
        identified_year=identified_year,
        exit_year=exit_year,
        is_demonstration=is_demonstration,
    )
    village.full_clean()
    village.save()
    return village


class UnmaskRefused(ApplicationError):
    """The user may not unmask at all (no permission), as opposed to a refusal for now (the hourly limit)."""


@transaction.atomic
def personal_data_unmask(*, user, household_code: str, record: str):
    """One record's plain personal data (a member's ID number, or ``record="phone"`` the household's phone),
    for ``user``; every disclosure logged. ``None`` for a household outside the user's scope or a record that
    is not the household's.

    Raises ``UnmaskRefused`` without the permission ``core.view_personal_data`` and ``ApplicationError``
    (with a Chinese message saying how long to wait) once the user has unmasked
    ``BANGFU_UNMASK_LIMIT_PER_HOUR`` records in the last hour.
    """
    try:
        personal_data_access_check(user)
    except ApplicationError as error:
        raise UnmaskRefused(error.message, error.extra) from None
    found = personal_data_value(scope=scope_for(user), household_code=household_code, record=record)
    if found is None:
        return None
    personal_data_rate_check(user)
    personal_data_access_log(
        user=user, purpose="view", scope=found.division_code, records=1, detail=found.what
    )
    return found
