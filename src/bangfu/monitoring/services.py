"""Services of dynamic monitoring: open a case, verify a department alert into a case or close it.

Every service is keyword-only and takes the ``actor`` (the user who acts): it derives the actor's scope once
(``scope_for``), checks their role and area, writes in one transaction and records history (who and why).
Refusals are ``ApplicationError`` with a Chinese message for users.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.models import Role
from bangfu.accounts.scope import Scope, scope_for
from bangfu.core.errors import ApplicationError
from bangfu.monitoring import choices
from bangfu.monitoring.alerts.contract import EVENT_RISK
from bangfu.monitoring.models import CaseStep, DepartmentAlert, MonitoringCase

#: Who may verify alerts and open cases: officers and village cadres (and administrators).
VERIFIERS = {Role.ADMINISTRATOR, Role.OFFICER, Role.CADRE}
REASON_LIMIT = 500


def _require(scope: Scope, household) -> None:
    if scope.role not in VERIFIERS:
        raise ApplicationError(_("Only officers and village cadres may do this."))
    if not type(household).objects.in_area(scope.area).filter(pk=household.pk).exists():
        raise ApplicationError(_("This household is outside your area."))


def risk_types_check(risk_types: list[str]) -> list[str]:
    """One to five distinct risk types of ``choices.RiskType``, in the order given."""
    unique = list(dict.fromkeys(risk_types))
    if not 1 <= len(unique) <= choices.MAX_RISK_TYPES:
        raise ApplicationError(_("A case has one to five risk types."))
    unknown = [value for value in unique if value not in choices.RiskType.values]
    if unknown:
        raise ApplicationError(_("Unknown risk type: %(values)s") % {"values": "、".join(unknown)})
    return unique


def open_case(household) -> MonitoringCase | None:
    """The household's case that is not closed (not eliminated, not refused), if any."""
    return household.cases.filter(step__in=choices.OPEN_STEPS).order_by("-id").first()


def _step_record(case: MonitoringCase, *, user, action: str, on: date, note: str = "") -> CaseStep:
    return CaseStep.objects.create(
        case=case, step=case.step, action=action, user=user, username=getattr(user, "username", ""),
        on=on, note=note,
    )  # fmt: skip


@transaction.atomic
def case_open(
    *,
    actor,
    household,
    channel: str,
    category: str,
    risk_types: list[str],
    discovered_on: date,
    note: str = "",
) -> MonitoringCase:
    """Open a case at 入户核实 for a household that has no open case, as ``actor``; the lead or alert that
    found it is linked by the caller. A household already in an open case gets no second one."""
    return case_open_in(
        scope_for(actor), actor, household=household, channel=channel, category=category,
        risk_types=risk_types, discovered_on=discovered_on, note=note,
    )  # fmt: skip


def case_open_in(
    scope: Scope,
    user,
    *,
    household,
    channel: str,
    category: str,
    risk_types: list[str],
    discovered_on: date,
    note: str = "",
) -> MonitoringCase:
    """``case_open`` with the actor's scope already derived (for the services that open a case as one step,
    inside their own transaction)."""
    _require(scope, household)
    if channel not in choices.Channel.values:
        raise ApplicationError(_("Unknown channel."))
    if category not in choices.Category.values:
        raise ApplicationError(_("Unknown monitoring category."))
    if discovered_on > timezone.localdate():
        raise ApplicationError(_("The date of discovery is in the future."))
    if open_case(household) is not None:
        raise ApplicationError(_("This household already has an open monitoring case."))
    case = MonitoringCase(
        household=household, channel=channel, category=category, risk_types=risk_types_check(risk_types),
        discovered_on=discovered_on, proposed_by=user, note=note,
    )  # fmt: skip
    case._history_user = user
    case.save()
    _step_record(case, user=user, action="立案", on=discovered_on, note=note)
    return case


@transaction.atomic
def alert_verify(
    *, actor, alert: DepartmentAlert, category: str, risk_types: list[str] | None = None
) -> MonitoringCase:
    """Verify an open alert into a case (部门筛查预警), as ``actor``. A household already in an open case is
    not duplicated: the alert joins that case, and its risk type is added when there is room."""
    scope, user = scope_for(actor), actor
    if alert.status != choices.AlertStatus.OPEN or alert.household is None:
        raise ApplicationError(_("Only alerts waiting for verification can be verified."))
    _require(scope, alert.household)
    risk = EVENT_RISK.get(alert.event, choices.RiskType.OTHER)
    case = open_case(alert.household)
    if case is None:
        case = case_open_in(
            scope, user, household=alert.household, channel=choices.Channel.DEPARTMENT, category=category,
            risk_types=risk_types or [risk], discovered_on=timezone.localdate(alert.created_at),
            note=f"{alert.code} {alert.department} {alert.event}",
        )  # fmt: skip
    elif risk not in case.risk_types and len(case.risk_types) < choices.MAX_RISK_TYPES:
        case.risk_types = [*case.risk_types, risk]
        case._history_user = user
        case.save(update_fields=["risk_types", "updated_at"])
        _step_record(case, user=user, action="并入预警", on=timezone.localdate(), note=alert.code)
    alert.status, alert.case = choices.AlertStatus.CASE, case
    alert.verified_by, alert.verified_at = user, timezone.now()
    alert._history_user = user
    alert.save()
    return case


@transaction.atomic
def alert_close(*, actor, alert: DepartmentAlert, reason: str) -> DepartmentAlert:
    """Close an open alert after verification, as ``actor``, with the reason (e.g. 已核实，自付费用已由大病保险报销)."""
    scope, user = scope_for(actor), actor
    if alert.status != choices.AlertStatus.OPEN or alert.household is None:
        raise ApplicationError(_("Only alerts waiting for verification can be closed."))
    _require(scope, alert.household)
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Give the reason for closing the alert."))
    if len(reason) > REASON_LIMIT:
        raise ApplicationError(_("The reason is longer than 500 characters."))
    alert.status, alert.closed_reason = choices.AlertStatus.CLOSED, reason
    alert.verified_by, alert.verified_at = user, timezone.now()
    alert._history_user = user
    alert.save()
    return alert
