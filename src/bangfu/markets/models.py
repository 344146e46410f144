"""Employment and consumption assistance (就业帮扶、消费帮扶): training courses and their trainees, job fairs,
placements (labour transfer) and subsidies paid to members of the register; producers, their products
certified as 扶贫产品, sales by channel, and the households that benefit from a producer.

Every record reaches a village of the register, which is what access scoping filters on: courses and job
fairs through their division (a village's own division, a town or a county), members through their household,
products and sales through the producer's village. Rules within one record are model constraints (the
database refuses them too); rules across records (a trainee is a registered member, …) are in the services.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import TimeStampedModel
from bangfu.markets import choices
from bangfu.programme.models import MONEY, ends_after_start, programme_history
from bangfu.regions.area import AreaQuerySet


def not_negative(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
        name=name,
        violation_error_message=_("Must not be negative."),
    )


class TrainingCourse(TimeStampedModel):
    """A training course (技能培训班), e.g. a 粤菜师傅 cooking class."""

    code = models.CharField(_("course code"), max_length=40, unique=True)
    name = models.CharField(_("course name"), max_length=200)
    brand = models.CharField(_("programme brand"), max_length=10, choices=choices.TrainingBrand)
    skill = models.CharField(_("skill"), max_length=100, blank=True)
    provider = models.CharField(_("training provider"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    division = models.ForeignKey(
        "regions.Division", verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    funding = models.DecimalField(_("funding (yuan)"), null=True, blank=True, **MONEY)
    funding_source = models.CharField(
        _("funding source"), max_length=10, choices=choices.FundingSource, blank=True
    )

    area_division = "division"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    history = programme_history()

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-start_date", "code"]
        constraints = [
            ends_after_start("course_end_after_start"),
            not_negative("funding", "course_funding_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Trainee(TimeStampedModel):
    """A member of the register on a course (培训学员): completion and certificate."""

    course = models.ForeignKey(
        TrainingCourse, verbose_name=_("training course"), on_delete=models.CASCADE, related_name="trainees"
    )
    member = models.ForeignKey(
        "registry.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="trainings"
    )
    completed = models.BooleanField(_("completed"), default=False)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)

    area_village = "member__household__village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["course", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "member"], name="trainee_unique")]

    def __str__(self) -> str:
        return f"{self.course.code} {self.member_id}"


class JobFair(TimeStampedModel):
    """A job fair (招聘会), e.g. 南粤春暖: employers, posts offered, attendance."""

    name = models.CharField(_("job fair"), max_length=200)
    brand = models.CharField(_("brand"), max_length=10, choices=choices.FairBrand)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    division = models.ForeignKey(
        "regions.Division", verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    employers = models.PositiveIntegerField(_("employers"), default=0)
    posts = models.PositiveIntegerField(_("posts offered"), default=0)
    attendance = models.PositiveIntegerField(_("attendance"), default=0)

    area_division = "division"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("job fair")
        verbose_name_plural = _("job fairs")
        ordering = ["-date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class Placement(TimeStampedModel):
    """A member placed in work (转移就业): employer, destination, period, monthly wage, job kind."""

    member = models.ForeignKey(
        "registry.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="placements"
    )
    employer = models.CharField(_("employer"), max_length=200)
    destination = models.CharField(_("destination"), max_length=4, choices=choices.Destination)
    job_kind = models.CharField(_("job kind"), max_length=10, choices=choices.JobKind)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    monthly_wage = models.DecimalField(_("monthly wage (yuan)"), null=True, blank=True, **MONEY)

    area_village = "member__household__village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    history = programme_history()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "id"]
        constraints = [
            ends_after_start("placement_end_after_start"),
            not_negative("monthly_wage", "placement_wage_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.start_date}"


class Subsidy(TimeStampedModel):
    """An employment subsidy paid to a member (就业补贴): transport, job subsidy."""

    member = models.ForeignKey(
        "registry.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="job_subsidies"
    )
    kind = models.CharField(_("subsidy kind"), max_length=10, choices=choices.SubsidyKind)
    amount = models.DecimalField(_("amount (yuan)"), validators=[MinValueValidator(0)], **MONEY)
    date = models.DateField(_("date paid"))

    area_village = "member__household__village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    history = programme_history()

    class Meta:
        verbose_name = _("employment subsidy")
        verbose_name_plural = _("employment subsidies")
        ordering = ["-date", "id"]
        constraints = [not_negative("amount", "subsidy_amount_not_negative")]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"


class Producer(TimeStampedModel):
    """A producer in a village (生产经营主体): cooperative, enterprise or farming household."""

    code = models.CharField(_("producer code"), max_length=40, unique=True)
    name = models.CharField(_("producer name"), max_length=200)
    kind = models.CharField(_("producer kind"), max_length=10, choices=choices.ProducerKind)
    village = models.ForeignKey(
        "registry.Village", verbose_name=_("village"), on_delete=models.PROTECT, related_name="producers"
    )

    area_village = "village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Product(TimeStampedModel):
    """A product certified as a poverty-alleviation product (认定扶贫产品)."""

    producer = models.ForeignKey(
        Producer, verbose_name=_("producer"), on_delete=models.CASCADE, related_name="products"
    )
    name = models.CharField(_("product name"), max_length=200)
    category = models.CharField(_("product category"), max_length=10, choices=choices.ProductCategory)
    certificate_number = models.CharField(_("certificate number"), max_length=60, unique=True)
    certified_date = models.DateField(_("certified on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    area_village = "producer__village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("certified product")
        verbose_name_plural = _("certified products")
        ordering = ["certificate_number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("certified_date")),
                name="product_valid_after_certified",
                violation_error_message=_("The end date must not be before the start date."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Sale(TimeStampedModel):
    """A sale of a certified product (销售记录): channel, buyer type, amount, date."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="sales"
    )
    channel = models.CharField(_("channel"), max_length=12, choices=choices.Channel)
    buyer_type = models.CharField(_("buyer type"), max_length=10, choices=choices.BuyerType)
    buyer = models.CharField(_("buyer"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    date = models.DateField(_("date"))

    area_village = "product__producer__village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    history = programme_history()

    class Meta:
        verbose_name = _("sale")
        verbose_name_plural = _("sales")
        ordering = ["-date", "id"]
        constraints = [not_negative("amount", "sale_amount_not_negative")]
        indexes = [models.Index(fields=["date", "channel"])]

    def __str__(self) -> str:
        return f"{self.channel} {self.amount}"


class BenefitLink(TimeStampedModel):
    """A household that benefits from a producer (利益联结): order purchase, work, dividend, …"""

    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="producer_links",
    )
    producer = models.ForeignKey(
        Producer, verbose_name=_("producer"), on_delete=models.CASCADE, related_name="households"
    )
    mechanism = models.CharField(_("benefit mechanism"), max_length=10, choices=choices.Mechanism)
    start_year = models.PositiveSmallIntegerField(_("since year"))

    area_village = "household__village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("benefiting household")
        verbose_name_plural = _("benefiting households")
        ordering = ["producer", "household"]
        constraints = [
            models.UniqueConstraint(fields=["household", "producer", "mechanism"], name="benefit_link_unique")
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.mechanism}"
