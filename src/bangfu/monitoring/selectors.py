"""Scoped reads of monitoring data: every query takes the reader's ``Scope``."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from bangfu.accounts.scope import Scope
from bangfu.monitoring import choices
from bangfu.monitoring.models import AlertImport, DepartmentAlert


def alerts(*, scope: Scope, status: str = "") -> QuerySet[DepartmentAlert]:
    """Department rows matched to households in scope (alerts and rows under the threshold), newest first."""
    rows = DepartmentAlert.objects.in_area(scope.area).exclude(household=None)
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("household", "case").order_by("-occurred_on", "-id")


def alert_get(*, scope: Scope, pk: int) -> DepartmentAlert | None:
    return alerts(scope=scope).filter(pk=pk).first()


def alert_status_counts(*, scope: Scope) -> dict[str, int]:
    counts = dict.fromkeys(choices.AlertStatus.values, 0)
    for row in alerts(scope=scope).order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return {status: n for status, n in counts.items() if status != choices.AlertStatus.UNMATCHED}


def recent_imports(*, user, limit: int = 10) -> list[AlertImport]:
    return list(AlertImport.objects.filter(user=user)[:limit]) if user.is_authenticated else []
