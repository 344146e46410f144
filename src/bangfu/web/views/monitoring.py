"""Monitoring pages (防止返贫动态监测): the department-alerts inbox, verifying or closing an alert, and the
upload of a department file (shared/contracts/department-alerts.md) for officers.

Reads go through ``bangfu.monitoring.selectors`` (scoped); writes through the monitoring services.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangfu.accounts.scope import scope_for
from bangfu.core.errors import ApplicationError
from bangfu.monitoring import choices, selectors, services
from bangfu.monitoring.alerts.services import AlertsRefused, alerts_import

PAGE_SIZE = 50
UPLOAD_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
UPLOAD_LIMIT = 20 * 1024 * 1024


def alert_inbox(request: HttpRequest) -> HttpResponse:
    """Alerts of households in the reader's scope, by status (待核实 first), with verify and close forms."""
    scope = scope_for(request.user)
    status = request.GET.get("status", choices.AlertStatus.OPEN)
    status = status if status in choices.AlertStatus.values else ""
    page = Paginator(selectors.alerts(scope=scope, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = selectors.alert_status_counts(scope=scope)
    context = {
        "page": page,
        "status": status,
        "statuses": [(value, label, counts[value]) for value, label in choices.AlertStatus.choices if value in counts],
        "may_verify": scope.role in services.VERIFIERS,
        "may_upload": scope.may_change_register,
        "categories": choices.Category.choices,
        "open_status": choices.AlertStatus.OPEN,
        "query": urlencode({"status": status}),
    }  # fmt: skip
    return render(request, "web/monitoring/alerts.html", context)


def _alert_for_change(request: HttpRequest, pk: int):
    scope = scope_for(request.user)
    if scope.role not in services.VERIFIERS:
        raise PermissionDenied
    alert = selectors.alert_get(scope=scope, pk=pk)
    if alert is None:
        raise Http404
    return scope, alert


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/monitoring/") else reverse("monitoring-alerts"))


@require_POST
def alert_verify(request: HttpRequest, pk: int) -> HttpResponse:
    _scope, alert = _alert_for_change(request, pk)
    try:
        case = services.alert_verify(
            actor=request.user, alert=alert, category=request.POST.get("category", "")
        )
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Alert %(alert)s verified into case %(case)s.") % {"alert": alert.code, "case": case.code},
        )
    return _back(request)


@require_POST
def alert_close(request: HttpRequest, pk: int) -> HttpResponse:
    _scope, alert = _alert_for_change(request, pk)
    try:
        services.alert_close(actor=request.user, alert=alert, reason=request.POST.get("reason", ""))
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Alert %(alert)s closed.") % {"alert": alert.code})
    return _back(request)


def alert_upload(request: HttpRequest) -> HttpResponse:
    """The department-file upload for officers: checked all or nothing; errors listed, located."""
    scope = scope_for(request.user)
    if not scope.may_change_register:
        raise PermissionDenied
    context = {"limited": not scope.everything, "recent": selectors.recent_imports(user=request.user)}
    if request.method != "POST":
        return render(request, "web/monitoring/upload.html", context)
    upload = request.FILES.get("file")
    suffix = Path(upload.name).suffix.lower() if upload else ""
    if upload is None or suffix not in UPLOAD_SUFFIXES:
        context["error"] = _("Choose an .xlsx workbook or a .csv file.")
        return render(request, "web/monitoring/upload.html", context, status=400)
    if upload.size > UPLOAD_LIMIT:
        context["error"] = _("The file is larger than 20 MB.")
        return render(request, "web/monitoring/upload.html", context, status=400)
    lang = "zh" if (request.LANGUAGE_CODE or "zh").startswith("zh") else "en"
    with tempfile.TemporaryDirectory(prefix="bangfu-alerts-") as folder:
        path = Path(folder) / (Path(upload.name).name or f"upload{suffix}")  # errors name the file as sent
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            result = alerts_import(actor=request.user, path=path, lang=lang, file_name=upload.name)
        except AlertsRefused as refused:
            context |= {"issues": refused.issues, "error_count": refused.errors, "file_name": upload.name}
            return render(request, "web/monitoring/upload.html", context, status=400)
        except ApplicationError as error:
            context["error"] = str(error)
            return render(request, "web/monitoring/upload.html", context, status=400)
    context |= {
        "result": result,
        "file_name": upload.name,
        "recent": selectors.recent_imports(user=request.user),
    }
    return render(request, "web/monitoring/upload.html", context)
