"""Dynamic monitoring (防止返贫动态监测) in the reader's scope: cases (list with the page's filters, one case with
its timeline, overdue flags and measures) and department alerts. Read-only, paginated like the rest of the
API; no ID numbers are returned (alerts give the household code, the department, the event and the amount).
"""

from datetime import date
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from bangfu.accounts.scope import scope_for
from bangfu.api.pagination import Pages
from bangfu.monitoring import case_selectors, selectors
from bangfu.monitoring.deadlines import overdue_flags
from bangfu.monitoring.elimination import case_measures

router = Router(tags=["防止返贫动态监测 Monitoring"])


class CaseOut(Schema):
    id: int
    code: str = Field(description="监测编号 / case code")
    household_code: str = Field(description="户编号 / household code", alias="household.code")
    village_code: str = Field(
        description="所在村代码 / village code", alias="household.village.division.code"
    )
    category: str = Field(description="监测对象类别 / category")
    risk_types: list[str] = Field(description="风险类型（1–5个）/ risk types")
    channel: str = Field(description="发现渠道 / channel")
    step: str = Field(description="当前环节 / step")
    discovered_on: date
    identified_on: date | None = Field(description="识别监测时间 / identified on")
    eliminated_on: date | None = Field(description="消除时间 / risk eliminated on")
    elimination_method: str = Field(description="风险消除方式 / elimination method")
    reopened_count: int = Field(description="重新纳入次数 / times reopened")


class StepOut(Schema):
    on: date
    step: str
    action: str = Field(description="办理事项 / what was done")
    username: str = Field(description="办理人 / who")
    note: str


class MeasureOut(Schema):
    year: int = Field(alias="plan.year")
    category: str
    description: str
    status: str
    start_date: date | None


class CaseDetailOut(CaseOut):
    overdue: list[str] = Field(description="超期标记：识别超期、帮扶措施超期 / overdue flags")
    steps: list[StepOut] = Field(description="办理记录 / timeline")
    measures: list[MeasureOut] = Field(description="帮扶措施 / assistance measures")


class CaseQuery(Schema):
    category: str = ""
    risk: str = ""
    step: str = ""
    overdue: bool = False
    area: str = Field("", description="行政区划代码（县、镇或村）/ division code")


class AlertOut(Schema):
    code: str = Field(description="预警编号 / alert code")
    household_code: str = Field(alias="household.code")
    department: str = Field(description="来源部门 / department")
    event: str = Field(description="预警事项 / event")
    occurred_on: date
    amount: Decimal | None = Field(description="金额（元）/ amount (yuan)")
    raised: bool = Field(description="是否达到预警阈值 / crossed the threshold")
    status: str
    case_code: str = Field("", description="纳入的监测编号 / case code")

    @staticmethod
    def resolve_case_code(alert) -> str:
        return alert.case.code if alert.case_id else ""


@router.get("/monitoring/cases/", response=list[CaseOut], summary="监测对象 Monitoring cases")
@paginate(Pages)
def case_list(request, filters: Query[CaseQuery]):
    query = {key: ("1" if value is True else value) for key, value in filters.dict().items() if value}
    parsed = case_selectors.CaseFilters.from_query(query)
    return case_selectors.cases_filtered(
        scope=scope_for(request.user), filters=parsed, today=timezone.localdate()
    )


@router.get("/monitoring/cases/{pk}/", response=CaseDetailOut, summary="一个监测对象 One case")
def case_detail(request, pk: int):
    case = case_selectors.case_get(scope=scope_for(request.user), pk=pk)
    if case is None:
        raise Http404
    case.overdue = overdue_flags(case, timezone.localdate())
    case.measures = list(case_measures(case).select_related("plan").order_by("start_date", "id"))
    return case


@router.get("/monitoring/alerts/", response=list[AlertOut], summary="部门预警 Department alerts")
@paginate(Pages)
def alert_list(request, status: str = ""):
    return selectors.alerts(scope=scope_for(request.user), status=status)
