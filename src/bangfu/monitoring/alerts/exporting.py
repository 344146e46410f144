"""The department alerts' export (部门预警导出): one service for the alerts inbox's Excel download and for
``bangfu alerts-export`` (CSV in the contract's columns, shared/contracts/department-alerts.md).

    export = alerts_export(actor=request.user, statuses=[AlertStatus.OPEN])   # the inbox's filter
    export.header, export.rows                                                # COLUMNS; rows of values

The rows are the alerts the actor sees (``monitoring.selectors.alerts``: rows matched to households in their
area, newest first) with the given statuses; ``actor=None`` is the operator's command, over the whole
register. Every row carries the contract's seven columns first, then what the inbox adds (threshold, case,
reason for closing); the CSV writes the contract's seven. No ID number is written (the columns have none).
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from bangfu.accounts.scope import Scope, scope_for
from bangfu.core.spreadsheet import csv_text
from bangfu.monitoring import choices, selectors
from bangfu.monitoring.alerts import contract

#: The export's columns: the contract's (预警编号 … 状态), then the threshold, the case and the reason for closing.
COLUMNS = (*contract.EXPORT_HEADERS, "阈值（元）", "监测编号", "关闭原因")
#: Every alert that crossed the threshold, whatever became of it (the contract's "every alert").
RAISED = (choices.AlertStatus.OPEN, choices.AlertStatus.CASE, choices.AlertStatus.CLOSED)
CHUNK = 2000


@dataclass(frozen=True)
class AlertsExport:
    header: tuple[str, ...]
    rows: Iterator[list]  # one list per alert, in ``header``'s columns


def alerts_export(*, actor, statuses: Collection[str] = RAISED) -> AlertsExport:
    """The alerts ``actor`` sees (``None``: the command line, everything) with one of ``statuses``."""
    scope = Scope.administrator() if actor is None else scope_for(actor)
    alerts = selectors.alerts(scope=scope).filter(status__in=list(statuses))

    def rows() -> Iterator[list]:
        for alert in alerts.iterator(chunk_size=CHUNK):
            yield [
                alert.code, alert.household.code, alert.department, alert.event, alert.occurred_on,
                alert.amount, alert.status, alert.threshold, alert.case.code if alert.case else "",
                alert.closed_reason,
            ]  # fmt: skip

    return AlertsExport(COLUMNS, rows())


def alerts_export_csv(*, actor, path: Path | str) -> int:
    """Write every raised alert ``actor`` sees to ``path`` as CSV (UTF-8 with BOM) in the contract's columns;
    returns the row count. Text that a spreadsheet would read as a formula is quoted (``csv_text``)."""
    export = alerts_export(actor=actor)
    width = len(contract.EXPORT_HEADERS)
    count = 0
    with Path(path).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(export.header[:width])
        for code, household, department, event, occurred_on, amount, status, *_more in export.rows:
            amount = "" if amount is None else f"{amount:.2f}"
            writer.writerow([csv_text(code), csv_text(household), department, event, occurred_on.isoformat(),
                             amount, status])  # fmt: skip
            count += 1
    return count
