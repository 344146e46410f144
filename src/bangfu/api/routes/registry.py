"""Villages and households (村、户): the same scoped selectors as the pages (``registry.selectors``)."""

from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from bangfu.accounts.scope import scope_for
from bangfu.api import schemas
from bangfu.api.pagination import Paged, Pages
from bangfu.api.selectors import failed
from bangfu.assessment import verdicts
from bangfu.registry import choices
from bangfu.registry import selectors as browsing
from bangfu.registry.selectors import HouseholdFilters, HouseholdStatus, VillageFilters

router = Router(tags=["村和户 Villages and households"])

DIVISION_CODE = r"^\d{12}$"


# ------------------------------------------------------------------------------------------------ villages
class VillageQuery(Schema):
    county: str = Field("", pattern=r"^(\d{12})?$", description="县区代码（12位）/ county division code")
    town: str = Field("", pattern=r"^(\d{12})?$", description="乡镇代码（12位）/ town division code")
    poor: bool | None = Field(None, description="只看贫困村（true）或非贫困村（false）/ poor villages or not")
    exited: bool | None = Field(None, description="已出列（true）或未出列（false）/ exited or not")
    search: str = Field(
        "", max_length=50, description="村名的一部分或代码开头 / part of the name, code start"
    )


def _village_row(village, counts: browsing.VillageCounts) -> dict:
    division = village.division
    town = division.parent
    county = town.parent if town else None
    return {
        "division_code": division.code,
        "name": division.name,
        "town_code": town.code if town else "",
        "town": town.name if town else "",
        "county_code": county.code if county else "",
        "county": county.name if county else "",
        "is_poor": village.is_poor,
        "identified_year": village.identified_year,
        "exit_year": village.exit_year,
        "is_demonstration": village.is_demonstration,
        "registered_population": village.registered_population,
        "households": counts.households,
        "registered_households": counts.registered,
        "not_exited_households": counts.not_exited,
    }


@router.get("/villages/", response=list[schemas.VillageOut], summary="村列表 List villages")
@paginate(Pages)
def village_list(request, filters: Query[VillageQuery]):
    """本人数据范围内的村，按行政区划代码排序。/ Villages in your scope, by division code."""
    scope = scope_for(request.user)
    villages = browsing.village_list(scope=scope, filters=VillageFilters(**filters.dict()))

    def rows(page):
        counts = browsing.village_counts(scope=scope, village_ids=[village.pk for village in page])
        return [_village_row(v, counts.get(v.pk, browsing.VillageCounts())) for v in page]

    return Paged(villages, rows)


def village_or_404(request, division_code: str):
    scope = scope_for(request.user)
    village = browsing.villages(scope=scope).filter(division__code=division_code).first()
    if village is None:  # outside the scope looks the same as not there
        raise Http404
    return scope, village


@router.get("/villages/{division_code}/", response=schemas.VillageDetailOut, summary="一个村 One village")
def village_detail(request, division_code: str):
    """村的概况、年度统计、历年贫困发生率和最近的评估结果；不在本人数据范围内的村返回 404。"""
    scope, village = village_or_404(request, division_code)
    counts = browsing.village_counts(scope=scope, village_ids=[village.pk]).get(
        village.pk, browsing.VillageCounts()
    )
    return {
        **_village_row(village, counts),
        "stats": browsing.village_year_stats(scope=scope, village=village),
        "incidence": [
            {
                "year": point.year,
                "poor_people": point.poor_people,
                "population": point.population,
                "incidence": point.incidence,
            }
            for point in browsing.village_incidence(scope=scope, village=village)
        ],
        "latest_verdicts": [
            {
                "run_id": result.run_id,
                "standard": result.run.standard,
                "year": result.run.year,
                "result": result.result,
                "incidence": result.incidence,
                "failed_criteria": failed(result.failed_criteria),
            }
            for result in verdicts.village_latest_verdicts(scope=scope, village=village)
        ],
    }


# ---------------------------------------------------------------------------------------------- households
Status = Literal[HouseholdStatus.NOT_EXITED, HouseholdStatus.EXITED, HouseholdStatus.ORDINARY]
Attribute = Literal[tuple(choices.HouseholdAttribute.values)]  # type: ignore[valid-type]
Cause = Literal[tuple(choices.PovertyCause.values)]  # type: ignore[valid-type]


class HouseholdQuery(Schema):
    village: str = Field("", pattern=r"^(\d{12})?$", description="村的行政区划代码 / village division code")
    status: Status | None = Field(
        None, description="not_exited 未脱贫、exited 已脱贫、ordinary 一般农户 / status"
    )
    attribute: Attribute | None = Field(None, description="贫困户属性 / household attribute")
    cause: Cause | None = Field(None, description="主要致贫原因 / main cause of poverty")
    search: str = Field(
        "",
        max_length=50,
        description="户编号开头、户主姓名、证件号码后4–6位或完整证件号码 / code, head's name, ID digits",
    )


def _household_row(row: verdicts.HouseholdRow) -> dict:
    return {
        "code": row.code,
        "village_code": row.village_code,
        "village_name": row.village_name,
        "head_name": row.head_name,
        "head_id_number": row.head_id_number,  # masked by household_rows
        "phone": row.phone,  # masked by household_rows
        "attribute": row.attribute,
        "status": row.status,
        "identified_year": row.identified_year,
        "exit_year": row.exit_year,
        "main_cause": row.main_cause,
        "members": row.members,
    }


@router.get("/households/", response=list[schemas.HouseholdOut], summary="户列表 List households")
@paginate(Pages)
def household_list(request, filters: Query[HouseholdQuery]):
    """本人数据范围内的户，按户编号排序；证件号码和电话已遮蔽。/ Households in your scope; IDs masked."""
    scope = scope_for(request.user)
    households = verdicts.household_list(
        scope=scope,
        filters=HouseholdFilters(
            village=filters.village,
            status=filters.status or "",
            attribute=filters.attribute or "",
            cause=filters.cause or "",
            search=filters.search,
        ),
    )

    def rows(page):
        return [_household_row(row) for row in verdicts.household_rows(scope=scope, households=page)]

    return Paged(households, rows)


def _verdict(result) -> dict:
    criteria = (result.detail or {}).get("criteria", {})
    return {
        "run_id": result.run_id,
        "standard": result.run.standard,
        "year": result.run.year,
        "result": result.result,
        "failed_criteria": failed(result.failed_criteria),
        "category": result.category,
        "criteria": [
            {
                "id": key,
                "passed": value.get("passed"),
                "flagged": value.get("flagged"),
                "values": value.get("values", {}),
            }
            for key, value in criteria.items()
        ],
    }


@router.get("/households/{code}/", response=schemas.HouseholdDetailOut, summary="一户 One household")
def household_detail(request, code: str):
    """户的成员（证件号码已遮蔽）、历年收入、生活条件和每次评估的逐条原因；不在数据范围内返回 404。"""
    scope = scope_for(request.user)
    household = browsing.households(scope=scope).filter(code=code).first()
    if household is None:
        raise Http404
    (row,) = verdicts.household_rows(scope=scope, households=[household])
    living = browsing.household_living(scope=scope, household=household)
    return {
        **_household_row(row),
        "people": browsing.household_members(scope=scope, household=household),
        "incomes": [
            {**vars(income), "per_capita": income.per_capita}
            for income in browsing.household_incomes(scope=scope, household=household)
        ],
        "living": living,
        "verdicts": [_verdict(r) for r in verdicts.household_verdicts(scope=scope, household=household)],
    }
