"""Django admin for the register, in Chinese by default (labels are translated).

Every register model shows its change history (django-simple-history's "History" button): who, when, the
change reason (``导入 <file> #<id>`` for imports) and old → new per field, ID numbers and phones masked and
birth dates given as their year (docs/personal-data.md): the admin shows ID numbers masked only, so the birth
date, which is digits 7–14 of the ID number, is never shown whole beside them.
Imports are listed read-only (``ImportRecord``). Every register page is read-only (records and inlines): the
register is changed by its import only, with the contract's checks — except that a village can be added, through
``registry.services.village_create`` (``AddThroughServiceMixin``: a village-level division, a poor village's
identified year, exit not before it).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from bangfu.core.admin import AddThroughServiceMixin, ReadOnlyInlineMixin, RecordOnlyAdminMixin
from bangfu.core.personal_data import mask_birth_date, mask_id_number, mask_phone
from bangfu.registry import services
from bangfu.registry.models import (
    Household,
    ImportRecord,
    IncomeRecord,
    LivingConditions,
    Member,
    Village,
    VillageYearStat,
)


class MaskedHistoryHelper(HistoricalRecordContextHelper):
    """Old → new values of a history row, with ID numbers and phones masked."""

    MASKS = {
        "id_number": mask_id_number,
        "head_id_number": mask_id_number,
        "phone": mask_phone,
        "birth_date": mask_birth_date,
    }

    def prepare_delta_change_value(self, change, value):
        mask = self.MASKS.get(change.field)
        return mask(value) if mask else super().prepare_delta_change_value(change, value)


class RegisterHistoryAdmin(RecordOnlyAdminMixin, SimpleHistoryAdmin):
    """A register model's admin with its change history, read-only: the register is changed by its import
    only (``registry.importing``: the contract's checks, the history's reason, the figures refreshed)."""

    def get_historical_record_context_helper(self, request, historical_record):
        return MaskedHistoryHelper(self.model, historical_record)


class VillageYearStatInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = VillageYearStat
    extra = 0


@admin.register(Village)
class VillageAdmin(AddThroughServiceMixin, RegisterHistoryAdmin):
    add_fields = [
        "division",
        "registered_population",
        "is_poor",
        "identified_year",
        "exit_year",
        "is_demonstration",
    ]
    list_display = [
        "division",
        "is_poor",
        "identified_year",
        "exit_year",
        "is_demonstration",
        "registered_population",
    ]
    list_filter = ["is_poor", "exit_year", "is_demonstration"]
    search_fields = ["division__code", "division__name"]
    raw_id_fields = ["division"]
    inlines = [VillageYearStatInline]

    def has_add_permission(self, request):
        """Adding is open to those Django's permissions allow (the service checks the record); changing is not."""
        return admin.ModelAdmin.has_add_permission(self, request)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # a village's statistics, once it is registered

    def add_through_service(self, request, data: dict):
        return services.village_create(**{name: data.get(name) for name in self.add_fields})


class LivingConditionsInline(ReadOnlyInlineMixin, admin.StackedInline):
    model = LivingConditions
    can_delete = False


@admin.display(description=_("year of birth"))
def birth_year(member: Member) -> str:
    return mask_birth_date(member.birth_date)


class MemberInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Member
    extra = 0
    fields = ["name", "relation", "sex", birth_year, "health", "labour_ability"]
    readonly_fields = [birth_year]
    show_change_link = True


class IncomeRecordInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = IncomeRecord
    extra = 0


@admin.register(Household)
class HouseholdAdmin(RegisterHistoryAdmin):
    list_display = ["code", "village", "attribute", "identified_year", "exit_year", "main_cause"]
    list_filter = ["attribute", "exit_year", "main_cause"]
    search_fields = ["code"]
    raw_id_fields = ["village"]
    # ID numbers and phones are personal data: not shown in lists until masking and access logging exist.
    exclude = ["head_id_number", "phone"]
    inlines = [LivingConditionsInline, MemberInline, IncomeRecordInline]


@admin.register(Member)
class MemberAdmin(RegisterHistoryAdmin):
    list_display = ["name", "household", "relation", "sex", birth_year, "labour_ability", "health"]
    list_filter = ["relation", "sex", "labour_ability", "health"]
    search_fields = ["name", "household__code"]
    raw_id_fields = ["household"]
    exclude = ["id_number", "birth_date"]  # the birth date is part of the ID number: its year only
    readonly_fields = [birth_year]


@admin.register(IncomeRecord)
class IncomeRecordAdmin(RegisterHistoryAdmin):
    list_display = ["household", "year", "wages", "business_income", "property_income", "transfer_income"]
    list_filter = ["year"]
    search_fields = ["household__code"]
    raw_id_fields = ["household"]


@admin.register(VillageYearStat)
class VillageYearStatAdmin(RegisterHistoryAdmin):
    list_display = [
        "village",
        "year",
        "registered_population",
        "disposable_income_per_capita",
        "collective_income",
    ]
    list_filter = ["year"]
    raw_id_fields = ["village"]


@admin.register(LivingConditions)
class LivingConditionsAdmin(RegisterHistoryAdmin):
    list_display = ["household", "housing_grade", "housing_renovated", "safe_water"]
    list_filter = ["housing_grade", "housing_renovated", "safe_water"]
    search_fields = ["household__code"]
    raw_id_fields = ["household"]


@admin.register(ImportRecord)
class ImportRecordAdmin(RecordOnlyAdminMixin, admin.ModelAdmin):
    """Each import of a register file: read-only, written by the import only."""

    list_display = ["id", "started_at", "file_name", "username", "dry_run", "changes", "finished_at"]
    list_filter = ["dry_run", "started_at"]
    search_fields = ["file_name", "username", "sha256"]
    date_hierarchy = "started_at"
    fields = ["file_name", "sha256", "user", "username", "started_at", "finished_at", "dry_run", "summary"]
    readonly_fields = fields

    @admin.display(description=_("changes"))
    def changes(self, record: ImportRecord) -> str:
        """Added / changed / moved records, summed over villages, households, members and incomes."""
        summary = record.summary or {}
        entities = ("villages", "households", "members", "income_records", "village_stats")
        total = {
            key: sum(summary.get(e, {}).get(key, 0) for e in entities)
            for key in ("added", "changed", "moved")
        }
        return "+{added:,} ~{changed:,} ↔{moved:,}".format(**total)
