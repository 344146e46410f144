"""Admin building blocks for service-written records, the personal-data access log (read-only) and the
background jobs (read-only, re-run through ``core.jobs.job_rerun``)."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from bangfu.core import jobs
from bangfu.core.errors import ApplicationError
from bangfu.core.models import BackgroundJob, PersonalDataAccess


class RecordOnlyAdminMixin:
    """For records written only by services (logs, money movements): the admin shows them, never changes them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _CheckOnly(Exception):
    """Rolls back the service's run when a form is checked."""


def _checked_by_service(form, call):
    """``form`` whose cleaning runs ``call(cleaned values)`` once in a savepoint that is rolled back: the
    service's refusal (``ApplicationError``, in Chinese) is the form's error, and nothing is written."""

    class ServiceCheckedForm(form):
        def clean(self):
            cleaned = super().clean()
            if self.errors:
                return cleaned
            try:
                with transaction.atomic():
                    call(dict(cleaned))
                    raise _CheckOnly
            except _CheckOnly:
                pass
            except ApplicationError as error:
                raise forms.ValidationError(error.message) from None
            return cleaned

    return ServiceCheckedForm


class AddThroughServiceMixin:
    """Adding a record on this admin page is the action's service, as at every other door: the add form has the
    service's fields (``add_fields``), ``add_through_service(request, data)`` calls the service with the form's
    cleaned values and returns the saved record. When the form is checked, the service runs once in a savepoint
    that is rolled back, so its refusal (``ApplicationError``, in Chinese) is the form's error and nothing is
    written; saving runs it for real. Changing a record keeps the admin's own form (the model's validation),
    unless ``ChangeThroughServiceMixin`` follows this mixin.
    """

    add_fields: list[str] = []

    def add_through_service(self, request, data: dict):
        raise NotImplementedError

    def get_fields(self, request, obj=None):
        return list(self.add_fields) if obj is None else super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else super().get_readonly_fields(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            return form
        return _checked_by_service(form, lambda data: self.add_through_service(request, data))

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        saved = self.add_through_service(request, dict(form.cleaned_data))
        obj.pk, obj._state.adding, obj._state.db = saved.pk, False, saved._state.db


class ChangeThroughServiceMixin:
    """Changing a record on this admin page is its service (a "set" service that creates or replaces the record
    of a key): the key's fields (``change_key_fields``) are read-only, and ``change_through_service(request,
    record, data)`` calls the service with the record's key and the form's values. The form is checked by a
    run of the service that is rolled back (its refusal is the form's error, nothing written); saving runs it.
    """

    change_key_fields: list[str] = []

    def change_through_service(self, request, record, data: dict):
        raise NotImplementedError

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if obj is None else [*fields, *(f for f in self.change_key_fields if f not in fields)]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form
        return _checked_by_service(form, lambda data: self.change_through_service(request, obj, data))

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        saved = self.change_through_service(request, obj, dict(form.cleaned_data))
        obj.pk, obj._state.adding, obj._state.db = saved.pk, False, saved._state.db


class ReadOnlyInlineMixin:
    """An inline that lists a record's parts without changing them: they are added and changed on their own
    pages, through their services (several rows saved at once would skip the services' checks)."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AddOnlyThroughServiceMixin(AddThroughServiceMixin):
    """For records a service writes and nobody changes (money movements, status logs): added through the
    service on the admin's add page, then shown, never changed or deleted."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(RecordOnlyAdminMixin, admin.ModelAdmin):
    """Who was given unmasked ID numbers and phones, when, for what, how many and where to.

    Nobody adds, edits or deletes entries here: they are written by ``personal_data_access_log`` only.
    Seeing the list needs the model's view permission (superusers have it).
    """

    list_display = ["accessed_at", "username", "purpose", "scope", "records", "detail"]
    list_filter = ["purpose", "accessed_at"]
    search_fields = ["username", "scope", "detail"]
    date_hierarchy = "accessed_at"
    fields = ["accessed_at", "user", "username", "purpose", "scope", "records", "detail"]
    readonly_fields = fields


@admin.register(BackgroundJob)
class BackgroundJobAdmin(RecordOnlyAdminMixin, admin.ModelAdmin):
    """The background jobs (后台任务): who started what, how it ended, the task and its JSON arguments.

    Written only by ``core.jobs``; an administrator re-runs finished ones with the action (``job_rerun``, the
    service of the job pages' button too): the same task with the same arguments, as a new job."""

    list_display = ["id", "kind", "status", "user", "created_at", "finished_at", "message"]
    list_filter = ["kind", "status", "created_at"]
    search_fields = ["kind", "user__username", "message", "task_path"]
    date_hierarchy = "created_at"
    fields = ["kind", "status", "user", "parameters", "task_path", "arguments", "task_id", "worker", "stage",
              "done", "total", "message", "result", "kept", "created_at", "started_at", "finished_at"]  # fmt: skip
    readonly_fields = fields
    actions = ["rerun"]

    @admin.action(description=_("Re-run the selected jobs"))
    def rerun(self, request, queryset):
        started, refused = [], []
        for job in queryset.order_by("pk"):
            try:
                started.append(jobs.job_rerun(actor=request.user, job=job).pk)
            except ApplicationError as error:
                refused.append(f"#{job.pk}: {error.message}")
        if started:
            text = _("Started again as jobs %(jobs)s.") % {"jobs": ", ".join(f"#{pk}" for pk in started)}
            self.message_user(request, text, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)
