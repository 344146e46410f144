"""Scoped reads the API needs beyond the pages' selectors (``registry.selectors``, ``assessment.selectors``, ``programme.selectors``).

Each takes the reader's ``Scope`` and filters with it; nothing here returns a row outside the scope.
"""

from __future__ import annotations

from django.db.models import QuerySet

from bangfu.accounts.scope import Scope
from bangfu.assessment.models import AssessmentRun, HouseholdResult


def failed(criteria: str) -> list[str]:
    """``failed_criteria`` as stored (ids joined by ``;``) as a list."""
    return [item for item in (criteria or "").split(";") if item]


def run_household_results(
    run: AssessmentRun, *, scope: Scope, village_code: str = "", result: str = ""
) -> QuerySet[HouseholdResult]:
    """A household run's verdicts on households in ``scope`` (optionally one village, one verdict)."""
    results = (
        HouseholdResult.objects.in_area(scope.area)
        .filter(run=run)
        .select_related("household__village__division")
    )
    if village_code:
        results = results.filter(household__village__division__code=village_code)
    if result:
        results = results.filter(result=result)
    return results.order_by("household__code")
