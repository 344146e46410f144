"""Projects and funds (帮扶项目与资金): projects with their status log, outputs and beneficiaries; fund flows from
allocation to spending; industrial parks and the investment they attract.

Money is ``Decimal`` yuan with 2 places, never float. Rules across records (funds spent ≤ disbursed ≤ allocated,
status steps) are checked by the services inside their transaction; rules within a record are constraints.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import TimeStampedModel
from bangfu.programme.models import MONEY, YEAR, programme_history
from bangfu.projects import choices
from bangfu.regions.area import AreaQuerySet
from bangfu.regions.models import Level

#: Levels of division a project may be placed at, when it is not in one village.
PROJECT_DIVISION_LEVELS = (Level.COUNTY, Level.TOWN)


class Project(TimeStampedModel):
    """An assistance project (帮扶项目) of a programme, in one village, town or county.

    ``village`` for a village project; otherwise ``division``, a town (乡镇) or county-level (县区) division.
    The status moves 储备 → 立项 → 实施 → 完工 → 验收, each change dated in ``ProjectStatusChange``
    (``services.project_status_change``).
    """

    programme = models.ForeignKey(
        "programme.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="projects"
    )
    code = models.CharField(_("project code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("project category"), max_length=10, choices=choices.ProjectCategory)
    village = models.ForeignKey(
        "registry.Village",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    division = models.ForeignKey(
        "regions.Division",
        verbose_name=_("town or county"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=choices.ProjectStatus, default=choices.ProjectStatus.PIPELINE
    )
    budget = models.DecimalField(_("budget (yuan)"), validators=[MinValueValidator(0)], **MONEY)
    population_served = models.PositiveIntegerField(_("population served"), default=0)
    start_year = models.PositiveSmallIntegerField(_("start year"), **YEAR)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True, **YEAR)

    history = programme_history()

    class Meta:
        verbose_name = _("assistance project")
        verbose_name_plural = _("assistance projects")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(village__isnull=False, division__isnull=True)
                | Q(village__isnull=True, division__isnull=False),
                name="project_one_place",
                violation_error_message=_(
                    "A project is in exactly one place: a village, a town or a county."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="project_end_after_start",
                violation_error_message=_("The end year must not be before the start year."),
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=0),
                name="project_budget_not_negative",
                violation_error_message=_("The budget must not be negative."),
            ),
        ]
        indexes = [models.Index(fields=["programme", "category"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        if self.division_id is not None and self.division.level not in PROJECT_DIVISION_LEVELS:
            raise ValidationError(
                {"division": _("A project not in a village is placed at a town or a county-level division.")}
            )


class ProjectStatusChange(models.Model):
    """One dated change of a project's status (项目状态变更), with the reason when it skips or goes back."""

    project = models.ForeignKey(
        Project, verbose_name=_("assistance project"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from status"), max_length=10, choices=choices.ProjectStatus, blank=True)
    to_status = models.CharField(_("to status"), max_length=10, choices=choices.ProjectStatus)
    date = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_status_changes",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("project status change")
        verbose_name_plural = _("project status changes")
        ordering = ["project", "date", "id"]

    def __str__(self) -> str:
        return f"{self.project.code} {self.from_status or '—'} → {self.to_status} {self.date}"


class ProjectOutput(TimeStampedModel):
    """What a project produced (项目产出), one quantity per kind: hospital beds, school places, jobs, …"""

    project = models.ForeignKey(
        Project, verbose_name=_("assistance project"), on_delete=models.CASCADE, related_name="outputs"
    )
    kind = models.CharField(_("output kind"), max_length=10, choices=choices.OutputKind)
    quantity = models.DecimalField(
        _("quantity"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    description = models.CharField(_("description"), max_length=200, blank=True)

    history = programme_history()

    class Meta:
        verbose_name = _("project output")
        verbose_name_plural = _("project outputs")
        ordering = ["project", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind"],
                name="project_output_unique",
                violation_error_message=_("This project already has an output of this kind."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=0),
                name="project_output_not_negative",
                violation_error_message=_("The quantity must not be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.get_kind_display()} {self.quantity}"


class ProjectBeneficiary(TimeStampedModel):
    """A registered household linked to a project's benefits (利益联结): dividends, wages, services, …"""

    project = models.ForeignKey(
        Project, verbose_name=_("assistance project"), on_delete=models.CASCADE, related_name="beneficiaries"
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="project_links",
    )
    description = models.CharField(_("how it benefits"), max_length=200, blank=True)

    area_village = "household__village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("project beneficiary")
        verbose_name_plural = _("project beneficiaries")
        ordering = ["project", "household"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "household"],
                name="project_beneficiary_unique",
                violation_error_message=_("This household is already linked to this project."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.household}"


class FundFlow(TimeStampedModel):
    """A movement of assistance money (资金流): allocated (下达), disbursed (拨付) or spent (支出).

    ``year`` is the funds' budget year (资金年度), which a disbursement or spending keeps even when it happens
    in a later calendar year; ``date`` is the day of the movement. ``category`` is the project's category
    for project funds, and says what the money is for otherwise. Per project and per programme and year,
    Σ disbursed ≤ Σ allocated and Σ spent ≤ Σ disbursed (``services.fund_flow_record``).
    """

    programme = models.ForeignKey(
        "programme.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="fund_flows",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("assistance project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_flows",
    )
    kind = models.CharField(_("fund flow kind"), max_length=4, choices=choices.FundKind)
    source = models.CharField(_("fund source"), max_length=10, choices=choices.FundSource)
    category = models.CharField(_("fund category"), max_length=10, choices=choices.ProjectCategory)
    year = models.PositiveSmallIntegerField(_("budget year"), **YEAR)
    date = models.DateField(_("date"), null=True, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    reference = models.CharField(_("document reference"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = programme_history()

    class Meta:
        verbose_name = _("fund flow")
        verbose_name_plural = _("fund flows")
        ordering = ["programme", "year", "date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="fund_flow_amount_positive",
                violation_error_message=_("The amount must be greater than zero."),
            )
        ]
        indexes = [
            models.Index(fields=["programme", "year", "kind"]),
            models.Index(fields=["project", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()} {self.amount}"

    def clean(self) -> None:
        if (
            self.project_id is not None
            and self.programme_id is not None
            and self.project.programme_id != self.programme_id
        ):
            raise ValidationError({"project": _("The project belongs to another programme.")})


class IndustrialPark(TimeStampedModel):
    """An industrial park (产业园区) co-built by a programme, in a county or town."""

    programme = models.ForeignKey(
        "programme.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="parks"
    )
    name = models.CharField(_("name"), max_length=100)
    division = models.ForeignKey(
        "regions.Division", verbose_name=_("division"), on_delete=models.PROTECT, related_name="parks"
    )

    area_division = "division"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("industrial park")
        verbose_name_plural = _("industrial parks")
        ordering = ["programme", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="industrial_park_unique",
                violation_error_message=_("This programme already has a park of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class InvestmentProject(TimeStampedModel):
    """An investment project brought into a park (招商项目): investor, where from, how much, how far along.

    The dates say when it was signed (签约), started building (开工) and went into production (投产); the
    status is the furthest of these reached.
    """

    park = models.ForeignKey(
        IndustrialPark,
        verbose_name=_("industrial park"),
        on_delete=models.PROTECT,
        related_name="investments",
    )
    name = models.CharField(_("name"), max_length=200)
    investor = models.CharField(_("investor"), max_length=200)
    investor_origin_city = models.CharField(_("investor's city of origin"), max_length=50, blank=True)
    amount = models.DecimalField(_("investment (yuan)"), validators=[MinValueValidator(0)], **MONEY)
    sector = models.CharField(_("sector"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=4, choices=choices.InvestmentStatus, default=choices.InvestmentStatus.SIGNED
    )
    signed_date = models.DateField(_("signed on"))
    started_date = models.DateField(_("construction started on"), null=True, blank=True)
    producing_date = models.DateField(_("production started on"), null=True, blank=True)

    history = programme_history()

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["park", "signed_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="investment_amount_not_negative",
                violation_error_message=_("The amount must not be negative."),
            ),
            models.CheckConstraint(
                condition=Q(started_date__isnull=True) | Q(started_date__gte=F("signed_date")),
                name="investment_started_after_signed",
                violation_error_message=_("Construction cannot start before the signing date."),
            ),
            models.CheckConstraint(
                condition=Q(producing_date__isnull=True)
                | Q(started_date__isnull=False, producing_date__gte=F("started_date")),
                name="investment_producing_after_started",
                violation_error_message=_("Production starts after construction has started."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        required = {
            choices.InvestmentStatus.STARTED: "started_date",
            choices.InvestmentStatus.PRODUCING: "producing_date",
        }
        field = required.get(self.status)
        if field and getattr(self, field) is None:
            raise ValidationError({field: _("Required for the project's status.")})
