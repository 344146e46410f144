"""Data-quality findings: /quality/ (the latest quality check, or ?run=<id>)."""

from django.urls import path

from bangfu.web.views import quality

urlpatterns = [
    path("", quality.quality_list, name="quality-list"),
]
