"""Unmasking one record's personal data (ID number or phone), logged; and the access log for administrators."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from bangfu.accounts.scope import scope_for
from bangfu.core.errors import ApplicationError
from bangfu.registry import selectors as browsing
from bangfu.registry.services import UnmaskRefused, personal_data_unmask

PAGE_SIZE = 50
#: What each logged purpose means, in words (other purposes are shown as written).
PURPOSES = {
    "view": _("viewed on a page"),
    "export": _("export"),
    "import_conflict": _("import: ID number registered elsewhere"),
}


@require_POST
def unmask(request: HttpRequest, household_code: str, record: str) -> HttpResponse:
    """The plain value of one record, as a fragment that replaces the masked one (htmx); every call logged.

    403 without the permission ``core.view_personal_data``; 404 for a household outside the user's scope or
    a record that is not the household's; the service's message (429, or 200 to htmx so it is swapped in) once the user's hourly limit
    (``BANGFU_UNMASK_LIMIT_PER_HOUR``) is reached.
    """
    try:
        found = personal_data_unmask(user=request.user, household_code=household_code, record=record)
    except UnmaskRefused as error:
        raise PermissionDenied(str(error)) from None
    except ApplicationError as error:
        response = render(
            request, "web/personal_data/refused.html", {"record": record, "message": error.message}
        )
        # htmx swaps only successful responses: the page's button gets the message in its place.
        response.status_code = 200 if request.headers.get("HX-Request") else 429
        response["Cache-Control"] = "no-store"
        return response
    if found is None:
        raise Http404
    response = render(request, "web/personal_data/unmasked.html", {"record": record, "value": found.value})
    response["Cache-Control"] = "no-store"
    return response


def access_log(request: HttpRequest) -> HttpResponse:
    """Who saw which unmasked record, when and why: administrators only."""
    scope = scope_for(request.user)
    if not scope.everything:
        raise PermissionDenied
    usernames = browsing.personal_data_usernames(scope=scope)
    username = request.GET.get("user", "")
    username = username if username in usernames else ""
    page = Paginator(browsing.personal_data_accesses(scope=scope, username=username), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "web/personal_data/log.html",
        {
            "page": page,
            "rows": [(entry, PURPOSES.get(entry.purpose, entry.purpose)) for entry in page.object_list],
            "usernames": usernames,
            "username": username,
            "query": urlencode({"user": username}) if username else "",
        },
    )
