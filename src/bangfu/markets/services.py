"""Writes to employment and consumption assistance (就业帮扶、消费帮扶), one record at a time. The actions of the
/markets/ page's forms are ``training_course_add``, ``trainee_add``, ``placement_add`` and ``sale_add``: they take
the acting user, check the role may record, find the referenced records (a division, a course, a product)
within the user's scope and call the record services below. Bulk loads go through the programme workbook's
loader (``markets/bulk.py``), which checks the same rules set-wise.

Every service is keyword-only, runs in one transaction, ``full_clean()``s before saving and refuses with an
``ApplicationError`` (Chinese by default) — nothing is written then. Members are found by ID number within the
caller's ``Scope``: a trainee, a placed member or a subsidy's recipient must be a member of the register the
caller may see.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from bangfu.accounts.scope import Scope, scope_for
from bangfu.core.errors import ApplicationError
from bangfu.markets import choices, selectors
from bangfu.markets.models import (
    BenefitLink,
    JobFair,
    Placement,
    Producer,
    Product,
    Sale,
    Subsidy,
    Trainee,
    TrainingCourse,
)
from bangfu.programme.validation import validated_save
from bangfu.regions.models import Division
from bangfu.registry.models import Household, Member, Village


def member_by_id_number(*, scope: Scope, id_number: str) -> Member:
    """The register's member with this ID number, if the scope holds it; refused otherwise."""
    text = (id_number or "").strip().upper()
    member = Member.objects.in_area(scope.area).filter(id_number=text).first()
    if member is None:
        raise ApplicationError(
            _("No member of the register with this ID number in your area: %(id)s") % {"id": text[:6] + "…"}
        )
    return member


def _money(value: Decimal | None, label: str, *, required: bool = False) -> None:
    if value is None:
        if required:
            raise ApplicationError(_("%(field)s is required.") % {"field": label})
        return
    if isinstance(value, float) or not isinstance(value, Decimal | int):
        raise ApplicationError(_("Amounts are given as Decimal, never as float."))
    if value < 0:
        raise ApplicationError(_("%(field)s must not be negative.") % {"field": label})


def _period(start: date, end: date | None) -> None:
    if end is not None and end < start:
        raise ApplicationError(_("The end date must not be before the start date."))


@transaction.atomic
def training_course_create(
    *,
    code: str,
    name: str,
    brand: str,
    division: Division,
    start_date: date,
    end_date: date | None = None,
    skill: str = "",
    provider: str = "",
    place: str = "",
    funding: Decimal | None = None,
    funding_source: str = "",
) -> TrainingCourse:
    """Record a training course (技能培训班), e.g. 粤菜师傅; refused: end before start, negative funding."""
    _period(start_date, end_date)
    _money(funding, _("Funding"))
    if TrainingCourse.objects.filter(code=code).exists():
        raise ApplicationError(_("A training course with this code exists already."))
    course = TrainingCourse(
        code=code, name=name, brand=brand, division=division, start_date=start_date, end_date=end_date,
        skill=skill, provider=provider, place=place, funding=funding, funding_source=funding_source,
    )  # fmt: skip
    return validated_save(course)


@transaction.atomic
def trainee_enrol(
    *,
    scope: Scope,
    course: TrainingCourse,
    id_number: str,
    completed: bool = False,
    certificate_number: str = "",
) -> Trainee:
    """Put a member of the register (by ID number) on a course; refused: not a registered member, twice."""
    member = member_by_id_number(scope=scope, id_number=id_number)
    if certificate_number and not completed:
        raise ApplicationError(_("A certificate is given only to a trainee who completed the course."))
    if Trainee.objects.filter(course=course, member=member).exists():
        raise ApplicationError(_("This member is already a trainee of this course."))
    trainee = Trainee(
        course=course, member=member, completed=completed, certificate_number=certificate_number
    )
    return validated_save(trainee)


@transaction.atomic
def job_fair_record(
    *,
    name: str,
    brand: str,
    date: date,
    division: Division,
    place: str = "",
    employers: int = 0,
    posts: int = 0,
    attendance: int = 0,
) -> JobFair:
    """Record a job fair (招聘会), e.g. 南粤春暖; refused: negative counts."""
    if min(employers, posts, attendance) < 0:
        raise ApplicationError(_("Employers, posts and attendance must not be negative."))
    fair = JobFair(
        name=name, brand=brand, date=date, division=division, place=place, employers=employers, posts=posts,
        attendance=attendance,
    )  # fmt: skip
    return validated_save(fair)


@transaction.atomic
def placement_record(
    *,
    scope: Scope,
    id_number: str,
    employer: str,
    destination: str,
    job_kind: str,
    start_date: date,
    end_date: date | None = None,
    monthly_wage: Decimal | None = None,
) -> Placement:
    """Record a member's placement in work (转移就业); refused: not a registered member, end before start,
    negative wage, a period overlapping another placement of the member with the same employer."""
    member = member_by_id_number(scope=scope, id_number=id_number)
    _period(start_date, end_date)
    _money(monthly_wage, _("Monthly wage"))
    same = Placement.objects.filter(member=member, employer=employer)
    if end_date is not None:
        same = same.filter(start_date__lte=end_date)
    if same.exclude(end_date__lt=start_date).exists():
        raise ApplicationError(_("This member already has a placement with this employer in this period."))
    placement = Placement(
        member=member, employer=employer, destination=destination, job_kind=job_kind, start_date=start_date,
        end_date=end_date, monthly_wage=monthly_wage,
    )  # fmt: skip
    return validated_save(placement)


@transaction.atomic
def subsidy_pay(*, scope: Scope, id_number: str, kind: str, amount: Decimal, date: date) -> Subsidy:
    """Record an employment subsidy paid to a member (交通补贴, 就业补贴); refused: negative amount."""
    member = member_by_id_number(scope=scope, id_number=id_number)
    _money(amount, _("Amount"), required=True)
    return validated_save(Subsidy(member=member, kind=kind, amount=amount, date=date))


@transaction.atomic
def producer_create(*, code: str, name: str, kind: str, village: Village) -> Producer:
    """Record a producer (合作社, 企业, 农户) in a village."""
    if Producer.objects.filter(code=code).exists():
        raise ApplicationError(_("A producer with this code exists already."))
    return validated_save(Producer(code=code, name=name, kind=kind, village=village))


@transaction.atomic
def product_certify(
    *,
    producer: Producer,
    name: str,
    category: str,
    certificate_number: str,
    certified_date: date,
    valid_until: date | None = None,
) -> Product:
    """Record a product certified as 扶贫产品; refused: a certificate number used already, validity before
    certification."""
    _period(certified_date, valid_until)
    if Product.objects.filter(certificate_number=certificate_number).exists():
        raise ApplicationError(_("A product with this certificate number exists already."))
    product = Product(
        producer=producer, name=name, category=category, certificate_number=certificate_number,
        certified_date=certified_date, valid_until=valid_until,
    )  # fmt: skip
    return validated_save(product)


@transaction.atomic
def sale_record(
    *, product: Product, channel: str, buyer_type: str, amount: Decimal, date: date, buyer: str = ""
) -> Sale:
    """Record a sale of a certified product (消费帮扶销售); refused: negative amount, a sale before the
    product was certified, an unknown channel."""
    _money(amount, _("Amount"), required=True)
    if channel not in choices.Channel.values:
        raise ApplicationError(_("Must be one of: %(codes)s") % {"codes": "、".join(choices.Channel.values)})
    if date < product.certified_date:
        raise ApplicationError(_("A sale cannot be dated before the product was certified."))
    sale = Sale(
        product=product, channel=channel, buyer_type=buyer_type, buyer=buyer, amount=amount, date=date
    )
    return validated_save(sale)


@transaction.atomic
def benefit_link_add(
    *, household: Household, producer: Producer, mechanism: str, start_year: int
) -> BenefitLink:
    """Link a household to a producer it benefits from (利益联结); refused: the same link twice."""
    if BenefitLink.objects.filter(household=household, producer=producer, mechanism=mechanism).exists():
        raise ApplicationError(_("This household is already linked to this producer in this way."))
    link = BenefitLink(household=household, producer=producer, mechanism=mechanism, start_year=start_year)
    return validated_save(link)


# ------------------------------------------------------------------------ the page's actions, as a user
def _recorder_scope(actor) -> Scope:
    scope = scope_for(actor)
    if not scope.may_record_markets:
        raise ApplicationError(_("Your role may read but not record employment or consumption records."))
    return scope


def _in_area(found, message: str):
    """The one record the actor names (already narrowed to their area), or their mistake in ``message``."""
    record = found.first()
    if record is None:
        raise ApplicationError(message)
    return record


@transaction.atomic
def training_course_add(
    *,
    actor,
    code: str,
    name: str,
    brand: str,
    division: str,
    start_date: date,
    end_date: date | None = None,
    skill: str = "",
    provider: str = "",
    place: str = "",
    funding: Decimal | None = None,
    funding_source: str = "",
) -> TrainingCourse:
    """Record a training course as ``actor``, held in the division with the code ``division`` (in their area)."""
    scope = _recorder_scope(actor)
    found = _in_area(
        Division.objects.filter(scope.division_q(), code=division),
        _("No division with this code in your area."),
    )
    return training_course_create(
        code=code, name=name, brand=brand, division=found, start_date=start_date, end_date=end_date, skill=skill,
        provider=provider, place=place, funding=funding, funding_source=funding_source,
    )  # fmt: skip


@transaction.atomic
def trainee_add(
    *, actor, course: str, id_number: str, completed: bool = False, certificate_number: str = ""
) -> Trainee:
    """Put a member of the register on the course with the code ``course`` (both in the actor's area)."""
    scope = _recorder_scope(actor)
    found = _in_area(
        selectors.courses(scope=scope).filter(code=course),
        _("No training course with this code in your area."),
    )
    return trainee_enrol(
        scope=scope,
        course=found,
        id_number=id_number,
        completed=completed,
        certificate_number=certificate_number,
    )


@transaction.atomic
def placement_add(
    *,
    actor,
    id_number: str,
    employer: str,
    destination: str,
    job_kind: str,
    start_date: date,
    end_date: date | None = None,
    monthly_wage: Decimal | None = None,
) -> Placement:
    """Record a placement in work of a member of the register in the actor's area."""
    return placement_record(
        scope=_recorder_scope(actor), id_number=id_number, employer=employer, destination=destination,
        job_kind=job_kind, start_date=start_date, end_date=end_date, monthly_wage=monthly_wage,
    )  # fmt: skip


@transaction.atomic
def sale_add(
    *, actor, product: str, channel: str, buyer_type: str, amount: Decimal, date: date, buyer: str = ""
) -> Sale:
    """Record a sale of the product with the certificate number ``product`` (in the actor's area)."""
    scope = _recorder_scope(actor)
    found = _in_area(
        selectors.products(scope=scope).filter(certificate_number=product),
        _("No certified product with this certificate number in your area."),
    )
    return sale_record(
        product=found, channel=channel, buyer_type=buyer_type, amount=amount, date=date, buyer=buyer
    )
