"""Screening to leads after every household run of a monitoring standard (see ``screening``).

The assessment app saves a run, writes its results, then saves the run again with its timings
(``update_fields`` holding ``timings``), inside one transaction: the leads are made then, in the same
transaction, so a run that fails leaves no leads behind.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from bangfu.assessment.models import AssessmentRun
from bangfu.assessment.screening import screening_leads


@receiver(post_save, sender=AssessmentRun, dispatch_uid="monitoring_screening_leads")
def run_finished(sender, instance: AssessmentRun, created: bool, update_fields=None, **kwargs) -> None:
    if created or not update_fields or "timings" not in update_fields:
        return
    if instance.standard_kind != "monitoring" or instance.level != "household":
        return
    screening_leads(run=instance)
