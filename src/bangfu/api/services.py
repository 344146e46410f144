"""Creating, checking, listing and revoking API tokens (接口令牌). Only a token's SHA-256 is ever stored.

A token works until it expires (``settings.API_TOKEN_DAYS`` after it is made, unless made with other days)
or is revoked. Its owner sees and revokes their own tokens; an administrator (a user whose scope is
everything) sees and revokes everyone's.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.scope import scope_for
from bangfu.api.models import ApiToken
from bangfu.core.errors import ApplicationError

#: Tokens last used less than this long ago are not written again on every request.
LAST_USED_RESOLUTION_SECONDS = 60


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A token just created: ``token`` is the only time its plain value exists."""

    record: ApiToken
    token: str


#: The longest lifetime a token may be given (``--days``): one year.
MAX_TOKEN_DAYS = 366


@transaction.atomic
def api_token_create(*, username: str, name: str = "", days: int | None = None) -> NewToken:
    """A new token for the active user ``username``, valid ``days`` (default ``settings.API_TOKEN_DAYS``);
    the plain token is returned once and never stored."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ApplicationError(_("No user %(username)s.") % {"username": username})
    if not user.is_active:
        raise ApplicationError(_("The user %(username)s is not active.") % {"username": username})
    days = settings.API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ApplicationError(
            _("A token is valid for 1 to %(most)d days, not %(days)d.")
            % {"most": MAX_TOKEN_DAYS, "days": days}
        )
    token = secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=token[:8],
        key_hash=token_hash(token),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return NewToken(record=record, token=token)


def api_token_user(token: str):
    """The active user whose unrevoked, unexpired token this is, or None."""
    if not token:
        return None
    record = (
        ApiToken.objects.select_related("user")
        .filter(
            key_hash=token_hash(token),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )
    if record is None:
        return None
    now = timezone.now()
    if (
        record.last_used_at is None
        or (now - record.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS
    ):
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user


def api_tokens(*, username: str):
    return ApiToken.objects.filter(user__username=username).order_by("-created_at", "-id")


def api_token_administrator(user) -> bool:
    """Whether ``user`` sees and revokes every user's tokens (an administrator: scope is everything)."""
    return bool(user.is_superuser or scope_for(user).everything)


def api_tokens_visible(*, user):
    """The tokens ``user`` may see: their own; every user's for an administrator."""
    tokens = ApiToken.objects.select_related("user").order_by("-created_at", "-id")
    return tokens if api_token_administrator(user) else tokens.filter(user=user)


@transaction.atomic
def api_token_revoke_by(*, user, token_id: int) -> ApiToken:
    """Revoke one token, as its owner or an administrator; revoking it again changes nothing. The one revoke
    action of every door: the tokens page, the admin's action, ``bangfu api-token USER --revoke PREFIX``."""
    record = api_tokens_visible(user=user).filter(pk=token_id).first()
    if record is None:
        raise ApplicationError(_("No such API token."))
    if record.revoked_at is None:
        record.revoked_at = timezone.now()
        record.save(update_fields=["revoked_at"])
    return record
