"""Register upload: /register/upload/ (the form), a check's preview and confirming, the import's result."""

from django.urls import path

from bangfu.web.views import upload

urlpatterns = [
    path("", upload.upload_form, name="register-upload"),
    path("<id:job_id>/", upload.upload_job, name="upload-job"),
    path("<id:job_id>/confirm/", upload.upload_confirm, name="upload-confirm"),
    path("<id:job_id>/report.xlsx", upload.upload_report, name="upload-report"),
]
