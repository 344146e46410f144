"""Screening to leads (标准筛查): a run of the monitoring standard turns new flags into leads, never cases.

A flagged household gets a lead (channel 标准筛查) unless it already has an open case, an open lead or a
department alert waiting to be verified, so running the standard every month does not duplicate anything.
Households whose data is missing (result ``missing``) get no lead: they are listed by the run for the data to
be completed. The lead is then visited like any other.
"""

from __future__ import annotations

from django.db import transaction

from bangfu.assessment.models import AssessmentRun, HouseholdResult
from bangfu.core.errors import ApplicationError
from bangfu.core.labels import standard_title
from bangfu.monitoring import choices
from bangfu.monitoring.categories import CATEGORIES
from bangfu.monitoring.models import DepartmentAlert, Lead, MonitoringCase


@transaction.atomic
def screening_leads(*, run: AssessmentRun, user=None) -> int:
    """Leads for the run's flagged households without an open case or lead; returns how many were made."""
    if run.standard_kind != "monitoring":
        raise ApplicationError(f"评估 #{run.pk} 不是防返贫监测筛查（标准 {run.standard}）")
    flagged = HouseholdResult.objects.filter(run=run, result="flag")
    busy = (
        set(
            MonitoringCase.objects.filter(
                step__in=choices.OPEN_STEPS, household__in=flagged.values("household")
            ).values_list("household_id", flat=True)
        )
        | set(
            Lead.objects.filter(
                status=choices.LeadStatus.OPEN, household__in=flagged.values("household")
            ).values_list("household_id", flat=True)
        )
        | set(  # a department alert waiting to be verified is already someone's work
            DepartmentAlert.objects.filter(
                status=choices.AlertStatus.OPEN, household__in=flagged.values("household")
            ).values_list("household_id", flat=True)
        )
    )
    made = 0
    for result in flagged.select_related("household").order_by("household_id").iterator(chunk_size=2000):
        if result.household_id in busy:
            continue
        category = str(CATEGORIES.get(result.category, result.category))
        lead = Lead(
            household=result.household, channel=choices.Channel.SCREENING, discovered_on=run.as_of or run.started_at.date(),
            source=f"标准筛查：{standard_title(run.standard, run.standard_title)} #{run.pk} {category}"[:200], created_by=user,
        )  # fmt: skip
        lead._history_user = user
        lead.save()
        busy.add(result.household_id)
        made += 1
    return made
