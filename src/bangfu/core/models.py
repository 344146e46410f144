"""Base model shared by every app, and the log of personal-data disclosures."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Every record knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class PersonalDataAccess(models.Model):
    """One disclosure of unmasked personal data (ID numbers, phones): who, when, what, how many, where.

    Written by ``core.personal_data.personal_data_access_log`` and never changed afterwards. The permission
    ``core.view_personal_data`` is what allows such a disclosure.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="personal_data_accesses",
    )
    username = models.CharField(_("username"), max_length=150)  # kept when the account is deleted
    accessed_at = models.DateTimeField(_("accessed at"), default=timezone.now, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=50)
    scope = models.CharField(_("scope"), max_length=100, blank=True)
    records = models.PositiveIntegerField(_("records disclosed"))
    detail = models.TextField(_("disclosure details"), blank=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-accessed_at", "-id"]
        permissions = [("view_personal_data", _("Can view unmasked ID numbers and phones"))]

    def __str__(self) -> str:
        return f"{self.username} {self.purpose} {self.accessed_at:%Y-%m-%d %H:%M}"
