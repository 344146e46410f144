"""User profiles: each account's role (角色) and the part of the programme it may see (数据范围)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import TimeStampedModel


class Role(models.TextChoices):
    """Roles (角色). What each may see is decided in ``bangfu.accounts.scope``; what each may do, there too."""

    ADMINISTRATOR = "admin", _("administrator")  # 管理员: everything
    OFFICER = "officer", _("city, county or town officer")  # 市/县/镇 干部: a division and everything inside
    UNIT = "unit", _("assisting unit")  # 帮扶单位: its paired villages (its divisions until it has pairings)
    CADRE = "cadre", _("village cadre")  # 驻村干部: one or more villages; records visits and measures
    INSPECTOR = "inspector", _("inspector")  # 督查: read-only, scoped like an officer


class Profile(TimeStampedModel):
    """An account's role and scope (用户角色与数据范围)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role)
    divisions = models.ManyToManyField(
        "regions.Division",
        verbose_name=_("divisions"),
        blank=True,
        related_name="+",
        help_text=_("the user sees these divisions and everything inside them"),
    )
    villages = models.ManyToManyField(
        "registry.Village",
        verbose_name=_("villages"),
        blank=True,
        related_name="+",
        help_text=_("for village cadres: the villages they serve"),
    )
    assisting_unit = models.ForeignKey(
        "programme.AssistingUnit",
        verbose_name=_("assisting unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("for assisting units' staff: they see the villages paired with this unit"),
    )
    cadre = models.ForeignKey(
        "programme.Cadre",
        verbose_name=_("cadre"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("the cadre this account belongs to: visits they record name this cadre by default"),
    )

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.get_role_display()})"


class ScopeVersion(models.Model):
    """One row whose ``token`` changes whenever anything a user's scope is built from changes.

    ``accounts.scope.scope_for`` keeps each user's ``Scope`` in the cache under the user and this token, so the
    profile, divisions, villages, pairings and permissions are read once, not on every request; a change
    (``accounts.signals``, ``scope_version_bump``) gives a new token, and the next request builds the scope again.
    """

    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("scope version")
        verbose_name_plural = _("scope versions")

    def __str__(self) -> str:
        return self.token
