"""Scoped reads of one household's page (户详情): members (masked), incomes, poverty lines, living conditions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bangfu.accounts.scope import Scope
from bangfu.core.personal_data import mask_birth_date, mask_id_number
from bangfu.registry.dated import household_births_as_of_years
from bangfu.registry.models import Household, IncomeRecord, LivingConditions, Member
from bangfu.registry.selectors.households import HEAD
from bangfu.standards.income import members_counted, per_capita
from bangfu.standards.lines import PovertyLine
from bangfu.standards.lines import poverty_lines as income_lines


@dataclass(frozen=True)
class MemberRow:
    """A member as the pages show them: the ID number masked."""

    id: int
    name: str
    id_number: str  # masked
    relation: str
    sex: str
    birth_year: str  # the birth date's year only: the ID number is masked (docs/personal-data.md)
    health: str
    labour_ability: str
    schooling: str  # school status, else education
    months_employed: int | None
    medical_insurance: bool
    receives_assistance: str  # 低保 / 特困供养 / ''
    out_of_school: bool | None


def household_in_area(*, scope: Scope, household: Household) -> bool:
    """Whether ``household`` lies in ``scope``'s area, by its village: the rule ``in_area`` applies in SQL
    (``Area.contains_village``), checked in Python. ``household`` as ``households`` reads it (its village and
    the village's division loaded)."""
    village = household.village
    return scope.area.contains_village(village.pk, village.division.path)


def of_household(model, *, scope: Scope, household: Household) -> QuerySet:
    """``model``'s rows of ``household`` (a model with a ``household`` key); none outside ``scope``. The area is
    checked once, in Python, instead of joining every read of the page to the household's village and division."""
    if not household_in_area(scope=scope, household=household):
        return model.objects.none()
    return model.objects.filter(household=household)


def household_members(*, scope: Scope, household: Household) -> list[MemberRow]:
    return [member_row(member) for member in _members(scope, household)]


def _members(scope: Scope, household: Household) -> list[Member]:
    return list(of_household(Member, scope=scope, household=household).order_by("id"))


def member_row(member: Member) -> MemberRow:
    return MemberRow(
        id=member.pk,
        name=member.name,
        id_number=mask_id_number(member.id_number),
        relation=member.get_relation_display(),
        sex=member.get_sex_display(),
        birth_year=mask_birth_date(member.birth_date),
        health=member.get_health_display(),
        labour_ability=member.get_labour_ability_display(),
        schooling=member.get_school_status_display() or member.get_education_display(),
        months_employed=member.months_employed,
        medical_insurance=member.resident_medical_insurance or member.employee_medical_insurance,
        receives_assistance=" ".join(
            str(label)
            for flag, label in (
                (member.receives_dibao, _("minimum living allowance")),
                (member.receives_tekun, _("extreme-poverty support")),
            )
            if flag
        ),
        out_of_school=member.out_of_school,
    )


@dataclass(frozen=True)
class IncomeRow:
    """A year's incomes; per capita over the members born by the end of that year (as the standards count)."""

    year: int
    wages: Decimal
    business_income: Decimal
    property_income: Decimal
    transfer_income: Decimal
    business_costs: Decimal
    compliant_out_of_pocket: Decimal | None
    net_income: Decimal
    members: int

    @property
    def per_capita(self) -> Decimal | None:
        """Net income ÷ members (``standards.income.per_capita``, the one formula), to the fen."""
        value = per_capita(self.net_income, self.members)
        return None if value is None else value.quantize(Decimal("0.01"))


def household_incomes(*, scope: Scope, household: Household) -> list[IncomeRow]:
    """The household's incomes by year; each year's per capita over its members as the register stood on
    31 December of that year (``registry.dated``: later corrections of a birth date change no earlier year)."""
    records = list(of_household(IncomeRecord, scope=scope, household=household).order_by("year"))
    births = household_births_as_of_years(household.pk, [record.year for record in records])
    return [
        IncomeRow(
            year=record.year,
            wages=record.wages,
            business_income=record.business_income,
            property_income=record.property_income,
            transfer_income=record.transfer_income,
            business_costs=record.business_costs,
            compliant_out_of_pocket=record.compliant_out_of_pocket,
            net_income=record.net_income,
            members=members_counted(births[record.year], record.year),
        )
        for record in records
    ]


def poverty_lines(*, scope: Scope, household: Household, years) -> list[PovertyLine]:
    """The income line of each shipped exit or monitoring standard for ``years``, where the household's
    village lies (``standards.lines``, the one reading); none outside ``scope``."""
    if not household_in_area(scope=scope, household=household):
        return []
    return _lines(household, years)


def _lines(household: Household, years) -> list[PovertyLine]:
    return list(income_lines(division_code=household.village.division.code, years=years))


def household_living(*, scope: Scope, household: Household) -> LivingConditions | None:
    return of_household(LivingConditions, scope=scope, household=household).first()


@dataclass(frozen=True)
class HouseholdPage:
    """What the household page shows of the register, read once: members (masked), the head's name,
    incomes by year, the income lines of those years and the living conditions."""

    members: list[MemberRow]
    head_name: str
    incomes: list[IncomeRow]
    lines: list[PovertyLine]
    living: LivingConditions | None


def household_page(*, scope: Scope, household: Household) -> HouseholdPage:
    """The household page's reads in four queries (members once, incomes, their years' members as dated,
    living conditions). ``household`` must have been read in ``scope`` (``households(scope=scope)``); it is
    checked against the area again (``of_household``), and nothing is read when it lies outside."""
    members = _members(scope, household)
    heads = [member.name for member in members if member.relation == HEAD]
    incomes = household_incomes(scope=scope, household=household)
    return HouseholdPage(
        members=[member_row(member) for member in members],
        head_name=heads[-1] if heads else "",
        incomes=incomes,
        lines=_lines(household, [income.year for income in incomes]),
        living=household_living(scope=scope, household=household),
    )
