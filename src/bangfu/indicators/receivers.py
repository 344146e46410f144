"""The dashboard's pre-aggregated figures follow the register and the exit runs, in the same transaction:

- after an import or a load changed the register (``registry.signals.register_changed``), all of them;
- after a household run of an exit standard stored its results (the run saved again with its timings), the
  three-guarantee gaps, which come from the newest exit runs.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from bangfu.assessment.models import AssessmentRun, Level, StandardKind
from bangfu.indicators.services import figures_refresh
from bangfu.registry.signals import register_changed


@receiver(register_changed, dispatch_uid="indicators_register_changed")
def register_figures(sender, reason: str = "", **kwargs) -> None:
    figures_refresh(reason=reason)


@receiver(post_save, sender=AssessmentRun, dispatch_uid="indicators_exit_run_stored")
def exit_run_gaps(sender, instance: AssessmentRun, created: bool, update_fields=None, **kwargs) -> None:
    if created or not update_fields or "timings" not in update_fields:
        return
    if instance.level == Level.HOUSEHOLD and instance.standard_kind == StandardKind.HOUSEHOLD_EXIT:
        figures_refresh(gaps_only=True, reason=f"评估 assessment #{instance.pk}")
