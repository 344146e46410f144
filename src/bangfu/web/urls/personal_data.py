"""The personal-data access log: /access-log/ (administrators)."""

from django.urls import path

from bangfu.web.views import list_exports, personal_data

urlpatterns = [
    path("", personal_data.access_log, name="personal-data-log"),
    path("export.xlsx", list_exports.access_log_export, name="personal-data-log-export"),
]
