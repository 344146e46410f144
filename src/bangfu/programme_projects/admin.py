"""The programme workbook imports, listed read-only (who loaded which file into which programme)."""

from django.contrib import admin

from bangfu.core.admin import RecordOnlyAdminMixin
from bangfu.programme_projects.models import ProgrammeImport


@admin.register(ProgrammeImport)
class ProgrammeImportAdmin(RecordOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("file_name", "programme", "username", "imported_at")
