"""Assessment runs: /assessments/ (list), start, a run's job (progress), a run's results."""

from django.urls import path

from bangfu.web.views import assessments

urlpatterns = [
    path("", assessments.run_list, name="run-list"),
    path("start/", assessments.run_start, name="run-start"),
    path("jobs/<id:job_id>/", assessments.run_job, name="run-job"),
    path("<id:run_id>/", assessments.run_detail, name="run-detail"),
]
