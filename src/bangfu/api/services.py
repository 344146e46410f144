"""Creating, checking and revoking API tokens (接口令牌). Only a token's SHA-256 is ever stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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


@transaction.atomic
def api_token_create(*, username: str, name: str = "") -> NewToken:
    """A new token for the active user ``username``; the plain token is returned once and never stored."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ApplicationError(_("No user %(username)s.") % {"username": username})
    if not user.is_active:
        raise ApplicationError(_("The user %(username)s is not active.") % {"username": username})
    token = secrets.token_urlsafe(32)
    record = ApiToken.objects.create(user=user, name=name, prefix=token[:8], key_hash=token_hash(token))
    return NewToken(record=record, token=token)


def api_token_user(token: str):
    """The active user whose unrevoked token this is, or None."""
    if not token:
        return None
    record = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
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


def api_token_revoke(*, username: str, prefix: str) -> int:
    """Revoke the user's unrevoked tokens with this prefix (their first 8 characters); how many were revoked."""
    if not prefix:
        raise ApplicationError(_("Give the first characters of the token to revoke."))
    tokens = ApiToken.objects.filter(user__username=username, prefix=prefix[:8], revoked_at=None)
    return tokens.update(revoked_at=timezone.now())


def api_tokens(*, username: str):
    return ApiToken.objects.filter(user__username=username).order_by("-created_at", "-id")
