"""The assistance measures a monitoring case counts (programme measures of its household), read by the
deadlines (帮扶措施超期) and by the elimination check (at least one measure carried out)."""

from __future__ import annotations

from bangfu.programme.models import Measure


def case_measures(case):
    """The household's assistance measures of the years since identification (programme measures)."""
    since = (case.identified_on or case.discovered_on).year
    return Measure.objects.filter(plan__household=case.household, plan__year__gte=since).exclude(
        status="取消"
    )
