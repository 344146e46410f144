"""Monitoring pages: /monitoring/ (cases), a case and its steps, leads, the alerts inbox, verifying or closing
an alert, the department-file upload, and the Excel export of cases."""

from django.urls import path

from bangfu.web.views import list_exports, monitoring, monitoring_cases, monitoring_export

urlpatterns = [
    path("", monitoring_cases.case_list, name="monitoring-cases"),
    path("cases/export.xlsx", monitoring_export.cases_export, name="monitoring-cases-export"),
    path("cases/<int:pk>/", monitoring_cases.case_detail, name="monitoring-case"),
    path("cases/<int:pk>/step/", monitoring_cases.case_step, name="monitoring-case-step"),
    path("leads/", monitoring_cases.lead_list, name="monitoring-leads"),
    path("leads/export.xlsx", list_exports.leads_export, name="monitoring-leads-export"),
    path("leads/<int:pk>/start/", monitoring_cases.lead_start, name="monitoring-lead-start"),
    path("leads/<int:pk>/close/", monitoring_cases.lead_close, name="monitoring-lead-close"),
    path("alerts/", monitoring.alert_inbox, name="monitoring-alerts"),
    path("alerts/export.xlsx", list_exports.alerts_export, name="monitoring-alerts-export"),
    path("alerts/upload/", monitoring.alert_upload, name="monitoring-alert-upload"),
    path("alerts/<int:pk>/verify/", monitoring.alert_verify, name="monitoring-alert-verify"),
    path("alerts/<int:pk>/close/", monitoring.alert_close, name="monitoring-alert-close"),
]
