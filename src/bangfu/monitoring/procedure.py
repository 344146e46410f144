"""The procedure of a monitoring case as a state machine (识别、帮扶、风险消除), one service per step.

    线索 → 入户核实 (visit, signed authorisation) → 村级评议 → 公示 (≥ 5 days) → 乡镇审核 → 县级审定
        → 帮扶 (measures, assigned cadre) → 风险消除 (帮扶消除 / 自然消除) or 继续监测; 风险消除 → reopened

Roles: village cadres and officers take the visit, the village review and the publicity; officers review
(乡镇审核, any officer whose area holds the household) and county officers approve (县级审定, an officer with
a county-level or wider area); administrators may do everything. Maker-checker: the user who proposed the
case (opened it) may neither review nor approve it, and the county approver is not the township reviewer.
Every step writes a ``CaseStep`` (the timeline) and the case's history.
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
from bangfu.monitoring.elimination import elimination_check
from bangfu.monitoring.models import Lead, MonitoringCase
from bangfu.monitoring.services import VERIFIERS, _require, _step_record, case_open_in, open_case
from bangfu.programme import services as programme

PUBLICITY_DAYS = 5
S = choices.Step


def _check(case: MonitoringCase, scope: Scope, step: str, on: date | None = None) -> None:
    _require(scope, case.household)
    if case.step != step:
        raise ApplicationError(
            _("The case is at the step %(step)s, not %(expected)s.") % {"step": case.step, "expected": step}
        )
    if on is not None and on > timezone.localdate():
        raise ApplicationError(_("The date is in the future."))


def _move(case: MonitoringCase, *, to: str, user, action: str, on: date, note: str = "") -> MonitoringCase:
    case.step = to
    case._history_user = user
    case.save()
    _step_record(case, user=user, action=action, on=on, note=note)
    return case


def _county_officer(scope: Scope) -> bool:
    """An administrator, or an officer with an area of a county or wider (path of at most three codes)."""
    if scope.everything:
        return True
    return scope.role == Role.OFFICER and any(len(prefix) <= 6 for prefix in scope.area.prefixes)


def _not_proposer(case: MonitoringCase, user) -> None:
    if case.proposed_by_id is not None and case.proposed_by_id == user.pk:
        raise ApplicationError(_("Who proposed a case may not review or approve it."))


@transaction.atomic
def lead_to_case(*, actor, lead: Lead, category: str, risk_types: list[str]) -> MonitoringCase:
    """A visited lead of a registered household becomes a case at 入户核实 (its discovery date kept)."""
    scope, user = scope_for(actor), actor
    if lead.status != choices.LeadStatus.OPEN:
        raise ApplicationError(_("Only open leads can become cases."))
    if lead.household is None:
        raise ApplicationError(_("This person is not in the register: register the household first."))
    case = case_open_in(scope, user, household=lead.household, channel=lead.channel, category=category,
                        risk_types=risk_types, discovered_on=lead.discovered_on, note=lead.source)  # fmt: skip
    lead.status, lead.case = choices.LeadStatus.CASE, case
    lead._history_user = user
    lead.save()
    return case


@transaction.atomic
def lead_close(*, actor, lead: Lead, reason: str) -> Lead:
    scope, user = scope_for(actor), actor
    if lead.status != choices.LeadStatus.OPEN:
        raise ApplicationError(_("Only open leads can be closed."))
    if lead.household is not None:
        _require(scope, lead.household)
    elif scope.role not in VERIFIERS or not (
        scope.everything or (lead.division and scope.contains_division_path(lead.division.path))
    ):
        raise ApplicationError(_("This lead is outside your area."))
    if not reason.strip():
        raise ApplicationError(_("Give the reason for closing."))
    lead.status, lead.closed_reason = choices.LeadStatus.CLOSED, reason.strip()[:500]
    lead._history_user = user
    lead.save()
    return lead


@transaction.atomic
def case_visit(*, actor, case: MonitoringCase, visited_on: date, authorisation_signed: bool, note: str = ""):
    """入户核实: the visit, with the household's signed authorisation to check its data (授权书)."""
    scope, user = scope_for(actor), actor
    _check(case, scope, S.VERIFICATION, visited_on)
    if not authorisation_signed:
        raise ApplicationError(_("The household must sign the authorisation before its data are checked."))
    if visited_on < case.discovered_on:
        raise ApplicationError(_("The visit cannot be before the discovery."))
    case.visited_on, case.authorisation_signed = visited_on, True
    return _move(case, to=S.VILLAGE_REVIEW, user=user, action="入户核实", on=visited_on, note=note)


@transaction.atomic
def case_village_review(*, actor, case: MonitoringCase, reviewed_on: date, note: str = ""):
    """村级评议 passed: the public notice (公示) starts the same day."""
    scope, user = scope_for(actor), actor
    _check(case, scope, S.VILLAGE_REVIEW, reviewed_on)
    case.publicity_start = reviewed_on
    return _move(case, to=S.PUBLICITY, user=user, action="村级评议", on=reviewed_on, note=note)


@transaction.atomic
def case_publicity_end(*, actor, case: MonitoringCase, ended_on: date, note: str = ""):
    """公示 ends without objection after at least 5 days (the start and end days counted)."""
    scope, user = scope_for(actor), actor
    _check(case, scope, S.PUBLICITY, ended_on)
    days = (ended_on - case.publicity_start).days + 1
    if days < PUBLICITY_DAYS:
        raise ApplicationError(
            _("The public notice lasted %(days)s days; it must last at least 5.") % {"days": days}
        )
    case.publicity_end = ended_on
    return _move(case, to=S.TOWNSHIP_REVIEW, user=user, action="公示结束", on=ended_on, note=note)


@transaction.atomic
def case_township_review(*, actor, case: MonitoringCase, approve: bool, note: str = ""):
    """乡镇审核 by an officer who did not propose the case; refused, the case is not identified."""
    scope, user = scope_for(actor), actor
    _check(case, scope, S.TOWNSHIP_REVIEW)
    if scope.role not in (Role.OFFICER, Role.ADMINISTRATOR):
        raise ApplicationError(_("Only officers review cases."))
    _not_proposer(case, user)
    if not approve and not note.strip():
        raise ApplicationError(_("Give the reason for refusing."))
    today = timezone.localdate()
    if approve:
        return _move(case, to=S.COUNTY_APPROVAL, user=user, action="乡镇审核通过", on=today, note=note)
    return _move(case, to=S.NOT_IDENTIFIED, user=user, action="乡镇审核不通过", on=today, note=note)


@transaction.atomic
def case_county_approve(*, actor, case: MonitoringCase, approve: bool, note: str = ""):
    """县级审定 by a county officer who neither proposed nor reviewed the case: identified (识别) today."""
    scope, user = scope_for(actor), actor
    _check(case, scope, S.COUNTY_APPROVAL)
    if not _county_officer(scope):
        raise ApplicationError(_("Only county officers approve cases."))
    _not_proposer(case, user)
    reviewer = (
        case.steps.filter(action="乡镇审核通过").order_by("-id").values_list("user_id", flat=True).first()
    )
    if reviewer == user.pk:
        raise ApplicationError(_("The county approval needs another officer than the township review."))
    if not approve and not note.strip():
        raise ApplicationError(_("Give the reason for refusing."))
    today = timezone.localdate()
    if not approve:
        return _move(case, to=S.NOT_IDENTIFIED, user=user, action="县级审定不通过", on=today, note=note)
    case.identified_on = today
    return _move(case, to=S.ASSISTANCE, user=user, action="县级审定，识别为监测对象", on=today, note=note)


@transaction.atomic
def case_assign_cadre(*, actor, case: MonitoringCase, cadre):
    """The cadre responsible for the household's assistance (帮扶责任人)."""
    scope, user = scope_for(actor), actor
    _check(case, scope, S.ASSISTANCE)
    case.assigned_cadre = cadre
    return _move(
        case, to=S.ASSISTANCE, user=user, action="落实帮扶责任人", on=timezone.localdate(), note=str(cadre)
    )


@transaction.atomic
def case_measure_add(
    *,
    actor,
    case: MonitoringCase,
    category: str,
    description: str,
    status: str,
    start_date: date,
):
    """An assistance measure for the case, kept in the household's programme plan of that year (一户一策)."""
    scope, user = scope_for(actor), actor
    _check(case, scope, S.ASSISTANCE, start_date)
    if start_date < case.identified_on:
        raise ApplicationError(_("A measure of the case cannot start before the identification."))
    plan = (
        programme.household_plan_set(household=case.household, year=start_date.year)
        if not case.household.plans.filter(year=start_date.year).exists()
        else case.household.plans.get(year=start_date.year)
    )
    measure = programme.measure_create(
        plan=plan, category=category, description=description, status=status, start_date=start_date
    )
    _move(
        case,
        to=S.ASSISTANCE,
        user=user,
        action="帮扶措施",
        on=start_date,
        note=f"{category} {description}".strip(),
    )
    return measure


@transaction.atomic
def case_continue(*, actor, case: MonitoringCase, note: str = ""):
    """继续监测: the review found the risk not yet eliminated; the case stays in assistance."""
    scope, user = scope_for(actor), actor
    _check(case, scope, S.ASSISTANCE)
    return _move(case, to=S.ASSISTANCE, user=user, action="继续监测", on=timezone.localdate(), note=note)


@transaction.atomic
def case_eliminate(*, actor, case: MonitoringCase, method: str, on: date, note: str = ""):
    """风险消除 only when every rule holds; otherwise refused with every failing reason."""
    scope, user = scope_for(actor), actor
    _check(case, scope, S.ASSISTANCE, on)
    if method not in choices.EliminationMethod.values:
        raise ApplicationError(_("Unknown elimination method."))
    _not_proposer(case, user)
    failing = [c for c in elimination_check(case, on) if not c.met]
    if failing:
        reasons = "；".join(f"{c.title}：{c.reason}" for c in failing)
        raise ApplicationError(_("The risk cannot be marked eliminated: %(reasons)s") % {"reasons": reasons})
    case.eliminated_on, case.elimination_method = on, method
    return _move(case, to=S.ELIMINATED, user=user, action=method, on=on, note=note)


@transaction.atomic
def case_reopen(*, actor, case: MonitoringCase, reason: str):
    """An eliminated case is reopened (风险复现): it goes through identification again from the visit."""
    scope, user = scope_for(actor), actor
    _check(case, scope, S.ELIMINATED)
    if not reason.strip():
        raise ApplicationError(_("Give the reason for reopening."))
    if open_case(case.household) is not None:
        raise ApplicationError(_("This household already has an open monitoring case."))
    today = timezone.localdate()
    case.reopened_count += 1
    case.discovered_on, case.identified_on, case.eliminated_on, case.elimination_method = (
        today,
        None,
        None,
        "",
    )
    case.visited_on = case.publicity_start = case.publicity_end = None
    case.authorisation_signed, case.proposed_by = False, user
    return _move(case, to=S.VERIFICATION, user=user, action="重新纳入监测", on=today, note=reason.strip())
