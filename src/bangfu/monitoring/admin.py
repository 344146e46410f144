"""Admin pages of monitoring: shown with their history, never changed here (the procedure's services write
them, with their roles, checks and timeline)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from bangfu.core.admin import RecordOnlyAdminMixin
from bangfu.monitoring.models import AlertImport, CaseStep, DepartmentAlert, Lead, MonitoringCase


@admin.register(MonitoringCase)
class MonitoringCaseAdmin(RecordOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("code", "household", "category", "channel", "step", "discovered_on", "identified_on")
    list_filter = ("category", "channel", "step")
    raw_id_fields = ("household", "assigned_cadre", "proposed_by")


@admin.register(CaseStep)
class CaseStepAdmin(RecordOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("case", "step", "action", "username", "on", "at")


@admin.register(Lead)
class LeadAdmin(RecordOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("source", "household", "division", "channel", "status", "discovered_on")
    list_filter = ("channel", "status")
    exclude = ("id_number",)  # personal data: not shown in the admin


@admin.register(DepartmentAlert)
class DepartmentAlertAdmin(RecordOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("code", "household", "department", "event", "occurred_on", "amount", "status")
    list_filter = ("department", "status", "raised")
    exclude = ("id_number",)  # personal data: not shown in the admin


@admin.register(AlertImport)
class AlertImportAdmin(RecordOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("file_name", "username", "imported_at")
