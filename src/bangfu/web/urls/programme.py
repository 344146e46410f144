"""Programme pages: /programme/ (overview), projects, and the household section's forms."""

from django.urls import path

from bangfu.web.views import list_exports, programme

urlpatterns = [
    path("", programme.programme_overview, name="programme-overview"),
    path("projects/", programme.project_list, name="project-list"),
    path("projects/export.xlsx", list_exports.projects_export, name="project-export"),
    path("projects/<str:code>/", programme.project_detail, name="project-detail"),
    path("households/<str:household_code>/record/", programme.record_form, name="programme-record-form"),
    path("households/<str:household_code>/visits/new/", programme.visit_new, name="programme-visit-new"),
    path(
        "households/<str:household_code>/measures/new/", programme.measure_new, name="programme-measure-new"
    ),
]
