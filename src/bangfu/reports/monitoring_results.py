"""Monitoring figures of the results report (防止返贫动态监测), by year, from the monitoring cases.

For each year from the first year a case was discovered up to the report year: cases identified that year
(by category), risk eliminated that year, cases identified and not eliminated at the year's end, and cases
overdue at the year's end (identification more than 20 working days after discovery still pending; or
identified more than a month before with no measure started by then). Definitions in docs/report.md.

A case's dates are its current ones: a reopened case counts with its latest identification (the earlier
rounds are kept in its history, not here); ``monitoring_cases_reopened`` counts reopened cases.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Min

from bangfu.monitoring import choices
from bangfu.monitoring.deadlines import add_months, identification_overdue
from bangfu.monitoring.models import MonitoringCase
from bangfu.programme.models import Measure


def monitoring_figures(*, year: int) -> dict:
    first = MonitoringCase.objects.aggregate(first=Min("discovered_on"))["first"]
    years = range(first.year, year + 1) if first else range(0)
    return {
        "monitoring_by_year": {str(y): _year(y) for y in years},
        "monitoring_cases_reopened": MonitoringCase.objects.filter(
            reopened_count__gt=0, discovered_on__lte=date(year, 12, 31)
        ).count(),
    }


def _year(year: int) -> dict:
    start, end = date(year, 1, 1), date(year, 12, 31)
    identified = MonitoringCase.objects.filter(identified_on__range=(start, end))
    by_category = dict(identified.values_list("category").annotate(n=Count("pk")).order_by())
    open_cases = MonitoringCase.objects.filter(identified_on__lte=end).exclude(eliminated_on__lte=end)
    return {
        "identified": identified.count(),
        "identified_by_category": {c: by_category.get(c, 0) for c in choices.Category.values},
        "eliminated": MonitoringCase.objects.filter(eliminated_on__range=(start, end)).count(),
        "open_at_year_end": open_cases.count(),
        "overdue_at_year_end": _overdue(end),
    }


def _overdue(end: date) -> int:
    pending = (
        MonitoringCase.objects.filter(discovered_on__lte=end)
        .exclude(step=choices.Step.NOT_IDENTIFIED)
        .exclude(identified_on__lte=end)
        .values_list("discovered_on", flat=True)
    )
    late_identification = sum(1 for discovered in pending if identification_overdue(discovered, end))
    identified = (
        MonitoringCase.objects.filter(identified_on__lte=end)
        .exclude(eliminated_on__lte=end)
        .values_list("pk", "household_id", "identified_on")
    )
    started = {}
    for household, start_date in (
        Measure.objects.filter(plan__household__in=[h for _pk, h, _d in identified], start_date__lte=end)
        .exclude(status="取消")
        .values_list("plan__household", "start_date")
    ):
        started.setdefault(household, []).append(start_date)
    late_measure = sum(
        1
        for _pk, household, on in identified
        if end > add_months(on, 1) and not any(d >= on for d in started.get(household, []))
    )
    return late_identification + late_measure
