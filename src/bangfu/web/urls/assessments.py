"""Assessment runs: /assessments/ (list), start, a run's job (progress), a run's results, and their Excel downloads."""

from django.urls import path

from bangfu.web.views import assessment_exports, assessments, job_cancel

urlpatterns = [
    path("", assessments.run_list, name="run-list"),
    path("export.xlsx", assessment_exports.run_list_export, name="run-list-export"),
    path("start/", assessments.run_start, name="run-start"),
    path("jobs/<id:job_id>/", assessments.run_job, name="run-job"),
    path(
        "jobs/<id:job_id>/cancel/",
        job_cancel.job_cancel,
        {"kinds": assessments.JOB_KINDS, "page": "run-job"},
        name="run-job-cancel",
    ),
    path(
        "jobs/<id:job_id>/rerun/",
        job_cancel.job_rerun,
        {"kinds": assessments.JOB_KINDS, "page": "run-job"},
        name="run-job-rerun",
    ),
    path("<id:run_id>/", assessments.run_detail, name="run-detail"),
    path("<id:run_id>/export.xlsx", assessment_exports.run_results_export, name="run-results-export"),
]
