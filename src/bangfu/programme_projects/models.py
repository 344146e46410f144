"""The record of each programme workbook import (导入记录): which file, by whom, when, what it wrote.

The bulk load writes no history rows (``bulk/load.py``), so this record is the audit of a workbook import:
written in the import's transaction, with the records it loaded (a dry run or a refused file writes none).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeImport(models.Model):
    """One programme workbook imported: the file, the programme it loaded into, who, when, rows per entity."""

    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    programme = models.ForeignKey(
        "programme.Programme",
        verbose_name=_("programme"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="workbook_imports",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)  # kept if the account goes
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("programme workbook import")
        verbose_name_plural = _("programme workbook imports")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.file_name
