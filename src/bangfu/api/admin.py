"""API tokens in the admin: who has one, when it was last used; revoke. Tokens are made by ``bangfu api-token``."""

from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from bangfu.api import services
from bangfu.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "name", "prefix"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "key_hash",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False  # the token is shown once, by the command that creates it

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoked (``api_token_revoke_by``: dated, kept), never deleted

    @admin.action(description=_("Revoke the selected API tokens"))
    def revoke(self, request, queryset):
        revoked = 0
        with transaction.atomic():
            for token_id in queryset.filter(revoked_at=None).values_list("pk", flat=True):
                services.api_token_revoke_by(user=request.user, token_id=token_id)
                revoked += 1
        self.message_user(request, _("%(count)d API tokens revoked.") % {"count": revoked})
