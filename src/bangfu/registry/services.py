"""Writes to the register, one record at a time (forms, admin actions, the API).

Bulk loads go through ``loading.py``, which writes the same models set-wise in one transaction.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from bangfu.accounts.scope import scope_for
from bangfu.core.errors import ApplicationError
from bangfu.core.personal_data import (
    personal_data_access_check,
    personal_data_access_log,
    personal_data_rate_check,
)
from bangfu.regions.models import Division, Level
from bangfu.registry.models import Household, IncomeRecord, LivingConditions, Member, Village, VillageYearStat
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


@transaction.atomic
def village_year_stat_set(
    *,
    village: Village,
    year: int,
    registered_population: int,
    disposable_income_per_capita: Decimal,
    collective_income: Decimal,
) -> VillageYearStat:
    """Record (or replace) a village's statistics for a year (村年度统计)."""
    return _yearly_set(
        VillageYearStat,
        {"village": village, "year": year},
        registered_population=registered_population,
        disposable_income_per_capita=disposable_income_per_capita,
        collective_income=collective_income,
    )


@transaction.atomic
def household_create(
    *,
    code: str,
    village: Village,
    head_id_number: str,
    attribute: str,
    housing_grade: str,
    safe_water: bool,
    identified_year: int | None = None,
    exit_year: int | None = None,
    main_cause: str = "",
    housing_renovated: bool | None = None,
    food_secure: bool | None = None,
    clothing_secure: bool | None = None,
    phone: str = "",
) -> Household:
    """Register a household (户) with its living conditions (两不愁: 不愁吃 ``food_secure``, 不愁穿
    ``clothing_secure``; None = not recorded)."""
    household = Household(
        code=code,
        village=village,
        head_id_number=head_id_number,
        attribute=attribute,
        identified_year=identified_year,
        exit_year=exit_year,
        main_cause=main_cause,
        phone=phone,
    )
    if household.is_registered_poor and identified_year is None:
        raise ApplicationError(f"贫困户 {code} 必须填写识别年度")
    if exit_year is not None and identified_year is not None and exit_year < identified_year:
        raise ApplicationError(f"户 {code} 的脱贫年度 {exit_year} 早于识别年度 {identified_year}")
    household.full_clean()
    household.save()
    living = LivingConditions(
        household=household,
        housing_grade=housing_grade,
        housing_renovated=housing_renovated,
        safe_water=safe_water,
        food_secure=food_secure,
        clothing_secure=clothing_secure,
    )
    living.full_clean()
    living.save()
    return household


@transaction.atomic
def member_create(
    *,
    household: Household,
    name: str,
    id_number: str,
    relation: str,
    sex: str,
    birth_date: date,
    health: str,
    labour_ability: str,
    resident_medical_insurance: bool,
    employee_medical_insurance: bool,
    **optional,
) -> Member:
    """Add a member (成员) to a household. ``optional`` takes the contract's optional member fields."""
    member = Member(
        household=household,
        name=name,
        id_number=id_number,
        relation=relation,
        sex=sex,
        birth_date=birth_date,
        health=health,
        labour_ability=labour_ability,
        resident_medical_insurance=resident_medical_insurance,
        employee_medical_insurance=employee_medical_insurance,
        **optional,
    )
    if bool(member.education) == bool(member.school_status):
        raise ApplicationError(f"{name}：文化程度和在校生状况必须填写且只能填写其中一项")
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def income_record_set(
    *,
    household: Household,
    year: int,
    wages: Decimal,
    business_income: Decimal,
    property_income: Decimal,
    transfer_income: Decimal,
    business_costs: Decimal,
    compliant_out_of_pocket: Decimal | None = None,
) -> IncomeRecord:
    """Record (or replace) a household's income for a year (年度收入)."""
    return _yearly_set(
        IncomeRecord,
        {"household": household, "year": year},
        wages=wages,
        business_income=business_income,
        property_income=property_income,
        transfer_income=transfer_income,
        business_costs=business_costs,
        compliant_out_of_pocket=compliant_out_of_pocket,
    )


def _yearly_set(model, key: dict, **values):
    """The record for ``key`` (an owner and a year), created or replaced with ``values``, validated."""
    record = model.objects.filter(**key).first() or model(**key)
    for name, value in values.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    return record


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
