"""The web application's pages. Each page area has its own module here and one line below."""

from django.urls import include, path  # noqa: F401  (areas add `path("…/", include("bangfu.web.urls.…"))`)

urlpatterns: list = []
