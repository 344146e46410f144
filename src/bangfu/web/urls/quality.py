"""Data-quality findings: /quality/ (the latest quality check, or ?run=<id>)."""

from django.urls import path

from bangfu.web.views import list_exports, quality

urlpatterns = [
    path("", quality.quality_list, name="quality-list"),
    path("export.xlsx", list_exports.quality_export, name="quality-export"),
]
