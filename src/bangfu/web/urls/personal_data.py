"""The personal-data access log: /access-log/ (administrators)."""

from django.urls import path

from bangfu.web.views import personal_data

urlpatterns = [
    path("", personal_data.access_log, name="personal-data-log"),
]
