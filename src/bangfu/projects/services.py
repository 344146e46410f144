"""Writes to projects and funds (帮扶项目与资金), one record at a time.

Bulk loads go through ``bangfu.programme_projects.bulk.programme_records_bulk_load``, which checks the same rules
set-wise.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.core.errors import ApplicationError
from bangfu.programme.models import Programme
from bangfu.programme.validation import lock, validate, validated_save
from bangfu.projects.choices import PROJECT_STATUS_ORDER, FundKind, InvestmentStatus, ProjectStatus
from bangfu.projects.models import (
    FundFlow,
    IndustrialPark,
    InvestmentProject,
    Project,
    ProjectBeneficiary,
    ProjectOutput,
    ProjectStatusChange,
)
from bangfu.projects.selectors import fund_totals
from bangfu.regions.models import Division
from bangfu.registry.models import Household, Village

#: Which total (``selectors.fund_totals``) a flow of each kind adds to.
FUND_TOTAL_KEYS = {
    FundKind.ALLOCATION: "allocated",
    FundKind.DISBURSEMENT: "disbursed",
    FundKind.EXPENDITURE: "spent",
}


@transaction.atomic
def project_create(
    *,
    programme: Programme,
    code: str,
    name: str,
    category: str,
    budget: Decimal,
    start_year: int,
    village: Village | None = None,
    division: Division | None = None,
    population_served: int = 0,
    end_year: int | None = None,
    status: str = ProjectStatus.PIPELINE,
    status_date: date | None = None,
    user=None,
) -> Project:
    """Add a project (帮扶项目) in one village, town or county; its first status is logged, dated ``status_date``.

    A project may enter the pipeline at any status (e.g. when an existing project is recorded late).
    """
    project = Project(
        programme=programme,
        code=code,
        name=name,
        category=category,
        budget=budget,
        start_year=start_year,
        village=village,
        division=division,
        population_served=population_served,
        end_year=end_year,
        status=status,
    )
    validated_save(project)
    change = ProjectStatusChange(
        project=project, from_status="", to_status=status, date=status_date or timezone.localdate(), user=user
    )
    validated_save(change)
    return project


def project_status_step_ok(from_status: str, to_status: str) -> bool:
    """Whether ``from_status`` → ``to_status`` is the one step forward that needs no reason."""
    order = PROJECT_STATUS_ORDER
    return (
        from_status in order and to_status in order and order.index(to_status) == order.index(from_status) + 1
    )


@transaction.atomic
def project_status_change(
    *, project: Project, to_status: str, date: date, reason: str = "", user=None
) -> ProjectStatusChange:
    """Move a project to ``to_status`` on ``date``, logging the change (项目状态变更).

    One step forward (储备 → 立项 → 实施 → 完工 → 验收) needs no reason; skipping steps or going back is refused
    unless a reason is given, which is recorded with the change.
    """
    lock(Project.objects.filter(pk=project.pk))
    project.refresh_from_db(fields=["status"])
    from_status = project.status
    if to_status not in PROJECT_STATUS_ORDER:
        raise ApplicationError(_("Unknown project status: %(status)s") % {"status": to_status})
    if to_status == from_status:
        raise ApplicationError(
            _("Project %(code)s is already in status %(status)s.")
            % {"code": project.code, "status": to_status}
        )
    reason = reason.strip()
    if not project_status_step_ok(from_status, to_status) and not reason:
        raise ApplicationError(
            _(
                "Project %(code)s cannot go from %(from)s to %(to)s without a reason: "
                "a project moves one step forward at a time (%(order)s)."
            )
            % {
                "code": project.code,
                "from": from_status,
                "to": to_status,
                "order": " → ".join(PROJECT_STATUS_ORDER),
            }
        )
    last = project.status_changes.order_by("-date", "-id").first()
    if last is not None and date < last.date:
        raise ApplicationError(
            _("The change date %(date)s is before the project's last status change (%(last)s).")
            % {"date": date, "last": last.date}
        )
    change = validated_save(
        ProjectStatusChange(
            project=project, from_status=from_status, to_status=to_status, date=date, reason=reason, user=user
        )
    )
    project.status = to_status
    validated_save(project)
    return change


@transaction.atomic
def project_output_set(
    *, project: Project, kind: str, quantity: Decimal, description: str = ""
) -> ProjectOutput:
    """Record (or replace) what a project produced of one kind (病床, 学位, 就业岗位, …)."""
    output = ProjectOutput.objects.filter(project=project, kind=kind).first() or ProjectOutput(
        project=project, kind=kind
    )
    output.quantity, output.description = quantity, description
    return validated_save(output)


@transaction.atomic
def project_beneficiary_add(
    *, project: Project, household: Household, description: str = ""
) -> ProjectBeneficiary:
    """Link a household to a project's benefits (利益联结)."""
    return validated_save(ProjectBeneficiary(project=project, household=household, description=description))


@transaction.atomic
def fund_flow_record(
    *,
    programme: Programme,
    kind: str,
    source: str,
    year: int,
    amount: Decimal,
    project: Project | None = None,
    category: str = "",
    date: date | None = None,
    reference: str = "",
    notes: str = "",
) -> FundFlow:
    """Record money allocated (下达), disbursed (拨付) or spent (支出) in budget year ``year``.

    Refused, with nothing written, when the amount is not positive, or when afterwards more would be disbursed
    than allocated, or spent than disbursed — for the project, or for the programme in that year. The
    programme's row is locked first, so two flows of one programme are checked one after the other.
    """
    lock(Programme.objects.filter(pk=programme.pk))
    if not isinstance(amount, Decimal):
        raise ApplicationError(_("Amounts are given as Decimal, never as float."))
    if amount <= 0:
        raise ApplicationError(_("The amount must be greater than zero."))
    if project is not None and not category:
        category = project.category
    flow = FundFlow(
        programme=programme,
        project=project,
        kind=kind,
        source=source,
        category=category,
        year=year,
        date=date,
        amount=amount,
        reference=reference,
        notes=notes,
    )
    validate(flow)
    year_scope = _("programme year %(year)s") % {"year": year}
    _check_fund_balance(fund_totals(programme=programme, year=year), kind, amount, year_scope)
    if project is not None:
        project_scope = _("project %(code)s") % {"code": project.code}
        _check_fund_balance(fund_totals(project=project), kind, amount, project_scope)
    flow.save()
    return flow


def _check_fund_balance(totals: dict[str, Decimal], kind: str, amount: Decimal, scope: str) -> None:
    """Refuse a flow that would make Σ disbursed > Σ allocated or Σ spent > Σ disbursed in ``scope``."""
    after = dict(totals)
    after[FUND_TOTAL_KEYS[kind]] += amount
    values = {"scope": scope, **{name: f"{value:,.2f}" for name, value in after.items()}}
    if after["disbursed"] > after["allocated"]:
        raise ApplicationError(
            _(
                "Refused: for %(scope)s, %(disbursed)s yuan would be disbursed but only %(allocated)s yuan "
                "allocated (disbursed must not exceed allocated)."
            )
            % values,
            {"scope": scope},
        )
    if after["spent"] > after["disbursed"]:
        raise ApplicationError(
            _(
                "Refused: for %(scope)s, %(spent)s yuan would be spent but only %(disbursed)s yuan "
                "disbursed (spent must not exceed disbursed)."
            )
            % values,
            {"scope": scope},
        )


@transaction.atomic
def industrial_park_create(*, programme: Programme, name: str, division: Division) -> IndustrialPark:
    """Register an industrial park (产业园区) co-built by a programme."""
    return validated_save(IndustrialPark(programme=programme, name=name, division=division))


@transaction.atomic
def investment_project_create(
    *,
    park: IndustrialPark,
    name: str,
    investor: str,
    amount: Decimal,
    signed_date: date,
    investor_origin_city: str = "",
    sector: str = "",
    status: str = InvestmentStatus.SIGNED,
    started_date: date | None = None,
    producing_date: date | None = None,
) -> InvestmentProject:
    """Record an investment project brought into a park (招商项目): signed, started or producing."""
    investment = InvestmentProject(
        park=park,
        name=name,
        investor=investor,
        amount=amount,
        signed_date=signed_date,
        investor_origin_city=investor_origin_city,
        sector=sector,
        status=status,
        started_date=started_date,
        producing_date=producing_date,
    )
    return validated_save(investment)
