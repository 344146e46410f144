"""Django admin for the register, in Chinese by default (labels are translated)."""

from django.contrib import admin

from bangfu.registry.models import Household, IncomeRecord, LivingConditions, Member, Village, VillageYearStat


class VillageYearStatInline(admin.TabularInline):
    model = VillageYearStat
    extra = 0


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
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


class LivingConditionsInline(admin.StackedInline):
    model = LivingConditions
    can_delete = False


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    fields = ["name", "relation", "sex", "birth_date", "health", "labour_ability"]
    show_change_link = True


class IncomeRecordInline(admin.TabularInline):
    model = IncomeRecord
    extra = 0


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["code", "village", "attribute", "identified_year", "exit_year", "main_cause"]
    list_filter = ["attribute", "exit_year", "main_cause"]
    search_fields = ["code"]
    raw_id_fields = ["village"]
    # ID numbers and phones are personal data: not shown in lists until masking and access logging exist.
    exclude = ["head_id_number", "phone"]
    inlines = [LivingConditionsInline, MemberInline, IncomeRecordInline]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "household", "relation", "sex", "birth_date", "labour_ability", "health"]
    list_filter = ["relation", "sex", "labour_ability", "health"]
    search_fields = ["name", "household__code"]
    raw_id_fields = ["household"]
    exclude = ["id_number"]


@admin.register(IncomeRecord)
class IncomeRecordAdmin(admin.ModelAdmin):
    list_display = ["household", "year", "wages", "business_income", "property_income", "transfer_income"]
    list_filter = ["year"]
    search_fields = ["household__code"]
    raw_id_fields = ["household"]


@admin.register(VillageYearStat)
class VillageYearStatAdmin(admin.ModelAdmin):
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
class LivingConditionsAdmin(admin.ModelAdmin):
    list_display = ["household", "housing_grade", "housing_renovated", "safe_water"]
    list_filter = ["housing_grade", "housing_renovated", "safe_water"]
    search_fields = ["household__code"]
    raw_id_fields = ["household"]
