from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from bangfu.accounts.models import Profile


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    filter_horizontal = ["divisions"]
    raw_id_fields = ["villages", "assisting_unit", "cadre"]


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class BangfuUserAdmin(UserAdmin):
    """Users with their role and scope (用户、角色与数据范围) on the same page."""

    inlines = [ProfileInline]
    list_display = ["username", "profile__role", "is_active", "last_login"]
    list_filter = ["profile__role", "is_active", "is_superuser"]
