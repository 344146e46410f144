"""Monitoring cases (监测对象), their steps, leads (线索), department alerts (预警) and alert imports.

Money is ``Decimal`` yuan with 2 places; every record that users change keeps its history
(django-simple-history). ID numbers of people not in the register (unmatched alert rows, leads) are personal
data: pages and exports mask them.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bangfu.core.models import TimeStampedModel
from bangfu.monitoring import choices
from bangfu.regions.area import AreaQuerySet

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}
USER = {"null": True, "blank": True, "on_delete": models.SET_NULL, "related_name": "+"}


def monitoring_history() -> HistoricalRecords:
    """Change history (who, when, old and new values); timestamps are the history's own."""
    return HistoricalRecords(excluded_fields=["created_at", "updated_at"])


class MonitoringCase(TimeStampedModel):
    """A monitoring case (监测对象) of one household, from discovery to risk elimination.

    Ordinary households (一般农户) can be cases (边缘易致贫户). ``risk_types`` holds one to five
    ``choices.RiskType`` values. An eliminated case stays and can be reopened (``reopened_count``).
    """

    household = models.ForeignKey(
        "registry.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="cases"
    )
    category = models.CharField(_("monitoring category"), max_length=10, choices=choices.Category)
    risk_types = models.JSONField(_("risk types"), default=list)
    channel = models.CharField(_("discovery channel"), max_length=10, choices=choices.Channel)
    step = models.CharField(
        _("step"), max_length=10, choices=choices.Step, default=choices.Step.VERIFICATION, db_index=True
    )
    discovered_on = models.DateField(_("discovered on"))
    authorisation_signed = models.BooleanField(_("signed authorisation"), default=False)
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    publicity_start = models.DateField(_("public notice from"), null=True, blank=True)
    publicity_end = models.DateField(_("public notice until"), null=True, blank=True)
    identified_on = models.DateField(_("identified on"), null=True, blank=True, db_index=True)
    eliminated_on = models.DateField(_("risk eliminated on"), null=True, blank=True)
    elimination_method = models.CharField(
        _("elimination method"), max_length=10, choices=choices.EliminationMethod, blank=True
    )
    assigned_cadre = models.ForeignKey(
        "programme.Cadre", verbose_name=_("assigned cadre"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="monitoring_cases",
    )  # fmt: skip
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), **USER)
    reopened_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    note = models.TextField(_("note"), blank=True)

    history = monitoring_history()

    class Meta:
        verbose_name = _("monitoring case")
        verbose_name_plural = _("monitoring cases")
        ordering = ["-discovered_on", "-id"]
        indexes = [models.Index(fields=["category", "step"])]

    def __str__(self) -> str:
        return f"{self.code} {self.household_id}"

    @property
    def code(self) -> str:
        """监测编号 as users quote it."""
        return f"JC{self.pk:08d}" if self.pk else ""


class CaseStep(models.Model):
    """One step taken on a case (the timeline): what, who, when, with what note. Written by services only."""

    case = models.ForeignKey(MonitoringCase, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=10, choices=choices.Step)
    action = models.CharField(_("action"), max_length=40)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), **USER)
    username = models.CharField(_("username"), max_length=150, blank=True)
    on = models.DateField(_("date"))
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")
        ordering = ["case", "at", "id"]

    def __str__(self) -> str:
        return f"{self.step} {self.action} {self.on}"


class Lead(TimeStampedModel):
    """A lead (线索): a household or person someone should visit; visited, it becomes a case or is closed.

    ``household`` is empty for a person not in the register (an unmatched department row); ``division`` is
    then where the township should look (the importer's area, or the county of the ID number).
    """

    household = models.ForeignKey(
        "registry.Household", verbose_name=_("household"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="leads",
    )  # fmt: skip
    division = models.ForeignKey(
        "regions.Division", verbose_name=_("division"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=50, blank=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    channel = models.CharField(_("discovery channel"), max_length=10, choices=choices.Channel)
    source = models.CharField(_("source"), max_length=200)
    discovered_on = models.DateField(_("discovered on"))
    status = models.CharField(
        _("status"), max_length=10, choices=choices.LeadStatus, default=choices.LeadStatus.OPEN
    )
    closed_reason = models.CharField(_("reason for closing"), max_length=500, blank=True)
    case = models.ForeignKey(
        MonitoringCase, verbose_name=_("case"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="leads",
    )  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), **USER)

    history = monitoring_history()

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-discovered_on", "-id"]

    def __str__(self) -> str:
        return f"{self.source} {self.discovered_on}"


class AlertImport(models.Model):
    """One department file imported (导入记录): which file, by whom, when, and its counts."""

    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), **USER)
    username = models.CharField(_("username"), max_length=150, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("alert import")
        verbose_name_plural = _("alert imports")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.file_name


class DepartmentAlert(TimeStampedModel):
    """One row of a department file (部门筛查预警数据), kept whether or not it raised an alert.

    A row is the same row when 来源部门, 证件号码, 预警事项 and 发生日期 are equal: importing it again changes
    nothing. ``raised`` tells whether it crossed the monitoring standard's threshold (an alert, 预警);
    ``status`` follows the alert until it is verified into a case or closed with a reason.
    """

    department = models.CharField(_("department"), max_length=10)
    event = models.CharField(_("event"), max_length=20)
    id_number = models.CharField(_("ID number"), max_length=18)
    name = models.CharField(_("name"), max_length=50)
    occurred_on = models.DateField(_("date of the event"))
    amount = models.DecimalField(_("amount (yuan)"), null=True, blank=True, **MONEY)
    note = models.CharField(_("note"), max_length=500, blank=True)
    member = models.ForeignKey(
        "registry.Member", verbose_name=_("member"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="alerts",
    )  # fmt: skip
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("household"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="alerts",
    )  # fmt: skip
    raised = models.BooleanField(_("alert raised"), default=False)
    threshold = models.DecimalField(_("threshold (yuan)"), null=True, blank=True, **MONEY)
    status = models.CharField(_("status"), max_length=10, choices=choices.AlertStatus, db_index=True)
    closed_reason = models.CharField(_("reason for closing"), max_length=500, blank=True)
    case = models.ForeignKey(
        MonitoringCase, verbose_name=_("case"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="alerts",
    )  # fmt: skip
    lead = models.ForeignKey(
        Lead, verbose_name=_("lead"), null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("verified by"), **USER)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    import_record = models.ForeignKey(
        AlertImport, verbose_name=_("import"), on_delete=models.PROTECT, related_name="alerts"
    )

    area_village = "household__village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    history = monitoring_history()

    class Meta:
        verbose_name = _("department alert")
        verbose_name_plural = _("department alerts")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "id_number", "event", "occurred_on"], name="department_alert_unique"
            )
        ]

    @property
    def code(self) -> str:
        """预警编号 as the export and pages show it."""
        return f"YJ{self.pk:08d}" if self.pk else ""
