"""The register (建档立卡): villages, households, members, yearly incomes and living conditions.

Fields follow the register workbook contract (shared/contracts/registry-template.md) one to one; columns a
workbook carries beyond the contract are kept in ``extra``. Money is ``Decimal`` yuan with 2 places.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bangfu.core.models import TimeStampedModel
from bangfu.regions.area import AreaQuerySet
from bangfu.registry import choices
from bangfu.standards.income import net_income

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}
YEAR = {"validators": [MinValueValidator(1949), MaxValueValidator(2100)]}


class ImportRecord(models.Model):
    """One import of a register file (导入记录): which file, by whom, when, and what it changed.

    History rows written by an import point to it (``import_record``) and name it in their change reason
    (``导入 <file> #<id>``). See ``registry/importing/history.py``.
    """

    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="register_imports",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)  # kept if the account goes
    started_at = models.DateTimeField(_("started at"), db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"


class ImportedHistory(models.Model):
    """What every history row of the register adds to django-simple-history's: the import that wrote it."""

    import_record = models.ForeignKey(
        ImportRecord,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


def register_history(name, plural=None) -> HistoricalRecords:
    """Change history (who, when, which file, old and new values); timestamps are the history's own."""
    return HistoricalRecords(
        verbose_name=name,
        verbose_name_plural=plural or name,
        excluded_fields=["created_at", "updated_at"],
        bases=[ImportedHistory],
        history_id_field=models.BigAutoField(primary_key=True),  # an import of 10^6 households writes ~10^7
        history_change_reason_field=models.TextField(null=True),  # "导入 <file name> #<id>", never cut
    )


class Village(TimeStampedModel):
    """A village (村) in the register, with its poor-village (贫困村) status.

    Its name, town (乡镇) and county (县区) are those of its administrative division.
    """

    division = models.OneToOneField(
        "regions.Division", verbose_name=_("division"), on_delete=models.PROTECT, related_name="village"
    )
    is_poor = models.BooleanField(_("poor village"), default=False)
    identified_year = models.PositiveSmallIntegerField(_("identified year"), null=True, blank=True, **YEAR)
    exit_year = models.PositiveSmallIntegerField(_("exit year"), null=True, blank=True, **YEAR)
    is_demonstration = models.BooleanField(_("demonstration village"), null=True, blank=True)
    registered_population = models.PositiveIntegerField(_("registered population"))
    extra = models.JSONField(_("extra attributes"), default=dict, blank=True)

    area_village = ""  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    history = register_history(_("village history"))

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["division__code"]
        indexes = [models.Index(fields=["is_poor", "exit_year"])]

    def __str__(self) -> str:
        return str(self.division)


class VillageYearStat(TimeStampedModel):
    """A village's statistics for one year (村年度统计)."""

    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.CASCADE, related_name="stats"
    )
    year = models.PositiveSmallIntegerField(_("year"), **YEAR)
    registered_population = models.PositiveIntegerField(_("registered population"))
    disposable_income_per_capita = models.DecimalField(_("resident disposable income per capita"), **MONEY)
    collective_income = models.DecimalField(_("village collective income"), **MONEY)
    # Guangdong village exit indicators (粤发〔2016〕13号; domain-rules.md §2), yes/no for the year; NULL = not
    # recorded, which the gd-2016 village standard reports as "cannot decide" rather than a failure.
    living_environment_ok = models.BooleanField(_("living environment up to standard"), null=True, blank=True)
    roads_ok = models.BooleanField(_("hardened road to the village"), null=True, blank=True)
    drinking_water_ok = models.BooleanField(_("village drinking water safe"), null=True, blank=True)
    public_services_ok = models.BooleanField(_("basic public services up to standard"), null=True, blank=True)
    party_organisation_ok = models.BooleanField(
        _("village Party organisation up to standard"), null=True, blank=True
    )
    water_power_ok = models.BooleanField(
        _("irrigation and electricity up to standard"), null=True, blank=True
    )
    tv_broadband_ok = models.BooleanField(_("radio, TV and broadband coverage"), null=True, blank=True)

    area_village = "village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    history = register_history(_("village yearly statistics history"))

    class Meta:
        verbose_name = _("village yearly statistics")
        verbose_name_plural = _("village yearly statistics")
        ordering = ["village", "year"]
        constraints = [models.UniqueConstraint(fields=["village", "year"], name="village_year_stat_unique")]

    def __str__(self) -> str:
        return f"{self.village} {self.year}"


class Household(TimeStampedModel):
    """A household (户) of the register: registered poor (建档立卡贫困户) or ordinary (一般农户)."""

    code = models.CharField(_("household code"), max_length=40, unique=True)
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="households"
    )
    head_id_number = models.CharField(_("head's ID number"), max_length=18)
    attribute = models.CharField(_("household attribute"), max_length=10, choices=choices.HouseholdAttribute)
    identified_year = models.PositiveSmallIntegerField(_("identified year"), null=True, blank=True, **YEAR)
    exit_year = models.PositiveSmallIntegerField(_("exit year"), null=True, blank=True, **YEAR)
    main_cause = models.CharField(
        _("main cause of poverty"), max_length=10, choices=choices.PovertyCause, blank=True
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # 收入稳定 (《关于建立贫困退出机制的意见》2016: 稳定超过国家扶贫标准), the verification's verdict; NULL = not recorded.
    income_stable = models.BooleanField(_("income stable"), null=True, blank=True)
    extra = models.JSONField(_("extra attributes"), default=dict, blank=True)

    area_village = "village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    history = register_history(_("household history"))

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["code"]
        indexes = [models.Index(fields=["attribute", "exit_year"])]

    def __str__(self) -> str:
        return self.code

    @property
    def is_registered_poor(self) -> bool:
        return self.attribute in choices.REGISTERED_POOR_ATTRIBUTES


class LivingConditions(TimeStampedModel):
    """A household's living conditions (生活条件): housing safety, drinking water, food and clothing.

    The yes/no criteria added by issue 14 are NULL when not recorded (the exit standard then cannot decide).
    """

    household = models.OneToOneField(
        Household,
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="living",
    )
    housing_grade = models.CharField(_("housing safety grade"), max_length=1, choices=choices.HousingGrade)
    housing_renovated = models.BooleanField(_("dangerous housing renovated"), null=True, blank=True)
    safe_water = models.BooleanField(_("safe drinking water"))
    # 两不愁 (《关于建立贫困退出机制的意见》2016)
    food_secure = models.BooleanField(_("enough to eat"), null=True, blank=True)
    clothing_secure = models.BooleanField(_("enough to wear"), null=True, blank=True)
    # 易地扶贫搬迁: a relocated household is safely housed once the keys are handed over (provincial checklists)
    relocated = models.BooleanField(_("relocated for poverty alleviation"), null=True, blank=True)
    relocation_keys_date = models.DateField(_("relocation keys handed over on"), null=True, blank=True)
    # The four parts of 饮水安全 (《农村饮水安全评价准则》)
    water_quantity_ok = models.BooleanField(_("water quantity sufficient"), null=True, blank=True)
    water_quality_ok = models.BooleanField(_("water quality up to standard"), null=True, blank=True)
    water_convenient = models.BooleanField(_("water convenient to fetch"), null=True, blank=True)
    water_supply_assured = models.BooleanField(_("water supply assured"), null=True, blank=True)

    area_village = "household__village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    history = register_history(_("living conditions history"))

    class Meta:
        verbose_name = _("living conditions")
        verbose_name_plural = _("living conditions")

    def __str__(self) -> str:
        return str(self.household)


class Member(TimeStampedModel):
    """A member (成员) of a household, identified by the resident ID number (证件号码)."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(_("ID number"), max_length=18, unique=True)
    relation = models.CharField(_("relation to head"), max_length=10, choices=choices.Relation)
    sex = models.CharField(_("sex"), max_length=1, choices=choices.Sex)
    birth_date = models.DateField(_("birth date"))
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    education = models.CharField(_("education"), max_length=10, choices=choices.Education, blank=True)
    school_status = models.CharField(
        _("school status"), max_length=10, choices=choices.SchoolStatus, blank=True
    )
    health = models.CharField(_("health"), max_length=10, choices=choices.Health)
    labour_ability = models.CharField(_("labour ability"), max_length=10, choices=choices.LabourAbility)
    months_employed = models.PositiveSmallIntegerField(
        _("months in work"), null=True, blank=True, validators=[MaxValueValidator(12)]
    )
    resident_medical_insurance = models.BooleanField(_("resident basic medical insurance"))
    employee_medical_insurance = models.BooleanField(_("employee basic medical insurance"))
    critical_illness_insurance = models.BooleanField(_("critical illness insurance"), null=True, blank=True)
    pension_insurance = models.BooleanField(_("pension insurance"), null=True, blank=True)
    receives_dibao = models.BooleanField(_("receives minimum living allowance"), null=True, blank=True)
    receives_tekun = models.BooleanField(_("receives extreme-poverty support"), null=True, blank=True)
    out_of_school = models.BooleanField(_("out of school"), null=True, blank=True)
    dropout_reason = models.CharField(
        _("dropout reason"), max_length=10, choices=choices.DropoutReason, blank=True
    )
    # 送教上门: a school-age child who cannot attend school is taught at home (provincial checklists)
    home_schooled = models.BooleanField(_("taught at home"), null=True, blank=True)
    extra = models.JSONField(_("extra attributes"), default=dict, blank=True)

    area_village = "household__village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    history = register_history(_("member history"))

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["household", "id"]

    def __str__(self) -> str:
        return self.name


class IncomeRecord(TimeStampedModel):
    """A household's income for one year (年度收入). Net income (纯收入) = the four incomes − business costs."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="incomes"
    )
    year = models.PositiveSmallIntegerField(_("year"), **YEAR)
    wages = models.DecimalField(_("wage income"), **MONEY)
    business_income = models.DecimalField(_("business income"), **MONEY)
    property_income = models.DecimalField(_("property income"), **MONEY)
    transfer_income = models.DecimalField(_("transfer income"), **MONEY)
    business_costs = models.DecimalField(_("business costs"), **MONEY)
    compliant_out_of_pocket = models.DecimalField(
        _("compliant out-of-pocket spending"), null=True, blank=True, **MONEY
    )
    extra = models.JSONField(_("extra attributes"), default=dict, blank=True)

    area_village = "household__village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    history = register_history(_("income record history"))

    class Meta:
        verbose_name = _("income record")
        verbose_name_plural = _("income records")
        ordering = ["household", "year"]
        constraints = [models.UniqueConstraint(fields=["household", "year"], name="income_record_unique")]

    def __str__(self) -> str:
        return f"{self.household} {self.year}"

    @property
    def net_income(self):
        return net_income(self)  # the one formula: bangfu.standards.income


class ImportConflict(models.Model):
    """An ID number in an uploaded file that is registered in a household outside the uploader's area (证件号码冲突).

    The check tells the uploader (the register must stay unique), logs that disclosure like an unmask
    (``core.PersonalDataAccess``) and records the conflict here, for the officers whose area holds the
    registered household (and administrators) to resolve. The ID number is kept masked; ``digest`` (a keyed
    hash) only recognises the same conflict again. See ``registry/importing/conflicts.py``.
    """

    id_number_masked = models.CharField(_("ID number (masked)"), max_length=40)
    digest = models.CharField(_("ID number digest"), max_length=64, db_index=True)
    household = models.ForeignKey(
        Household,
        verbose_name=_("registered household"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_conflicts",
    )
    household_code = models.CharField(_("registered household code"), max_length=40)
    file_household_code = models.CharField(_("household code in the file"), max_length=40, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    row = models.PositiveIntegerField(_("row in the file"), null=True, blank=True)
    uploader_area = models.CharField(_("uploader's area"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_conflicts",
    )
    uploaded_by_name = models.CharField(_("uploaded by (name)"), max_length=150)
    detected_at = models.DateTimeField(_("detected at"), db_index=True)
    times = models.PositiveIntegerField(_("times seen"), default=1)
    disclosed = models.BooleanField(_("shown to the uploader"), default=True)
    resolved = models.BooleanField(_("resolved"), default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    area_village = "household__village"  # objects.in_area(area): regions/area.py
    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("ID-number conflict")
        verbose_name_plural = _("ID-number conflicts")
        ordering = ["resolved", "-detected_at", "-id"]

    def __str__(self) -> str:
        return f"{self.id_number_masked} {self.household_code}"
