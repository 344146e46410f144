"""Monitoring pages: /monitoring/alerts/ (inbox), verifying or closing an alert, the department-file upload."""

from django.urls import path

from bangfu.web.views import monitoring

urlpatterns = [
    path("alerts/", monitoring.alert_inbox, name="monitoring-alerts"),
    path("alerts/upload/", monitoring.alert_upload, name="monitoring-alert-upload"),
    path("alerts/<int:pk>/verify/", monitoring.alert_verify, name="monitoring-alert-verify"),
    path("alerts/<int:pk>/close/", monitoring.alert_close, name="monitoring-alert-close"),
]
