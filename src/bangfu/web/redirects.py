"""Where a form may send the user afterwards: ``next`` only when it stays on this site.

Django's sign-in and language views check ``next`` themselves; Bangfu's own views that honour a ``next``
field go through ``next_url``, so a crafted form or link cannot send a user to another site after a POST.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request: HttpRequest, fallback: str, *args, **kwargs) -> str:
    """``next`` (POST, else GET) when it is a URL of this site (same host, and https if the request is);
    else the URL of ``fallback`` (a URL name with ``args``/``kwargs``, or a path)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(fallback, *args, **kwargs)
