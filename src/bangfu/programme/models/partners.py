"""Who helps: the programme, assisting units and their pairings with villages, cadres and their postings."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import TimeStampedModel
from bangfu.programme import choices
from bangfu.programme.models.fields import (
    YEAR,
    ends_after_start,
    id_number_validator,
    programme_history,
    uscc_validator,
)
from bangfu.registry.choices import Sex


class Programme(TimeStampedModel):
    """A counterpart-assistance programme (对口帮扶): a donor city helping a recipient city over a period.

    Example: 深圳 → 汕尾, 2013–2020. A deployment may hold several programmes. ``end_year`` is empty while a
    programme runs on without a set end.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    donor_city = models.CharField(_("donor city"), max_length=50)
    recipient_city = models.CharField(_("recipient city"), max_length=50)
    recipient_division = models.ForeignKey(
        "regions.Division",
        verbose_name=_("recipient division"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), **YEAR)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True, **YEAR)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["start_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="programme_end_after_start",
                violation_error_message=_("The end year must not be before the start year."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class AssistingUnit(TimeStampedModel):
    """An assisting unit (帮扶单位): a donor-side district, department, enterprise or organisation.

    ``district`` names the donor-side district it belongs to (e.g. 福田区); ``parent`` is the unit it belongs
    to, if that is a unit too. The unified social credit code (统一社会信用代码) is optional, unique when given.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("unit kind"), max_length=10, choices=choices.UnitKind)
    district = models.CharField(_("district"), max_length=50, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[uscc_validator]
    )

    class Meta:
        verbose_name = _("assisting unit")
        verbose_name_plural = _("assisting units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"],
                condition=~Q(uscc=""),
                name="assisting_unit_uscc_unique",
                violation_error_message=_("Another assisting unit has this unified social credit code."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Pairing(TimeStampedModel):
    """A pairing (结对): an assisting unit helping one village within a programme, over a period.

    ``end_date`` is empty while the pairing lasts. The same unit and village may be paired again later, but
    their periods must not overlap (checked by ``services.pairing_create``).
    """

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="pairings"
    )
    unit = models.ForeignKey(
        AssistingUnit, verbose_name=_("assisting unit"), on_delete=models.PROTECT, related_name="pairings"
    )
    village = models.ForeignKey(
        "registry.Village", verbose_name=_("village"), on_delete=models.PROTECT, related_name="pairings"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    history = programme_history()

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["programme", "unit", "start_date"]
        constraints = [ends_after_start("pairing_end_after_start")]
        indexes = [models.Index(fields=["village", "start_date"])]

    def __str__(self) -> str:
        return f"{self.unit} → {self.village}"


class Cadre(TimeStampedModel):
    """An assisting cadre (帮扶干部) sent by a unit. Phone and ID number are personal data (never listed).

    ``code`` (干部编号) is the key imports and bulk loads refer to a cadre by; optional, unique when given.
    """

    code = models.CharField(_("cadre code"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=50)
    unit = models.ForeignKey(
        AssistingUnit, verbose_name=_("assisting unit"), on_delete=models.PROTECT, related_name="cadres"
    )
    gender = models.CharField(_("sex"), max_length=1, choices=Sex, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True, validators=[id_number_validator])

    class Meta:
        verbose_name = _("assisting cadre")
        verbose_name_plural = _("assisting cadres")
        ordering = ["unit", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~Q(id_number=""),
                name="cadre_id_number_unique",
                violation_error_message=_("Another cadre has this ID number."),
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="cadre_code_unique",
                violation_error_message=_("Another cadre has this cadre code."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CadreAssignment(TimeStampedModel):
    """A cadre's posting (派驻) in a role, for a unit and programme, over a period, to exactly one place.

    The place is a village (第一书记, 驻村工作队员), a household (帮扶责任人) or, for a seconded cadre (挂职干部),
    an administrative division such as a county. ``end_date`` is empty while the posting lasts.
    Overlapping postings are refused by ``services.cadre_assignment_create``.
    """

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("assisting cadre"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("post"), max_length=10, choices=choices.CadreRole)
    unit = models.ForeignKey(
        AssistingUnit, verbose_name=_("assisting unit"), on_delete=models.PROTECT, related_name="assignments"
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="assignments"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    village = models.ForeignKey(
        "registry.Village",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cadre_assignments",
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cadre_assignments",
    )
    division = models.ForeignKey(
        "regions.Division",
        verbose_name=_("division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cadre_assignments",
    )

    history = programme_history()

    class Meta:
        verbose_name = _("cadre assignment")
        verbose_name_plural = _("cadre assignments")
        ordering = ["programme", "start_date", "cadre"]
        constraints = [
            ends_after_start("cadre_assignment_end_after_start"),
            models.CheckConstraint(
                condition=(
                    Q(village__isnull=False, household__isnull=True, division__isnull=True)
                    | Q(village__isnull=True, household__isnull=False, division__isnull=True)
                    | Q(village__isnull=True, household__isnull=True, division__isnull=False)
                ),
                name="cadre_assignment_one_place",
                violation_error_message=_(
                    "An assignment is to exactly one place: a village, a household or a division."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["role", "village"]),
            models.Index(fields=["role", "household"]),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.get_role_display()}"

    def clean(self) -> None:
        if self.division_id is not None and self.role not in choices.DIVISION_ROLES:
            raise ValidationError(
                {"division": _("Only a seconded cadre (挂职干部) may be posted to a division.")}
            )

    @property
    def place(self):
        """The village, household or division the cadre is posted to."""
        return self.village or self.household or self.division
