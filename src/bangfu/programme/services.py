"""Writes to the programme (对口帮扶), one record at a time: one function per action a user can take (the
household page's visit and measure forms, the admin's pairing and posting pages), shared by every door.

Bulk loads go through ``programme_projects.bulk.programme_records_bulk_load`` (the programme with its projects,
a layer above), which checks the same rules set-wise in one transaction.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.scope import scope_for
from bangfu.core.errors import ApplicationError
from bangfu.programme import choices
from bangfu.programme.models import (
    AssistingUnit,
    Cadre,
    CadreAssignment,
    Evaluation,
    HouseholdPlan,
    Measure,
    Pairing,
    Programme,
    Visit,
)
from bangfu.programme.overlaps import first_secretary_postings, same_pairing, same_post
from bangfu.programme.validation import lock, overlapping, validated_save
from bangfu.regions.models import Division
from bangfu.registry.models import Household, Village

__all__ = [
    "assisting_unit_create",
    "cadre_assignment_check",
    "cadre_assignment_create",
    "cadre_assignment_save",
    "cadre_create",
    "evaluation_set",
    "household_measure_add",
    "household_plan_set",
    "measure_create",
    "pairing_check",
    "pairing_create",
    "pairing_save",
    "programme_create",
    "visit_record",
]


@transaction.atomic
def programme_create(
    *,
    name: str,
    donor_city: str,
    recipient_city: str,
    recipient_division: Division,
    start_year: int,
    end_year: int | None = None,
) -> Programme:
    """Start a counterpart-assistance programme (对口帮扶), e.g. 深圳 → 汕尾, 2013–2020."""
    programme = Programme(
        name=name,
        donor_city=donor_city,
        recipient_city=recipient_city,
        recipient_division=recipient_division,
        start_year=start_year,
        end_year=end_year,
    )
    return validated_save(programme)


@transaction.atomic
def assisting_unit_create(
    *,
    name: str,
    kind: str,
    district: str = "",
    parent: AssistingUnit | None = None,
    uscc: str = "",
) -> AssistingUnit:
    """Register an assisting unit (帮扶单位). A unified social credit code, when given, must be valid and unique."""
    unit = AssistingUnit(name=name, kind=kind, district=district, parent=parent, uscc=uscc.strip().upper())
    return validated_save(unit)


@transaction.atomic
def pairing_create(
    *,
    programme: Programme,
    unit: AssistingUnit,
    village: Village,
    start_date: date,
    end_date: date | None = None,
) -> Pairing:
    """Pair a unit with a village (结对) from ``start_date`` (to ``end_date``, or open).

    Refused when the same unit and village are already paired in an overlapping period.
    """
    pairing = Pairing(
        programme=programme, unit=unit, village=village, start_date=start_date, end_date=end_date
    )
    return pairing_save(pairing=pairing)


@transaction.atomic
def pairing_save(*, pairing: Pairing) -> Pairing:
    """Store a new or changed pairing (the admin's page; ending one is giving it an end date), refused when
    it overlaps another pairing of the same unit and village."""
    _check_pairing_overlap(pairing)
    return validated_save(pairing)


def pairing_check(*, pairing: Pairing) -> None:
    """The rule a pairing must keep with the others (the admin's form calls this before saving):
    ``ApplicationError`` with a Chinese message when it overlaps one of the same pair."""
    _check_pairing_overlap(pairing)


def _check_pairing_overlap(pairing: Pairing) -> None:
    lock(AssistingUnit.objects.filter(pk=pairing.unit_id))
    _check_period(pairing.start_date, pairing.end_date)
    same_pair = Pairing.objects.filter(same_pairing(unit=pairing.unit, village=pairing.village))
    same_pair = same_pair.exclude(pk=pairing.pk)
    clash = overlapping(same_pair, pairing.start_date, pairing.end_date).first()
    if clash is not None:
        raise ApplicationError(
            _(
                "%(unit)s is already paired with %(village)s from %(start)s to %(end)s; periods must not overlap."
            )
            % {
                "unit": pairing.unit,
                "village": pairing.village,
                "start": clash.start_date,
                "end": _end_text(clash.end_date),
            },
            {"pairing": clash.pk},
        )


@transaction.atomic
def cadre_create(
    *,
    name: str,
    unit: AssistingUnit,
    code: str = "",
    gender: str = "",
    phone: str = "",
    id_number: str = "",
) -> Cadre:
    """Register an assisting cadre (帮扶干部) of a unit. Phone and ID number are optional personal data."""
    cadre = Cadre(name=name, unit=unit, code=code, gender=gender, phone=phone, id_number=id_number.upper())
    return validated_save(cadre)


@transaction.atomic
def cadre_assignment_create(
    *,
    cadre: Cadre,
    role: str,
    unit: AssistingUnit,
    programme: Programme,
    start_date: date,
    end_date: date | None = None,
    village: Village | None = None,
    household: Household | None = None,
    division: Division | None = None,
) -> CadreAssignment:
    """Post a cadre (派驻) in a role to one place — a village, a household, or (挂职干部) a division.

    Refused when the post overlaps another in time: for 第一书记 and 帮扶责任人, any other cadre's post in the
    same role and place; for 驻村工作队员 and 挂职干部, the same cadre's post in the same role and place; and a
    cadre is first secretary of one village at a time (a 第一书记 posting overlapping the same cadre's
    第一书记 posting anywhere else).
    """
    assignment = CadreAssignment(
        cadre=cadre,
        role=role,
        unit=unit,
        programme=programme,
        start_date=start_date,
        end_date=end_date,
        village=village,
        household=household,
        division=division,
    )
    return cadre_assignment_save(assignment=assignment)


@transaction.atomic
def cadre_assignment_save(*, assignment: CadreAssignment) -> CadreAssignment:
    """Store a new or changed posting (the admin's page; ending one is giving it an end date), refused when it
    is not to exactly one place or overlaps a posting it must not (``cadre_assignment_create``)."""
    places = [assignment.village_id, assignment.household_id, assignment.division_id]
    if sum(place is not None for place in places) != 1:
        raise ApplicationError(
            _("An assignment is to exactly one place: a village, a household or a division.")
        )
    _check_assignment_overlap(assignment)
    return validated_save(assignment)


def cadre_assignment_check(*, assignment: CadreAssignment) -> None:
    """The rules a posting must keep with the others (the admin's form calls this before saving):
    ``ApplicationError`` with a Chinese message when it overlaps one it must not."""
    _check_assignment_overlap(assignment)


def _check_assignment_overlap(assignment: CadreAssignment) -> None:
    place = assignment.place
    if place is None:
        return  # refused by validation: one place
    place_field = {Village: "village", Household: "household", Division: "division"}[type(place)]
    lock(type(place).objects.filter(pk=place.pk))
    _check_period(assignment.start_date, assignment.end_date)
    same = same_post(role=assignment.role, place_field=place_field, place=place, cadre=assignment.cadre)
    others = CadreAssignment.objects.filter(same).exclude(pk=assignment.pk)
    clash = overlapping(others, assignment.start_date, assignment.end_date).select_related("cadre").first()
    if clash is not None:
        raise ApplicationError(
            _(
                "%(place)s already has %(cadre)s as %(role)s from %(start)s to %(end)s; "
                "assignments in the same role and place must not overlap."
            )
            % {
                "place": place,
                "cadre": clash.cadre,
                "role": clash.get_role_display(),
                "start": clash.start_date,
                "end": _end_text(clash.end_date),
            },
            {"assignment": clash.pk},
        )
    if assignment.role == choices.CadreRole.FIRST_SECRETARY:
        _check_one_first_secretary_posting(assignment)


def _check_one_first_secretary_posting(assignment: CadreAssignment) -> None:
    """One cadre, one first-secretary posting at a time (第一书记 is a full-time post in one village)."""
    lock(Cadre.objects.filter(pk=assignment.cadre_id))
    postings = CadreAssignment.objects.filter(first_secretary_postings(cadre=assignment.cadre_id))
    postings = postings.exclude(pk=assignment.pk)
    clash = overlapping(postings, assignment.start_date, assignment.end_date).first()
    if clash is not None:
        raise ApplicationError(
            _(
                "%(cadre)s is already first secretary of %(place)s from %(start)s to %(end)s; a cadre is "
                "first secretary of one village at a time."
            )
            % {
                "cadre": assignment.cadre,
                "place": clash.place,
                "start": clash.start_date,
                "end": _end_text(clash.end_date),
            },
            {"assignment": clash.pk},
        )


@transaction.atomic
def visit_record(
    *, household: Household, cadre: Cadre, date: date, notes: str = "", findings: str = "", user=None
) -> Visit:
    """Record a household visit (走访), entered by ``user`` (kept as ``recorded_by``).

    A user whose role may not record for others (a village cadre) records only visits of the cadre their
    account belongs to; a user who may not record visits at all is refused. ``user=None`` is for imports and
    scripts, which name the cadre from their data.
    """
    if user is not None:
        scope = scope_for(user)
        if not scope.may_record_visits:
            raise ApplicationError(_("Your role may read but not record visits or measures."))
        if not scope.may_record_visits_for_others:
            profile = getattr(user, "profile", None)
            own = profile.cadre_id if profile is not None else None
            if own is None or own != cadre.pk:
                raise ApplicationError(
                    _(
                        "A village cadre records only their own visits: this account is not the cadre %(cadre)s."
                    )
                    % {"cadre": cadre.name},
                    {"cadre": cadre.pk, "user": user.get_username()},
                )
    visit = Visit(
        household=household, cadre=cadre, date=date, notes=notes, findings=findings, recorded_by=user
    )
    return validated_save(visit)


@transaction.atomic
def household_plan_set(*, household: Household, year: int, summary: str = "") -> HouseholdPlan:
    """Create or update a household's plan for a year (一户一策)."""
    plan = HouseholdPlan.objects.filter(household=household, year=year).first()
    plan = plan or HouseholdPlan(household=household, year=year)
    plan.summary = summary
    return validated_save(plan)


@transaction.atomic
def measure_create(
    *,
    plan: HouseholdPlan,
    category: str,
    description: str = "",
    status: str = choices.MeasureStatus.PLANNED,
    start_date: date | None = None,
    end_date: date | None = None,
    amount: Decimal | None = None,
    project=None,
) -> Measure:
    """Add an assistance measure (帮扶措施) to a household plan, optionally linked to a project."""
    if start_date is not None:
        _check_period(start_date, end_date)
    measure = Measure(
        plan=plan,
        category=category,
        description=description,
        status=status,
        start_date=start_date,
        end_date=end_date,
        amount=amount,
        project=project,
    )
    return validated_save(measure)


@transaction.atomic
def household_measure_add(
    *,
    actor,
    household: Household,
    category: str,
    description: str = "",
    status: str = choices.MeasureStatus.PLANNED,
    start_date: date | None = None,
    amount: Decimal | None = None,
    year: int | None = None,
) -> Measure:
    """Add a measure to the household's plan (一户一策) for ``year`` (this year by default), as ``actor``: the
    plan is created with its first measure, both or neither written. Refused for a role that may not record
    (inspectors) and for a household outside the actor's scope."""
    scope = scope_for(actor)
    if not scope.may_record_visits:
        raise ApplicationError(_("Your role may read but not record visits or measures."))
    if not Household.objects.in_area(scope.area).filter(pk=household.pk).exists():
        raise ApplicationError(_("No such household in your scope."))
    year = year or timezone.localdate().year
    plan = HouseholdPlan.objects.filter(household=household, year=year).first()
    plan = plan or household_plan_set(household=household, year=year)
    return measure_create(
        plan=plan,
        category=category,
        description=description,
        status=status,
        start_date=start_date,
        amount=amount,
    )


@transaction.atomic
def evaluation_set(
    *, programme: Programme, year: int, grade: str, evaluator: str = "", notes: str = ""
) -> Evaluation:
    """Record (or replace) a programme's annual evaluation (年度考核)."""
    evaluation = Evaluation.objects.filter(programme=programme, year=year).first()
    evaluation = evaluation or Evaluation(programme=programme, year=year)
    evaluation.grade, evaluation.evaluator, evaluation.notes = grade, evaluator, notes
    return validated_save(evaluation)


def _check_period(start: date, end: date | None) -> None:
    if end is not None and end < start:
        raise ApplicationError(
            _("The end date %(end)s is before the start date %(start)s.") % {"end": end, "start": start}
        )


def _end_text(end: date | None) -> str:
    return str(end) if end is not None else _("open-ended")
