"""Pre-aggregated figures (预汇总指标): one row per village and year, so that any scope is a sum of rows.

The dashboard never scans households: every figure of any scope (a county, a town, a cadre's villages) is a
``SUM`` over the village rows in scope (``objects.in_area(scope.area)``). The rows are rebuilt set-wise by
``services.figures_refresh`` after every load, import and stored exit assessment; ``FiguresRefresh`` records
when (the dashboard's "figures as of …").
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bangfu.regions.area import AreaQuerySet

COUNT = {"default": 0}


class FiguresRefresh(models.Model):
    """One rebuild of the figures: when, how long, why, and how many rows it wrote."""

    class Part(models.TextChoices):
        ALL = "all", _("all figures")
        GAPS = "gaps", _("three-guarantee gaps")

    computed_at = models.DateTimeField(_("computed at"), db_index=True)
    part = models.CharField(_("part"), max_length=10, choices=Part, default=Part.ALL)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    seconds = models.FloatField(_("seconds"))
    counts = models.JSONField(_("rows written"), default=dict, blank=True)

    class Meta:
        verbose_name = _("figures refresh")
        verbose_name_plural = _("figures refreshes")
        ordering = ["-computed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.part} {self.computed_at:%Y-%m-%d %H:%M:%S}"


class VillageYearFigure(models.Model):
    """A village's figures for one year (村年度指标), from the register's households and members.

    Registered (建档立卡) households are those of the three poor attributes identified in or before the year;
    exited (已脱贫) ones have an exit year in or before it. Income figures cover every registered poor
    household (whatever its identification year) with at least one member and an income record for the
    year: per-capita income of a group is Σ net income ÷ Σ members (as ``reports.results``). Members are those
    on 31 December of the year; people exited, those on 31 December of the exit year (``standards.asof``).
    """

    village = models.ForeignKey(
        "registry.Village", verbose_name=_("village"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    is_poor_village = models.BooleanField(_("poor village"), default=False)
    village_exited = models.BooleanField(_("poor village exited"), default=False)
    population = models.PositiveIntegerField(
        _("registered population"), help_text=_("the year's village statistics, else the village's"), **COUNT
    )
    households_registered = models.PositiveIntegerField(_("registered households"), **COUNT)
    people_registered = models.PositiveIntegerField(_("registered people"), **COUNT)
    households_exited = models.PositiveIntegerField(_("exited households"), **COUNT)
    people_exited = models.PositiveIntegerField(_("exited people"), **COUNT)
    households_remaining = models.PositiveIntegerField(_("households not yet exited"), **COUNT)
    people_remaining = models.PositiveIntegerField(_("people not yet exited"), **COUNT)
    income_households = models.PositiveIntegerField(_("households with an income record"), **COUNT)
    income_people = models.PositiveIntegerField(_("members of households with an income record"), **COUNT)
    income_net = models.DecimalField(_("net income"), max_digits=18, decimal_places=2, default=0)

    area_village = "village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("village yearly figures")
        verbose_name_plural = _("village yearly figures")
        ordering = ["village", "year"]
        constraints = [models.UniqueConstraint(fields=["village", "year"], name="village_year_figure_unique")]
        indexes = [models.Index(fields=["year", "village"], name="village_year_figure_year")]

    def __str__(self) -> str:
        return f"{self.village_id} {self.year}"


class VillageIncomeBand(models.Model):
    """Registered poor households of a village by per-capita net income band in one year (收入分布).

    ``band`` is the band's lower edge in yuan per person (``bands.INCOME_BAND_EDGES``); the first band also
    holds incomes below zero. Only bands with households have a row.
    """

    village = models.ForeignKey(
        "registry.Village", verbose_name=_("village"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    band = models.PositiveIntegerField(_("income band (lower edge)"))
    households = models.PositiveIntegerField(_("households"), **COUNT)
    people = models.PositiveIntegerField(_("people"), **COUNT)

    area_village = "village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("village income band")
        verbose_name_plural = _("village income bands")
        ordering = ["village", "year", "band"]
        constraints = [
            models.UniqueConstraint(fields=["village", "year", "band"], name="village_income_band_unique")
        ]
        indexes = [models.Index(fields=["year", "band"], name="village_income_band_year")]

    def __str__(self) -> str:
        return f"{self.village_id} {self.year} ≥{self.band}"


class VillageGuaranteeGap(models.Model):
    """Three-guarantee gaps (三保障缺口) of a village in its latest exit assessment with household results.

    Households of the village whose verdict failed compulsory education (义务教育), basic medical insurance
    (基本医疗), housing safety (住房安全) or safe drinking water (饮水安全), in ``run``: the newest stored
    household-level exit run whose scope covers the village and that has household results.
    """

    village = models.OneToOneField(
        "registry.Village", verbose_name=_("village"), on_delete=models.CASCADE, related_name="+"
    )
    run = models.ForeignKey(
        "assessment.AssessmentRun",
        verbose_name=_("assessment run"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    assessed = models.PositiveIntegerField(_("households assessed"), **COUNT)
    education = models.PositiveIntegerField(_("compulsory education gaps"), **COUNT)
    medical = models.PositiveIntegerField(_("basic medical insurance gaps"), **COUNT)
    housing = models.PositiveIntegerField(_("housing safety gaps"), **COUNT)
    water = models.PositiveIntegerField(_("safe drinking water gaps"), **COUNT)

    area_village = "village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("village three-guarantee gaps")
        verbose_name_plural = _("village three-guarantee gaps")
        ordering = ["village"]

    def __str__(self) -> str:
        return f"{self.village_id} #{self.run_id}"
