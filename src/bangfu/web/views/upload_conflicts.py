"""ID-number conflicts found by uploads (证件号码冲突), to resolve: /register/upload/conflicts/.

A check that finds an ID number registered outside the uploader's area records an ``ImportConflict``
(``registry/importing/conflicts.py``). This page lists them to administrators and to the officers whose area
holds the registered household (so also those who hold both areas); the uploader's side already saw the
message in the check and is not shown the other household. Marking one resolved is a POST.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangfu.accounts.scope import scope_for
from bangfu.core.errors import ApplicationError
from bangfu.registry.importing.conflicts import import_conflict_resolve, import_conflicts_visible

PAGE = 50


def _scope(request: HttpRequest):
    scope = scope_for(request.user)
    if not scope.may_change_register:
        raise PermissionDenied
    return scope


def conflict_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    show_resolved = request.GET.get("resolved") == "1"
    conflicts = import_conflicts_visible(scope=scope).filter(resolved=show_resolved)
    page = Paginator(conflicts, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/upload/conflicts.html",
        {"page": page, "conflicts": page.object_list, "show_resolved": show_resolved},
    )


@require_POST
def conflict_resolve(request: HttpRequest, conflict_id: int) -> HttpResponse:
    scope = _scope(request)
    if not import_conflicts_visible(scope=scope).filter(pk=conflict_id).exists():
        raise Http404
    try:
        import_conflict_resolve(conflict_id=conflict_id, user=request.user, scope=scope)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The conflict is marked resolved."))
    return redirect("upload-conflicts")
