"""Projects of the programme (帮扶项目) in the reader's scope, with their funds: ``programme.selectors``."""

from decimal import Decimal
from typing import Literal

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from bangfu.accounts.scope import scope_for
from bangfu.api import schemas
from bangfu.api.pagination import MAX_ID, Paged, Pages
from bangfu.programme_projects import selectors as browsing
from bangfu.programme_projects.selectors import ProjectFilters
from bangfu.projects.choices import ProjectCategory, ProjectStatus

router = Router(tags=["对口帮扶 Programme"])

ZERO = Decimal("0.00")
CENT = Decimal("0.01")  # sums come back as 50000 from SQLite, 50000.00 from PostgreSQL
StatusValue = Literal[tuple(ProjectStatus.values)]  # type: ignore[valid-type]
CategoryValue = Literal[tuple(ProjectCategory.values)]  # type: ignore[valid-type]


class ProjectQuery(Schema):
    programme: int | None = Field(None, ge=1, le=MAX_ID, description="对口帮扶编号 / programme id")
    status: StatusValue | None = Field(None, description="状态 / status")
    category: CategoryValue | None = Field(None, description="项目类别 / category")
    county: str = Field("", pattern=r"^(\d{12})?$", description="县区代码（12位）/ county division code")
    year: int | None = Field(None, ge=1949, le=2100, description="该年度在实施的项目 / running in this year")


def _project_row(project, funds: dict) -> dict:
    village = project.village.division if project.village_id else None
    division = project.division
    return {
        "code": project.code,
        "name": project.name,
        "programme": project.programme.name,
        "category": project.category,
        "status": project.status,
        "village_code": village.code if village else "",
        "village_name": village.name if village else "",
        "division_code": division.code if division else "",
        "division_name": division.name if division else "",
        "budget": project.budget,
        "population_served": project.population_served,
        "start_year": project.start_year,
        "end_year": project.end_year,
        **{
            kind: Decimal(funds.get(kind, ZERO)).quantize(CENT)
            for kind in ("allocated", "disbursed", "spent")
        },
    }


@router.get("/programme/projects/", response=list[schemas.ProjectOut], summary="帮扶项目 Projects")
@paginate(Pages)
def project_list(request, filters: Query[ProjectQuery]):
    """本人数据范围内的帮扶项目（村级项目按村，乡镇和县区项目按所在地），含下达、拨付和支出资金。"""
    scope = scope_for(request.user)
    found = browsing.project_list(
        scope=scope,
        filters=ProjectFilters(
            programme=filters.programme,
            category=filters.category or "",
            status=filters.status or "",
            county=filters.county,
            year=filters.year,
        ),
    )

    def rows(page):
        funds = browsing.project_fund_totals(scope=scope, project_ids=[project.pk for project in page])
        return [_project_row(project, funds.get(project.pk, {})) for project in page]

    return Paged(found, rows)
