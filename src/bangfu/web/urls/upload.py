"""Register upload: /register/upload/ (the form), a check's preview and confirming, the import's result;
the ID-number conflicts that checks found, to resolve (and their Excel download); the downloads of the
empty template and of the register (a background job: its progress, then its file)."""

from django.urls import path

from bangfu.web.views import job_cancel, list_exports, register_downloads, upload, upload_conflicts

urlpatterns = [
    path("", upload.upload_form, name="register-upload"),
    path("template.xlsx", register_downloads.template_download, name="register-template"),
    path("export/", register_downloads.register_export_begin, name="register-export"),
    path("exports/<id:job_id>/", register_downloads.register_export_job, name="register-export-job"),
    path(
        "exports/<id:job_id>/cancel/",
        job_cancel.job_cancel,
        {"kinds": (register_downloads.KIND,), "page": "register-export-job"},
        name="register-export-cancel",
    ),
    path(
        "exports/<id:job_id>/rerun/",
        job_cancel.job_rerun,
        {"kinds": (register_downloads.KIND,), "page": "register-export-job"},
        name="register-export-rerun",
    ),
    path(
        "exports/<id:job_id>/file/", register_downloads.register_export_download, name="register-export-file"
    ),
    path("conflicts/", upload_conflicts.conflict_list, name="upload-conflicts"),
    path(
        "conflicts/<id:conflict_id>/resolve/",
        upload_conflicts.conflict_resolve,
        name="upload-conflict-resolve",
    ),
    path("conflicts/export.xlsx", list_exports.conflicts_export, name="upload-conflicts-export"),
    path("<id:job_id>/", upload.upload_job, name="upload-job"),
    path("<id:job_id>/confirm/", upload.upload_confirm, name="upload-confirm"),
    path(
        "<id:job_id>/cancel/",
        job_cancel.job_cancel,
        {"kinds": upload.KINDS, "page": "upload-job"},
        name="upload-job-cancel",
    ),
    path(
        "<id:job_id>/rerun/",
        job_cancel.job_rerun,
        {"kinds": upload.KINDS, "page": "upload-job"},
        name="upload-job-rerun",
    ),
    path("<id:job_id>/report.xlsx", upload.upload_report, name="upload-report"),
    path("<id:job_id>/report.txt", upload.upload_report, {"kind": "txt"}, name="upload-report-text"),
]
