"""The web application's pages. Each page area has its own module here and one line below."""

from django.urls import (  # (areas add `path("…/", include("bangfu.web.urls.…"))`)
    include,
    path,
    register_converter,
)

from bangfu.web.converters import DatabaseIdConverter

register_converter(DatabaseIdConverter, "id")  # <id:…>, not <int:…>: a database id below 2⁶³ (converters.py)

urlpatterns: list = [
    path("villages/", include("bangfu.web.urls.villages")),
    path("households/", include("bangfu.web.urls.households")),
    path("access-log/", include("bangfu.web.urls.personal_data")),
    path("assessments/", include("bangfu.web.urls.assessments")),
    path("quality/", include("bangfu.web.urls.quality")),
    path("register/upload/", include("bangfu.web.urls.upload")),
    path("programme/", include("bangfu.web.urls.programme")),
    path("markets/", include("bangfu.web.urls.markets")),
    path("monitoring/", include("bangfu.web.urls.monitoring")),
    path("account/tokens/", include("bangfu.web.urls.tokens")),
]
