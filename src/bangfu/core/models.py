"""Base model shared by every app, and the log of personal-data disclosures."""

import functools

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _


@functools.cache
def _choice_labels(field) -> dict:
    """A field's choices as value → (lazy) label, built once per field: Django builds this dict on every
    ``get_FOO_display()`` call, hashing each lazy label (a translation each), about 1 ms a call."""
    return dict(make_hashable(field.flatchoices))


class TimeStampedModel(models.Model):
    """Every record knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        """Django's ``get_FOO_display``, with the field's choices read once (``_choice_labels``); the label is
        translated at each call, in the language of the moment. Fields of this project have fixed choices."""
        value = getattr(self, field.attname)
        return force_str(_choice_labels(field).get(make_hashable(value), value), strings_only=True)


class PersonalDataAccess(models.Model):
    """One disclosure of unmasked personal data (ID numbers, phones): who, when, what, how many, where.

    Written by ``core.personal_data.personal_data_access_log`` and never changed afterwards. The permission
    ``core.view_personal_data`` is what allows such a disclosure.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="personal_data_accesses",
    )
    username = models.CharField(_("username"), max_length=150)  # kept when the account is deleted
    accessed_at = models.DateTimeField(_("accessed at"), default=timezone.now, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=50)
    scope = models.CharField(_("scope"), max_length=100, blank=True)
    records = models.PositiveIntegerField(_("records disclosed"))
    detail = models.TextField(_("disclosure details"), blank=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-accessed_at", "-id"]
        permissions = [("view_personal_data", _("Can view unmasked ID numbers and phones"))]

    def __str__(self) -> str:
        return f"{self.username} {self.purpose} {self.accessed_at:%Y-%m-%d %H:%M}"


class BackgroundJob(models.Model):
    """Work started from a page that runs in the background (后台任务): an assessment, a register upload.

    The row is the job's lasting state (who, what, how it ended, what it produced). While a job runs, its
    live progress is kept by ``core.jobs`` in memory and in a file (the job's own write transaction may hold
    the database); a queued task (``task_id``) runs it in ``bangfu worker``. See ``core/jobs`` and docs/web.md.

    ``kept`` says what the job stored for good (e.g. ``{"run_id": 12}``). It is written by
    ``core.jobs.job_keep`` inside the very transaction that stores those records, so it is true whatever
    happens to the job afterwards (a server stopped before the job was marked finished); ``result`` is the
    task's summary, written when the job ends.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")
        INTERRUPTED = "interrupted", _("interrupted")
        CANCELLED = "cancelled", _("cancelled")

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="background_jobs",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.QUEUED)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    done = models.PositiveBigIntegerField(_("done"), default=0)
    total = models.PositiveBigIntegerField(_("total"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    kept = models.JSONField(_("stored records"), default=dict, blank=True)
    #: host:pid:boot of the process running the job, to tell jobs of a stopped server (interrupted).
    worker = models.CharField(_("worker"), max_length=200, blank=True)
    #: The queued task that runs the job (``django_tasks_db``'s result id); see ``core/jobs``.
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    #: The registered task (its dotted path) and its JSON arguments without ``job_id``: kept with the job, so
    #: that it can be re-run (``core.jobs.job_rerun``) after the queue's own record is pruned.
    task_path = models.CharField(_("task function"), max_length=200, blank=True)
    arguments = models.JSONField(_("task arguments"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status"], name="background_job_status")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in {
            self.Status.SUCCEEDED,
            self.Status.FAILED,
            self.Status.INTERRUPTED,
            self.Status.CANCELLED,
        }
