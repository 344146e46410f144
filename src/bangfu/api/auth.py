"""Who is asking (身份验证): the browser session (same sign-in as the pages) or an API token.

The API's URLs are exempt from ``LoginRequiredMiddleware`` (which would redirect scripts to the sign-in
page); ninja checks these instead on every route, and answers 401 when neither is given or valid.
"""

from __future__ import annotations

from functools import wraps

from django.http import HttpRequest, JsonResponse
from ninja.security import HttpBearer, django_auth

from bangfu.api.services import api_token_user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: a token from ``bangfu api-token USER`` acts as that user."""

    openapi_description = "接口令牌：`Authorization: Bearer <令牌>`，令牌由 `bangfu api-token 用户名` 生成"

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_user(token.strip())
        if user is None:
            return None
        request.user = user  # the scope, permissions and logs are those of the token's user
        return user


token_auth = TokenAuth()

#: Every route: a token first (scripts), else the signed-in browser session.
AUTH = [token_auth, django_auth]


def authenticated(request: HttpRequest):
    """The user making the request by token or session, or None."""
    for method in AUTH:
        user = method(request)
        if user:
            return user
    return None


def require_auth(view):
    """For ninja's schema and docs views: 401 unless signed in (session) or a valid token is given."""

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs):
        if authenticated(request) is None:
            return JsonResponse({"detail": "Unauthorized"}, status=401)
        return view(request, *args, **kwargs)

    return checked
