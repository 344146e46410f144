"""The step actions of a monitoring case as the case page offers them: who is shown which form, and how a
posted form becomes a call of the procedure service. The services decide (roles, scope, maker-checker,
dates); this module only hides forms a role may not use and parses what was posted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangfu.accounts.models import Role
from bangfu.accounts.scope import Scope
from bangfu.core.errors import ApplicationError
from bangfu.monitoring import choices, procedure
from bangfu.monitoring.services import VERIFIERS
from bangfu.programme.models import Cadre

S = choices.Step


def _date(data, name: str) -> date:
    try:
        return date.fromisoformat(data.get(name, "").strip())
    except ValueError:
        raise ApplicationError(_("Enter a valid date.")) from None


def _approve(data) -> bool:
    return data.get("decision") == "approve"


def _cadre(case, data):
    cadre = (
        cadres_for(case).filter(pk=data.get("cadre", "") if data.get("cadre", "").isdigit() else 0).first()
    )
    if cadre is None:
        raise ApplicationError(_("Choose a cadre assigned to this village or household."))
    return cadre


def cadres_for(case):
    """Cadres assigned to the household's village or to the household itself (the choices of 帮扶责任人)."""

    household = case.household
    return (
        Cadre.objects.filter(
            Q(assignments__village=household.village_id) | Q(assignments__household=household)
        )
        .distinct()
        .order_by("name")
    )


@dataclass(frozen=True)
class Action:
    name: str
    label: object  # lazy text
    step: str
    allowed: Callable  # (scope, case, user) → bool
    run: Callable  # (case, data, actor) → object: the step's service, as the actor


def _verifier(scope: Scope, case, user) -> bool:
    return scope.role in VERIFIERS


def _not_proposer(scope: Scope, case, user) -> bool:
    return scope.role in VERIFIERS and case.proposed_by_id != user.pk


def _township(scope: Scope, case, user) -> bool:
    return scope.role in (Role.OFFICER, Role.ADMINISTRATOR) and case.proposed_by_id != user.pk


def _county(scope: Scope, case, user) -> bool:
    if not procedure._county_officer(scope) or case.proposed_by_id == user.pk:
        return False
    reviewer = (
        case.steps.filter(action="乡镇审核通过").order_by("-id").values_list("user_id", flat=True).first()
    )
    return reviewer != user.pk


def _note(data) -> str:
    return data.get("note", "").strip()[:500]


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        Action("visit", gettext_lazy("Record the household visit"), S.VERIFICATION, _verifier,
               lambda c, d, u: procedure.case_visit(
                   actor=u, case=c, visited_on=_date(d, "on"), authorisation_signed=d.get("signed") == "on",
                   note=_note(d))),
        Action("village-review", gettext_lazy("Record the village review (the public notice starts)"),
               S.VILLAGE_REVIEW, _verifier,
               lambda c, d, u: procedure.case_village_review(
                   actor=u, case=c, reviewed_on=_date(d, "on"), note=_note(d))),
        Action("publicity-end", gettext_lazy("End the public notice without objection"), S.PUBLICITY, _verifier,
               lambda c, d, u: procedure.case_publicity_end(
                   actor=u, case=c, ended_on=_date(d, "on"), note=_note(d))),
        Action("township-review", gettext_lazy("Township review"), S.TOWNSHIP_REVIEW, _township,
               lambda c, d, u: procedure.case_township_review(
                   actor=u, case=c, approve=_approve(d), note=_note(d))),
        Action("county-approve", gettext_lazy("County approval"), S.COUNTY_APPROVAL, _county,
               lambda c, d, u: procedure.case_county_approve(
                   actor=u, case=c, approve=_approve(d), note=_note(d))),
        Action("assign-cadre", gettext_lazy("Assign the responsible cadre"), S.ASSISTANCE, _verifier,
               lambda c, d, u: procedure.case_assign_cadre(actor=u, case=c, cadre=_cadre(c, d))),
        Action("measure", gettext_lazy("Add an assistance measure"), S.ASSISTANCE, _verifier,
               lambda c, d, u: procedure.case_measure_add(
                   actor=u, case=c, category=d.get("category", ""), description=d.get("description", "").strip()[:200],
                   status=d.get("status", ""), start_date=_date(d, "on"))),
        Action("continue", gettext_lazy("Continue monitoring"), S.ASSISTANCE, _verifier,
               lambda c, d, u: procedure.case_continue(actor=u, case=c, note=_note(d))),
        Action("eliminate", gettext_lazy("Mark the risk eliminated"), S.ASSISTANCE, _not_proposer,
               lambda c, d, u: procedure.case_eliminate(
                   actor=u, case=c, method=d.get("method", ""), on=_date(d, "on"), note=_note(d))),
        Action("reopen", gettext_lazy("Reopen the case"), S.ELIMINATED, _verifier,
               lambda c, d, u: procedure.case_reopen(actor=u, case=c, reason=d.get("reason", ""))),
    )
}  # fmt: skip


def actions_for(case, user, scope: Scope) -> list[Action]:
    """The actions of the case's step this user may take (the service checks again)."""
    return [a for a in ACTIONS.values() if a.step == case.step and a.allowed(scope, case, user)]


def today() -> date:
    return timezone.localdate()
