"""The page of API tokens (接口令牌) at /account/tokens/: a user's own tokens; an administrator sees everyone's.

Making a token shows it once, on the page that answers the form; only its SHA-256 is kept.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangfu.api.services import (
    MAX_TOKEN_DAYS,
    api_token_administrator,
    api_token_create,
    api_token_revoke_by,
    api_tokens_visible,
)
from bangfu.core.errors import ApplicationError


def token_list(request: HttpRequest, new_token: str = "", status: int = 200) -> HttpResponse:
    now = timezone.now()
    rows = [
        (token, "revoked" if token.revoked_at else ("expired" if token.expires_at <= now else "active"))
        for token in api_tokens_visible(user=request.user)
    ]
    response = render(
        request,
        "web/account/tokens.html",
        {
            "rows": rows,
            "everyone": api_token_administrator(request.user),
            "new_token": new_token,
            "default_days": settings.API_TOKEN_DAYS,
            "max_days": MAX_TOKEN_DAYS,
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"  # the page may show a new token
    return response


@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    name = request.POST.get("name", "").strip()[:100]
    try:
        days = int(request.POST.get("days") or settings.API_TOKEN_DAYS)
        new = api_token_create(username=request.user.get_username(), name=name, days=days)
    except ValueError:
        messages.error(request, _("Give the number of days as a whole number."))
        return token_list(request, status=400)
    except ApplicationError as error:
        messages.error(request, error.message)
        return token_list(request, status=400)
    return token_list(request, new_token=new.token)


@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        record = api_token_revoke_by(user=request.user, token_id=token_id)
    except ApplicationError as error:
        messages.error(request, error.message)
        return token_list(request, status=404)
    messages.success(request, _("The token %(prefix)s… is revoked.") % {"prefix": record.prefix})
    return redirect("api-tokens")
