"""The personal-data access log in the admin: read-only, for administrators."""

from django.contrib import admin

from bangfu.core.models import PersonalDataAccess


class RecordOnlyAdminMixin:
    """For records written only by services (logs, money movements): the admin shows them, never changes them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(RecordOnlyAdminMixin, admin.ModelAdmin):
    """Who was given unmasked ID numbers and phones, when, for what, how many and where to.

    Nobody adds, edits or deletes entries here: they are written by ``personal_data_access_log`` only.
    Seeing the list needs the model's view permission (superusers have it).
    """

    list_display = ["accessed_at", "username", "purpose", "scope", "records", "detail"]
    list_filter = ["purpose", "accessed_at"]
    search_fields = ["username", "scope", "detail"]
    date_hierarchy = "accessed_at"
    fields = ["accessed_at", "user", "username", "purpose", "scope", "records", "detail"]
    readonly_fields = fields
