from django.contrib import admin

from bangfu.regions.models import Division


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "is_functional_zone"]
    list_filter = ["level", "is_functional_zone"]
    search_fields = ["code", "name"]
    readonly_fields = ["path", "created_at", "updated_at"]
    raw_id_fields = ["parent"]
