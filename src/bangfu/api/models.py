"""API tokens (接口令牌): how scripts sign in to the REST API without a browser session.

Only the SHA-256 of a token is stored; the token itself is shown once, when it is created
(``services.api_token_create``, ``bangfu api-token USER``, the page /account/tokens/). A token acts as its
user: same role, same scope; it stops working when it expires (``BANGFU_API_TOKEN_DAYS``, default 90 days)
or is revoked by its owner or an administrator.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """One API token of a user: its hash, a short prefix to recognise it by, and when it was last used."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("what the token is for"))
    prefix = models.CharField(_("prefix"), max_length=8, help_text=_("the token's first characters"))
    key_hash = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"
