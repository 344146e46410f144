"""Scoped reads of one household's page (户详情): members (masked), incomes, poverty lines, living conditions."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from bangfu.accounts.scope import Scope
from bangfu.core.personal_data import mask_birth_date, mask_id_number
from bangfu.registry.models import Household, IncomeRecord, LivingConditions, Member
from bangfu.standards import load_standard, shipped_standard_ids
from bangfu.standards.asof import member_present, year_end


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


def household_members(*, scope: Scope, household: Household) -> list[MemberRow]:
    members = Member.objects.in_area(scope.area).filter(household=household)
    return [
        MemberRow(
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
        for member in members.order_by("id")
    ]


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
        return (self.net_income / self.members).quantize(Decimal("0.01")) if self.members else None


@dataclass(frozen=True)
class PovertyLine:
    """A standard's income line (收入线) by year, for the household's village."""

    standard: str
    title: str
    values: dict[int, float] = field(default_factory=dict)


def household_incomes(*, scope: Scope, household: Household) -> list[IncomeRow]:
    records = IncomeRecord.objects.in_area(scope.area).filter(household=household)
    births = list(
        Member.objects.in_area(scope.area).filter(household=household).values_list("birth_date", flat=True)
    )
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
            members=sum(1 for birth in births if member_present(birth, year_end(record.year))),
        )
        for record in records.order_by("year")
    ]


def poverty_lines(*, scope: Scope, household: Household, years) -> list[PovertyLine]:
    """The income line (parameter ``line``) of each shipped exit or monitoring standard, for ``years``.

    Read through the standards package: a line may differ by year and by region (the longest division-code
    prefix of the household's village wins). Standards without a line in any of the years are left out.
    """
    if not Household.objects.in_area(scope.area).filter(pk=household.pk).exists():
        return []
    village_code = household.village.division.code
    lines = []
    for standard_id in shipped_standard_ids():
        standard = load_standard(standard_id)
        line = standard.parameters.get("line")
        if standard.kind not in ("household_exit", "monitoring") or line is None:
            continue
        regions = [region for region in line.regions() if village_code.startswith(region)] + [""]
        values = {}
        for year in years:
            found = next((line.value(year, r) for r in regions if line.value(year, r) is not None), None)
            if found is not None:
                values[year] = float(found)
        if values:
            lines.append(PovertyLine(standard.id, standard.title, values))
    return lines


def household_living(*, scope: Scope, household: Household) -> LivingConditions | None:
    living = LivingConditions.objects.in_area(scope.area).filter(household=household)
    return living.first()
