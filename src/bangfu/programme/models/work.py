"""What they do: visits, the households' plans (一户一策) and measures, and annual evaluations."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import TimeStampedModel
from bangfu.programme import choices
from bangfu.programme.models.fields import (
    MONEY,
    YEAR,
    programme_history,
)
from bangfu.programme.models.partners import Cadre, Programme


class Visit(TimeStampedModel):
    """A household visit (走访) by a cadre: when, what was done, what was found."""

    household = models.ForeignKey(
        "registry.Household", verbose_name=_("household"), on_delete=models.CASCADE, related_name="visits"
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("assisting cadre"), on_delete=models.PROTECT, related_name="visits"
    )
    date = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("the account that entered the visit (empty: imported)"),
    )

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "household"]
        indexes = [models.Index(fields=["household", "date"])]

    def __str__(self) -> str:
        return f"{self.household} {self.date}"


class HouseholdPlan(TimeStampedModel):
    """A household's assistance plan for a year (一户一策): a summary and its measures."""

    household = models.ForeignKey(
        "registry.Household", verbose_name=_("household"), on_delete=models.CASCADE, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"), **YEAR)
    summary = models.TextField(_("plan summary"), blank=True)

    class Meta:
        verbose_name = _("household plan")
        verbose_name_plural = _("household plans")
        ordering = ["household", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year"],
                name="household_plan_unique",
                violation_error_message=_("This household already has a plan for this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.year}"


class Measure(TimeStampedModel):
    """An assistance measure (帮扶措施) of a household plan, optionally carried out through a project."""

    plan = models.ForeignKey(
        HouseholdPlan, verbose_name=_("household plan"), on_delete=models.CASCADE, related_name="measures"
    )
    category = models.CharField(_("measure category"), max_length=10, choices=choices.MeasureCategory)
    description = models.CharField(_("description"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=choices.MeasureStatus, default=choices.MeasureStatus.PLANNED
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount (yuan)"), null=True, blank=True, validators=[MinValueValidator(0)], **MONEY
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
    )

    history = programme_history()

    class Meta:
        verbose_name = _("assistance measure")
        verbose_name_plural = _("assistance measures")
        ordering = ["plan", "start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="measure_end_after_start",
                violation_error_message=_("The end date must not be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="measure_amount_not_negative",
                violation_error_message=_("The amount must not be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.get_category_display()}"


class Evaluation(TimeStampedModel):
    """A programme's annual evaluation (年度考核), graded 好 / 较好 / 一般 / 较差 by an evaluator."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("year"), **YEAR)
    grade = models.CharField(_("grade"), max_length=4, choices=choices.EvaluationGrade)
    evaluator = models.CharField(_("evaluator"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = programme_history()

    class Meta:
        verbose_name = _("annual evaluation")
        verbose_name_plural = _("annual evaluations")
        ordering = ["programme", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year"],
                name="evaluation_unique",
                violation_error_message=_("This programme already has an evaluation for this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year} {self.grade}"
