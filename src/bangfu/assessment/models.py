"""Assessment runs (评估) and their results: one verdict per household or village, with the reasons.

A run is stored whole or not at all: the run and every result are written in one transaction
(``services.py``). Results keep the values that decided them (``detail``), as the compiled standard gave them,
so that a verdict can be explained later even after the register has changed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import TimeStampedModel
from bangfu.regions.area import AreaQuerySet


class StandardKind(models.TextChoices):
    HOUSEHOLD_EXIT = "household_exit", _("household exit")
    MONITORING = "monitoring", _("return-to-poverty monitoring")
    QUALITY = "quality", _("data quality")
    MPI = "mpi", _("multidimensional poverty")


class Level(models.TextChoices):
    HOUSEHOLD = "household", _("household")
    VILLAGE = "village", _("village")


class Status(models.TextChoices):
    # A run that fails leaves nothing behind, so every stored run has succeeded.
    SUCCEEDED = "succeeded", _("succeeded")


class Verdict(models.TextChoices):
    PASS = "pass", _("pass")
    FAIL = "fail", _("fail")
    # An exit standard could not decide: a criterion needs data the register has not recorded (标准 docs).
    UNDECIDED = "undecided", _("cannot decide: data not recorded")
    FLAG = "flag", _("flagged for monitoring")
    CLEAR = "clear", _("not flagged")
    MISSING = "missing", _("data missing")


class AssessmentRun(TimeStampedModel):
    """One evaluation of a standard over the register (or a division's part of it) for one year."""

    standard = models.CharField(_("standard"), max_length=100, help_text=_("the standard's id, e.g. gd-2016"))
    standard_kind = models.CharField(_("standard kind"), max_length=20, choices=StandardKind)
    standard_title = models.CharField(_("standard title"), max_length=200, blank=True)
    content_hash = models.CharField(_("standard content hash"), max_length=64)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    as_of = models.DateField(
        _("register date"),
        null=True,
        blank=True,
        help_text=_("the date ages are counted on (quality checks)"),
    )
    level = models.CharField(_("assessment level"), max_length=10, choices=Level)
    scope = models.CharField(
        _("scope"),
        max_length=12,
        blank=True,
        help_text=_("division-code prefix; empty for the whole register"),
    )
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.SUCCEEDED)
    result_counts = models.JSONField(_("result counts"), default=dict, blank=True)
    snapshot_counts = models.JSONField(_("snapshot row counts"), default=dict, blank=True)
    timings = models.JSONField(_("timings (seconds)"), default=dict, blank=True)

    class Meta:
        verbose_name = _("assessment run")
        verbose_name_plural = _("assessment runs")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["standard", "year", "level"])]

    def __str__(self) -> str:
        year = f" {self.year}" if self.year else ""
        scope = f" {self.scope}" if self.scope else ""
        return f"{self.standard}{year} {self.level}{scope} #{self.pk}"


class HouseholdResult(models.Model):
    """A household's verdict in a run: pass/fail (exit) or flag/clear (monitoring), and why."""

    run = models.ForeignKey(
        AssessmentRun,
        verbose_name=_("assessment run"),
        on_delete=models.CASCADE,
        related_name="household_results",
        db_index=False,  # the unique (run, household) index serves lookups by run
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="assessment_results",
    )
    result = models.CharField(_("result"), max_length=10, choices=Verdict)
    failed_criteria = models.TextField(
        _("failed criteria"), blank=True, help_text=_("criterion ids, sorted, joined by ;")
    )
    category = models.CharField(_("monitoring category"), max_length=60, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    area_village = "household__village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("household result")
        verbose_name_plural = _("household results")
        ordering = ["run", "household"]
        constraints = [
            models.UniqueConstraint(fields=["run", "household"], name="household_result_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.result}"


class VillageResult(models.Model):
    """A village's verdict in a run: its poverty incidence and whether it meets the exit standard."""

    run = models.ForeignKey(
        AssessmentRun,
        verbose_name=_("assessment run"),
        on_delete=models.CASCADE,
        related_name="village_results",
        db_index=False,
    )
    village = models.ForeignKey(
        "registry.Village",
        verbose_name=_("village"),
        on_delete=models.CASCADE,
        related_name="assessment_results",
    )
    result = models.CharField(_("result"), max_length=10, choices=Verdict)
    incidence = models.FloatField(_("poverty incidence"), null=True, blank=True, help_text=_("a fraction"))
    failed_criteria = models.TextField(_("failed criteria"), blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    area_village = "village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("village result")
        verbose_name_plural = _("village results")
        ordering = ["run", "village"]
        constraints = [models.UniqueConstraint(fields=["run", "village"], name="village_result_unique")]

    def __str__(self) -> str:
        return f"{self.village} {self.result}"


class QualityFinding(models.Model):
    """A data-quality problem found by a check (数据质量检查), on a household and possibly one member."""

    run = models.ForeignKey(
        AssessmentRun, verbose_name=_("assessment run"), on_delete=models.CASCADE, related_name="findings"
    )
    check_id = models.CharField(_("check"), max_length=100)
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="quality_findings",
        null=True,
        blank=True,
    )
    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="quality_findings",
        null=True,
        blank=True,
    )
    message = models.TextField(_("message"))

    area_village = "household__village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("quality finding")
        verbose_name_plural = _("quality findings")
        ordering = ["run", "check_id", "household", "member"]

    def __str__(self) -> str:
        return f"{self.check_id}: {self.message}"
