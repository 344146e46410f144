"""Django admin for assessment runs and their results: read-only, since runs are written only by the engine."""

from django.contrib import admin

from bangfu.assessment.models import AssessmentRun, HouseholdResult, QualityFinding, VillageResult


class ReadOnlyAdmin(admin.ModelAdmin):
    """Results are evidence of what a standard decided on a day: they are viewed, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AssessmentRun)
class AssessmentRunAdmin(ReadOnlyAdmin):
    list_display = ["id", "standard", "year", "level", "scope", "status", "started_at", "finished_at"]
    list_filter = ["standard", "standard_kind", "year", "level", "status"]
    search_fields = ["standard", "scope"]
    date_hierarchy = "started_at"


@admin.register(HouseholdResult)
class HouseholdResultAdmin(ReadOnlyAdmin):
    list_display = ["household", "run", "result", "failed_criteria", "category"]
    list_filter = ["result", "category", "run__standard", "run__year"]
    search_fields = ["household__code"]
    raw_id_fields = ["run", "household"]
    list_select_related = ["household", "run"]


@admin.register(VillageResult)
class VillageResultAdmin(ReadOnlyAdmin):
    list_display = ["village", "run", "result", "incidence", "failed_criteria"]
    list_filter = ["result", "run__standard", "run__year"]
    search_fields = ["village__division__code", "village__division__name"]
    raw_id_fields = ["run", "village"]
    list_select_related = ["village__division", "run"]


@admin.register(QualityFinding)
class QualityFindingAdmin(ReadOnlyAdmin):
    list_display = ["check_id", "household", "message", "run"]
    list_filter = ["check_id", "run"]
    search_fields = ["household__code", "check_id"]
    raw_id_fields = ["run", "household", "member"]
    # The member's ID number is personal data: the finding links to the member record instead of showing it.
    list_select_related = ["household", "run"]
