"""The upload page's downloads: the empty register template and the register itself in the import layout.

Both are the services the CLI uses (``register_template``, ``register_export``: one service for every door).
Only those who may upload (administrators, officers) download; the register export covers one area the user
may export (``register_export_areas``) and is masked, unless the user may see personal data and asks for the
unmasked file, which the service logs in the personal-data access log.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from bangfu.accounts.scope import scope_for
from bangfu.core.errors import ApplicationError
from bangfu.registry.exporting import register_export, register_template
from bangfu.registry.exporting.areas import register_export_areas

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_response(path: Path, name: str) -> FileResponse:
    """Stream ``path`` (in a temporary folder removed at once: the open handle keeps the file readable)."""
    handle = path.open("rb")
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def template_download(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).may_change_register:
        raise PermissionDenied
    with tempfile.TemporaryDirectory(prefix="bangfu-template-") as folder:
        path = register_template(Path(folder) / "template.xlsx")
        return _file_response(path, "档案导入模板.xlsx")


@require_GET
def register_download(request: HttpRequest) -> HttpResponse:
    """``?area=<code>`` (one of the user's export areas; empty: the whole register, administrators only) and
    ``?unmask=1`` for users who may see personal data."""
    scope = scope_for(request.user)
    areas = dict(register_export_areas(scope=scope))
    if not areas:
        raise PermissionDenied
    area = request.GET.get("area", "" if "" in areas else next(iter(areas)))
    if area not in areas:
        raise Http404
    unmask = request.GET.get("unmask") == "1"
    if unmask and not scope.may_view_personal_data:
        raise PermissionDenied
    with tempfile.TemporaryDirectory(prefix="bangfu-export-") as folder:
        try:
            summary = register_export(
                Path(folder) / "register.xlsx", scope=area or None, unmask=unmask, user=request.user
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("register-upload")
        name = f"档案{'-' + areas[area] if areas[area] else ''}{'' if unmask else '-脱敏'}.xlsx"
        return _file_response(summary.path, name)
