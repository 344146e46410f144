"""The web application's pages. Each page area has its own module here and one line below."""

from django.urls import include, path  # (areas add `path("…/", include("bangfu.web.urls.…"))`)

urlpatterns: list = [
    path("assessments/", include("bangfu.web.urls.assessments")),
    path("quality/", include("bangfu.web.urls.quality")),
    path("register/upload/", include("bangfu.web.urls.upload")),
]
