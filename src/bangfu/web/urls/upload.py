"""Register upload: /register/upload/ (the form), a check's preview and confirming, the import's result;
the ID-number conflicts that checks found, to resolve."""

from django.urls import path

from bangfu.web.views import register_downloads, upload, upload_conflicts

urlpatterns = [
    path("", upload.upload_form, name="register-upload"),
    path("template.xlsx", register_downloads.template_download, name="register-template"),
    path("export.xlsx", register_downloads.register_download, name="register-export"),
    path("conflicts/", upload_conflicts.conflict_list, name="upload-conflicts"),
    path(
        "conflicts/<id:conflict_id>/resolve/",
        upload_conflicts.conflict_resolve,
        name="upload-conflict-resolve",
    ),
    path("<id:job_id>/", upload.upload_job, name="upload-job"),
    path("<id:job_id>/confirm/", upload.upload_confirm, name="upload-confirm"),
    path("<id:job_id>/report.xlsx", upload.upload_report, name="upload-report"),
    path("<id:job_id>/report.txt", upload.upload_report, {"kind": "txt"}, name="upload-report-text"),
]
