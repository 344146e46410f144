"""Scoped reads for the village and household pages (村、户浏览), and the personal-data access log.

Every function takes the reader's ``Scope`` (keyword-only) and filters with it, so a record outside the scope
is never returned, whichever page or export asks. Lists are querysets the caller paginates; what a page shows
per row (counts, head's name, verdict) is fetched for that page's rows in one grouped query each, never one
query per row. ID numbers and phones leave this module masked; the plain value of one record comes only from
``personal_data_value``, which the unmask view calls after checking the permission, and logs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Reverse
from django.utils.translation import gettext_lazy as _

from bangfu.accounts.scope import Scope
from bangfu.assessment.models import AssessmentRun, HouseholdResult, Level, VillageResult
from bangfu.core.models import PersonalDataAccess
from bangfu.core.personal_data import mask_birth_date, mask_id_number, mask_phone, visible_id_suffix
from bangfu.regions.models import Division
from bangfu.regions.models import Level as DivisionLevel
from bangfu.regions.selectors import path_within
from bangfu.registry import choices
from bangfu.registry.models import Household, IncomeRecord, LivingConditions, Member, Village, VillageYearStat
from bangfu.standards.asof import member_present, year_end

POOR = choices.REGISTERED_POOR_ATTRIBUTES
HEAD = choices.Relation.HEAD


# ---------------------------------------------------------------- household status (未脱贫 / 已脱贫 / 一般农户)
class HouseholdStatus:
    """A household's status in the register, from its attribute and exit year."""

    NOT_EXITED = "not_exited"  # 未脱贫: a registered poor household without an exit year
    EXITED = "exited"  # 已脱贫: a registered poor household with an exit year
    ORDINARY = "ordinary"  # 一般农户: not a registered poor household

    CHOICES = (
        (NOT_EXITED, _("not yet exited")),
        (EXITED, _("exited")),
        (ORDINARY, _("ordinary household")),
    )
    LABELS = dict(CHOICES)
    Q = {
        NOT_EXITED: Q(attribute__in=POOR, exit_year__isnull=True),
        EXITED: Q(attribute__in=POOR, exit_year__isnull=False),
        ORDINARY: ~Q(attribute__in=POOR),
    }

    @classmethod
    def of(cls, attribute: str, exit_year: int | None) -> str:
        if attribute not in POOR:
            return cls.ORDINARY
        return cls.NOT_EXITED if exit_year is None else cls.EXITED


# ------------------------------------------------------------------------------------------------ villages
def villages(*, scope: Scope) -> QuerySet[Village]:
    """Villages in ``scope``, with their division, town and county (one join each, no per-row queries)."""
    return scope.filter(Village.objects.select_related("division__parent__parent"), village="")


@dataclass(frozen=True)
class VillageFilters:
    county: str = ""  # 12-digit division code
    town: str = ""
    poor: bool | None = None
    exited: bool | None = None
    demonstration: bool | None = None
    search: str = ""  # part of the name, or the start of the division code


#: Sort keys of the village list (a leading ``-`` reverses): the columns ordered by, code last as tie-break.
VILLAGE_SORTS = {
    "code": ("division__code",),
    "name": ("division__name", "division__code"),
    "town": ("division__parent__code", "division__code"),
    "population": ("registered_population", "division__code"),
    "identified": ("identified_year", "division__code"),
    "exit": ("exit_year", "division__code"),
    "households": ("household_count", "division__code"),
}


def village_list(*, scope: Scope, filters: VillageFilters = VillageFilters(), sort: str = "code"):
    """Villages in ``scope`` that pass ``filters``, ordered by ``sort`` (a ``VILLAGE_SORTS`` key)."""
    result = villages(scope=scope)
    if filters.county:
        county = Division.objects.filter(code=filters.county).values_list("path", flat=True).first()
        result = result.filter(path_within("division__path", county)) if county else result.none()
    if filters.town:
        result = result.filter(division__parent__code=filters.town)
    if filters.poor is not None:
        result = result.filter(is_poor=filters.poor)
    if filters.exited is not None:
        result = result.filter(exit_year__isnull=not filters.exited)
    if filters.demonstration is not None:
        result = (
            result.filter(is_demonstration=True)
            if filters.demonstration
            else result.exclude(is_demonstration=True)
        )
    if text := filters.search.strip():
        match = Q(division__name__contains=text)
        if text.isdigit():
            match |= Q(division__code__startswith=text)
        result = result.filter(match)
    descending = sort.startswith("-")
    columns = VILLAGE_SORTS.get(sort.lstrip("-"), VILLAGE_SORTS["code"])
    if "household_count" in columns:
        counted = Household.objects.filter(village=OuterRef("pk")).order_by().values("village")
        result = result.annotate(
            household_count=Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")), 0)
        )
    first = F(columns[0]).desc(nulls_last=True) if descending else F(columns[0]).asc(nulls_last=True)
    return result.order_by(first, *columns[1:])


@dataclass(frozen=True)
class VillageCounts:
    households: int = 0
    registered: int = 0  # 建档立卡户
    not_exited: int = 0  # 未脱贫户


def village_counts(*, scope: Scope, village_ids) -> dict[int, VillageCounts]:
    """Households, registered poor households and not-yet-exited households of each village (one query).

    ``village_ids``: ids, or a queryset of them (the export passes its whole filtered list as a subquery).
    """
    ids = village_ids if isinstance(village_ids, QuerySet) else list(village_ids)
    rows = (
        scope.filter(Household.objects.filter(village_id__in=ids))
        .order_by()
        .values("village_id")
        .annotate(
            households=Count("pk"),
            registered=Count("pk", filter=Q(attribute__in=POOR)),
            not_exited=Count("pk", filter=HouseholdStatus.Q[HouseholdStatus.NOT_EXITED]),
        )
    )
    return {
        row["village_id"]: VillageCounts(row["households"], row["registered"], row["not_exited"])
        for row in rows
    }


def county_choices(*, scope: Scope) -> list[Division]:
    """County-level divisions that overlap ``scope`` (for the county filter): no scan of the villages."""
    counties = (
        Division.objects.filter(level=DivisionLevel.COUNTY).only("code", "name", "path").order_by("code")
    )
    return [county for county in counties if _overlaps(scope, county.path)]


def town_choices(*, scope: Scope, county: str) -> list[Division]:
    """Towns of the county ``county`` (a division code) that overlap ``scope``."""
    if not county:
        return []
    towns = Division.objects.filter(level=DivisionLevel.TOWN, parent__code=county).order_by("code")
    return [town for town in towns if _overlaps(scope, town.path)]


def _overlaps(scope: Scope, path: str) -> bool:
    """Whether the division with this path holds, or lies inside, part of ``scope``."""
    if scope.everything:
        return True
    if any(path.startswith(own) or own.startswith(path) for own in scope.division_paths):
        return True
    return any(village.startswith(path) for village in _village_paths(scope))


def _village_paths(scope: Scope) -> list[str]:
    if not scope.village_ids:
        return []
    villages = Village.objects.filter(id__in=sorted(scope.village_ids))
    return list(villages.values_list("division__path", flat=True))


def village_year_stats(*, scope: Scope, village: Village) -> list[VillageYearStat]:
    return list(scope.filter(VillageYearStat.objects.filter(village=village)).order_by("year"))


@dataclass(frozen=True)
class IncidencePoint:
    """Poverty incidence (贫困发生率) of a year: not-yet-exited registered poor people ÷ registered population."""

    year: int
    poor_people: int
    population: int

    @property
    def incidence(self) -> float | None:
        return self.poor_people / self.population if self.population else None


def village_incidence(*, scope: Scope, village: Village) -> list[IncidencePoint]:
    """The village's poverty incidence in each year from its first identification to its last statistics.

    Poor people of a year are the members of registered poor households identified in or before that year and
    not exited by its end (exit year after it, or none); their members are those on 31 December of the year
    (``standards.asof``). The population is the year's statistics, else the village's own figure.
    """
    households = scope.filter(Household.objects.filter(village=village, attribute__in=POOR))
    groups = list(households.order_by().values("identified_year", "exit_year").distinct())
    people = list(
        Member.objects.filter(household__in=households.values("pk"))
        .order_by()
        .values("household__identified_year", "household__exit_year", "birth_date")
        .annotate(n=Count("pk"))
    )
    population = {
        stat.year: stat.registered_population for stat in village_year_stats(scope=scope, village=village)
    }
    known = set(population)
    known |= {g["identified_year"] for g in groups if g["identified_year"]}
    known |= {g["exit_year"] for g in groups if g["exit_year"]}
    if village.identified_year:
        known.add(village.identified_year)
    if not known or (not groups and not village.is_poor):
        return []
    years = range(min(known), max(known) + 1)
    return [
        IncidencePoint(
            year,
            sum(
                g["n"]
                for g in people
                if (g["household__identified_year"] or year) <= year
                and (g["household__exit_year"] is None or g["household__exit_year"] > year)
                and member_present(g["birth_date"], year_end(year))
            ),
            population.get(year, village.registered_population),
        )
        for year in years
    ]


def village_households(*, scope: Scope, village: Village) -> QuerySet[Household]:
    """The village's households by code (the ``(village_id, code)`` index, registry migration 0006)."""
    return households(scope=scope).filter(village=village).order_by("code")


def village_latest_verdicts(*, scope: Scope, village: Village) -> list[VillageResult]:
    """For each standard, the village's result in the latest run of it that assessed this village."""
    results = scope.filter(VillageResult.objects.filter(village=village).select_related("run"))
    latest: dict[str, VillageResult] = {}
    for result in results.order_by("run__standard", "-run__started_at", "-run_id"):
        latest.setdefault(result.run.standard, result)
    return list(latest.values())


# ---------------------------------------------------------------------------------------------- households
def households(*, scope: Scope) -> QuerySet[Household]:
    """Households in ``scope``, with their village's division (models: never put these in a template)."""
    return scope.filter(Household.objects.select_related("village__division"))


@dataclass(frozen=True)
class HouseholdFilters:
    status: str = ""  # a HouseholdStatus
    attribute: str = ""
    cause: str = ""
    village: str = ""  # the village's division code
    standard: str = ""  # with verdict: the verdict in the latest household run of this standard
    verdict: str = ""
    search: str = ""


#: 4–6 trailing characters of an ID number (the last may be X); 18 characters: a whole ID number.
ID_SUFFIX = re.compile(r"^\d{3,5}[\dXx]$")
ID_NUMBER = re.compile(r"^\d{17}[\dXx]$")
CODE = re.compile(r"^[0-9A-Za-z-]+$")


def household_search_q(text: str, *, personal: bool = False) -> Q:
    """What a search box finds: 4–6 digits → the end of any member's ID number; a whole ID number → that
    member's household; other letters and digits → household codes starting with them; else the head's name.

    Without ``personal`` (the user may not unmask), ID numbers are searched by exactly the 4 digits a masked
    number shows anyway: 5–6 digits or a whole number would confirm hidden digits one query at a time (an
    oracle for the birth date and the number); such text is then searched as a household code.
    """
    text = text.strip()
    if not personal and not visible_id_suffix(text):
        if CODE.match(text):
            return Q(code__startswith=text)
        return Q(pk__in=Member.objects.filter(relation=HEAD, name=text).values("household_id"))
    if ID_SUFFIX.match(text):
        # reverse(id_number) LIKE '…%': an index on the reversed number serves it (PostgreSQL, migration
        # registry 0003); a plain "ends with" would read every member.
        reversed_number = Reverse("id_number")
        members = Member.objects.alias(reversed_number=reversed_number).filter(
            reversed_number__startswith=text.upper()[::-1]
        )
    elif ID_NUMBER.match(text):
        members = Member.objects.filter(id_number=text.upper())
    elif CODE.match(text):
        return Q(code__startswith=text)
    else:
        members = Member.objects.filter(relation=HEAD, name=text)
    return Q(pk__in=members.values("household_id"))


def latest_household_run(*, scope: Scope, standard: str) -> AssessmentRun | None:
    """The latest household-level run of ``standard`` (runs are not personal data; results are scoped)."""
    if not standard:
        return None
    runs = AssessmentRun.objects.filter(standard=standard, level=Level.HOUSEHOLD, year__isnull=False)
    return runs.order_by("-started_at", "-id").first()


def assessed_standards(*, scope: Scope) -> list[str]:
    """Standards with at least one household-level run (for the verdict filter)."""
    runs = AssessmentRun.objects.filter(level=Level.HOUSEHOLD, year__isnull=False)
    return sorted(set(runs.values_list("standard", flat=True)))


def household_order(scope: Scope) -> tuple[str, ...]:
    """The household lists' order: by household code for the whole register; by village (in division-code
    order), then household code, for a scope of divisions or villages.

    The two are the same order when household codes begin with their village's 12-digit division code, as
    the national register's (and generated registers') do. The scoped order lets the database read the
    scope's villages through the division path's index and each village's households through the
    ``(village_id, code)`` index (registry migration 0006), sorting only within a village, so a page stops
    after 25 rows; ordering a county by household code alone walked the code index past every household of
    the counties before it, or sorted all of the county's households.
    """
    return ("code",) if scope.everything else ("village__division__path", "code")


def household_list(*, scope: Scope, filters: HouseholdFilters = HouseholdFilters()) -> QuerySet[Household]:
    """Households in ``scope`` that pass ``filters``, in ``household_order``."""
    result = households(scope=scope)
    if filters.status in HouseholdStatus.Q:
        result = result.filter(HouseholdStatus.Q[filters.status])
    if filters.attribute:
        result = result.filter(attribute=filters.attribute)
    if filters.cause:
        result = result.filter(main_cause=filters.cause)
    if filters.village:
        result = result.filter(village__division__code=filters.village)
    if filters.standard and filters.verdict:
        run = latest_household_run(scope=scope, standard=filters.standard)
        if run is None:
            return result.none()
        # EXISTS, probed through the unique (run, household) index: a page (and a capped count) stops early.
        verdicts = HouseholdResult.objects.filter(run=run, household=OuterRef("pk"), result=filters.verdict)
        result = result.filter(Exists(verdicts))
    if filters.search.strip():
        result = result.filter(household_search_q(filters.search, personal=scope.may_view_personal_data))
    return result.order_by(*household_order(scope))


@dataclass(frozen=True)
class HouseholdRow:
    """One household as the pages show it: no plain ID number or phone."""

    code: str
    village_name: str
    village_code: str
    head_name: str
    head_id_number: str  # masked
    phone: str  # masked
    attribute: str
    attribute_label: str
    status: str
    identified_year: int | None
    exit_year: int | None
    main_cause: str
    members: int
    verdict: str = ""

    @property
    def status_label(self):
        return HouseholdStatus.LABELS[self.status]


def household_rows(*, scope: Scope, households, run: AssessmentRun | None = None) -> list[HouseholdRow]:
    """``households`` (a page of ``household_list``) with head's name, size and verdict: three queries."""
    households = list(households)
    ids = [household.pk for household in households]
    members = scope.filter(Member.objects.filter(household_id__in=ids), village="household__village")
    sizes = dict(
        members.order_by().values("household_id").annotate(n=Count("pk")).values_list("household_id", "n")
    )
    heads = dict(members.filter(relation=HEAD).order_by("id").values_list("household_id", "name"))
    verdicts = {}
    if run is not None:
        results = scope.filter(
            HouseholdResult.objects.filter(run=run, household_id__in=ids), village="household__village"
        )
        verdicts = dict(results.values_list("household_id", "result"))
    return [
        HouseholdRow(
            code=household.code,
            village_name=household.village.division.name,
            village_code=household.village.division.code,
            head_name=heads.get(household.pk, ""),
            head_id_number=mask_id_number(household.head_id_number),
            phone=mask_phone(household.phone),
            attribute=household.attribute,
            attribute_label=household.get_attribute_display(),
            status=HouseholdStatus.of(household.attribute, household.exit_year),
            identified_year=household.identified_year,
            exit_year=household.exit_year,
            main_cause=household.get_main_cause_display() if household.main_cause else "",
            members=sizes.get(household.pk, 0),
            verdict=verdicts.get(household.pk, ""),
        )
        for household in households
    ]


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
    members = scope.filter(Member.objects.filter(household=household), village="household__village")
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
    records = scope.filter(IncomeRecord.objects.filter(household=household), village="household__village")
    births = list(
        scope.filter(Member.objects.filter(household=household), village="household__village").values_list(
            "birth_date", flat=True
        )
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
    from bangfu.standards import load_standard, shipped_standard_ids

    if not scope.filter(Household.objects.filter(pk=household.pk)).exists():
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
    living = scope.filter(LivingConditions.objects.filter(household=household), village="household__village")
    return living.first()


def household_verdicts(*, scope: Scope, household: Household) -> list[HouseholdResult]:
    """Every assessment result of the household, newest run first, with its run."""
    results = scope.filter(
        HouseholdResult.objects.filter(household=household).select_related("run"),
        village="household__village",
    )
    return list(results.order_by("-run__year", "-run__started_at", "-run_id"))


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
