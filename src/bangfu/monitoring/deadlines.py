"""Deadlines of the procedure and the months the elimination rules count (domain-rules.md §3).

- Identification (识别) within 20 working days of discovery. Working days are Monday to Friday; public
  holidays and their make-up working days (调休) are **not** modelled, so around holidays a case is flagged
  a few days early.
- A monitored household with no assistance measure one month after identification is overdue.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from bangfu.monitoring.measures import case_measures

IDENTIFICATION_WORKING_DAYS = 20
MEASURE_MONTHS = 1


def working_days_between(start: date, end: date) -> int:
    """Monday–Friday days after ``start`` up to and including ``end`` (0 when ``end`` ≤ ``start``)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def identification_overdue(discovered_on: date, today: date) -> bool:
    return working_days_between(discovered_on, today) > IDENTIFICATION_WORKING_DAYS


def measure_overdue(identified_on: date, today: date) -> bool:
    return today > add_months(identified_on, MEASURE_MONTHS)


IDENTIFYING_STEPS = ("入户核实", "村级评议", "公示", "乡镇审核", "县级审定")


def overdue_flags(case, today: date) -> list[str]:
    """The deadlines a case has missed on ``today``: 识别超期 (20 working days), 帮扶措施超期 (one month)."""
    flags = []
    if case.step in IDENTIFYING_STEPS and identification_overdue(case.discovered_on, today):
        flags.append("识别超期")
    late = case.step == "帮扶" and case.identified_on and measure_overdue(case.identified_on, today)
    if late and not case_measures(case).exists():
        flags.append("帮扶措施超期")
    return flags
