"""The front page and the health endpoint."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from bangfu.registry.selectors import register_counts


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"counts": register_counts()})


@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    """For monitoring: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
