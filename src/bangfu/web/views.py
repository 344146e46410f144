"""Pages. The full web application (dashboard, lists, scoped roles) is issue #5; this is its front door."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from bangfu.registry.selectors import register_counts


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"counts": register_counts()})


def health(request: HttpRequest) -> JsonResponse:
    """For monitoring: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
