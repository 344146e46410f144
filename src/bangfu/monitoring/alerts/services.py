"""Department alerts: import a department file (the export: ``alerts/exporting.py``; verifying and closing an
alert: ``monitoring.services``).

    result = alerts_import(actor=user, path=path)   # AlertsRefused(issues) on any error

All or nothing: the file is checked completely first (``reading``) and against the register (a registered
ID number must carry the member's name); with any error nothing is written. Then, in one transaction, each
new row is stored: matched to a registered member → an alert (预警) when it crosses the monitoring
standard's threshold, else kept as under the threshold; not registered → a lead (线索) for the township.
A row already imported (same 来源部门, 证件号码, 预警事项, 发生日期) changes nothing.

Scope: the actor's (``scope_for(actor)``); only those who may change the register (officers, administrators)
import. An officer's import raises alerts only for households in the officer's area. Rows matched to a
household outside it are not written at all (neither alert nor lead) and are listed as warnings, so the
office responsible imports them; the rest of the file is imported. Unmatched rows become leads in the
importer's area (the first of their divisions), or, for an importer without divisions (administrators, the
command line without ``--user``: ``actor=None``, the whole register), in the county whose code starts the ID
number when that county is in the system.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.scope import Scope, scope_for
from bangfu.core.errors import ApplicationError
from bangfu.monitoring import choices
from bangfu.monitoring.alerts import contract
from bangfu.monitoring.alerts.reading import AlertRow, alerts_file_check, text
from bangfu.monitoring.alerts.thresholds import threshold_value
from bangfu.monitoring.models import AlertImport, DepartmentAlert, Lead
from bangfu.regions.models import Division, Level
from bangfu.registry.choices import REGISTERED_POOR_ATTRIBUTES
from bangfu.registry.importing.issues import ImportIssue, SourceError
from bangfu.registry.models import Member

OUTSIDE_SCOPE = {
    "zh": "该证件号码属于您管辖范围以外的农户，本行未导入；请由该地区的干部导入",
    "en": "This ID number belongs to a household outside your area; the row was not imported",
}


class AlertsRefused(ApplicationError):
    """The file has errors; ``issues`` lists every error (then the warnings), located."""

    def __init__(self, issues: list[ImportIssue], errors: int):
        super().__init__(f"文件有 {errors} 个错误，未写入任何数据", {"errors": errors})
        self.issues, self.errors = issues, errors


@dataclass
class ImportResult:
    rows_read: int = 0
    matched: int = 0
    raised: int = 0
    under_threshold: int = 0
    unmatched_leads: int = 0
    unchanged: int = 0
    outside_scope: int = 0
    warnings: list[ImportIssue] = field(default_factory=list)
    import_id: int | None = None

    def summary(self) -> dict:
        names = ("rows_read", "matched", "raised", "under_threshold", "unmatched_leads", "unchanged", "outside_scope")  # fmt: skip
        return {name: getattr(self, name) for name in names}


def alerts_import(
    *,
    actor,
    path: Path | str,
    today: date | None = None,
    lang: str = "zh",
    file_name: str = "",
) -> ImportResult:
    """Check a department file, then import it all or nothing, as ``actor`` (``None``: the operator's command,
    over the whole register); ``AlertsRefused`` lists every error."""
    scope = Scope.administrator() if actor is None else scope_for(actor)
    if not scope.may_change_register:
        raise ApplicationError(_("Only officers and administrators may import department alerts."))
    path = Path(path)
    today = today or timezone.localdate()
    try:
        checked = alerts_file_check(path, today=today, lang=lang)
    except SourceError as error:
        raise AlertsRefused([error.issue(lang)], 1) from None
    members = {
        member.id_number: member
        for member in Member.objects.filter(id_number__in={row.id_number for row in checked.rows})
        .select_related("household__village__division")
        .only("id", "name", "id_number", "household__attribute", "household__code",
              "household__village__division__code", "household__village__division__path")
    }  # fmt: skip
    errors = list(checked.errors)
    for row in checked.rows:
        member = members.get(row.id_number)
        if member is not None and member.name != row.name:
            errors.append(ImportIssue(checked.sheet, row.row, contract.NAME, row.name,
                                      text("name_mismatch", lang, registered=member.name), "name_mismatch"))  # fmt: skip
    if errors:
        errors.sort(key=lambda issue: (issue.row or 0, issue.column))
        raise AlertsRefused([*errors, *checked.warnings], len(errors))
    result = ImportResult(rows_read=checked.rows_read, warnings=list(checked.warnings))
    _write(checked.sheet, checked.rows, members, result, path, file_name or path.name, actor, scope, lang)
    return result


@transaction.atomic
def _write(sheet, rows: list[AlertRow], members, result: ImportResult, path, file_name, user, scope, lang):
    existing = set(
        DepartmentAlert.objects.filter(id_number__in={row.id_number for row in rows}).values_list(
            "department", "id_number", "event", "occurred_on"
        )
    )
    record = AlertImport.objects.create(
        file_name=file_name[:255],
        sha256=hashlib.sha256(Path(path).read_bytes()).hexdigest(),
        user=user if user is not None and user.is_authenticated else None,
        username=getattr(user, "username", "") or "",
    )
    reason = f"导入预警 {file_name[:60]} #{record.pk}"
    leads: dict[str, Lead] = {}
    for row in rows:
        if row.key in existing:
            result.unchanged += 1
            continue
        member = members.get(row.id_number)
        household = member.household if member is not None else None
        if household is not None and not _in_scope(scope, household):
            result.outside_scope += 1
            result.warnings.append(ImportIssue(sheet, row.row, contract.ID_NUMBER, "", OUTSIDE_SCOPE[lang], "outside_scope"))  # fmt: skip
            continue
        alert = DepartmentAlert(
            department=row.department, event=row.event, id_number=row.id_number, name=row.name,
            occurred_on=row.occurred_on, amount=row.amount, note=row.note, member=member,
            household=household, import_record=record,
        )  # fmt: skip
        if household is None:
            alert.status = choices.AlertStatus.UNMATCHED
            alert.lead = leads.get(row.id_number) or _lead_for(row, scope, user, reason)
            leads[row.id_number] = alert.lead
        else:
            result.matched += 1
            alert.threshold, alert.raised = _threshold_check(row, household)
            alert.status = choices.AlertStatus.OPEN if alert.raised else choices.AlertStatus.UNDER_THRESHOLD
            if alert.raised:
                result.raised += 1
            else:
                result.under_threshold += 1
        alert._change_reason, alert._history_user = reason, record.user
        alert.save()
    result.unmatched_leads = len(leads)
    result.import_id = record.pk
    record.summary = result.summary()
    record.save(update_fields=["summary"])


def _in_scope(scope: Scope, household) -> bool:
    return scope.area.contains_village(household.village_id, household.village.division.path)


def _lead_for(row: AlertRow, scope: Scope, user, reason: str) -> Lead:
    division = None
    if scope.area.division_paths:
        division = Division.objects.filter(path=scope.area.division_paths[0]).first()
    if division is None:
        division = Division.objects.filter(level=Level.COUNTY, code__startswith=row.id_number[:6]).first()
    lead = Lead(
        division=division, name=row.name, id_number=row.id_number, channel=choices.Channel.DEPARTMENT,
        source=f"{row.department} {row.event} {row.occurred_on.isoformat()}", discovered_on=timezone.localdate(),
        created_by=user if user is not None and user.is_authenticated else None,
    )  # fmt: skip
    lead._change_reason = reason
    lead.save()
    return lead


def _threshold_check(row: AlertRow, household) -> tuple[Decimal | None, bool]:
    """``(threshold, raised)``: events without ¥ always raise an alert; ¥ events by the standard's threshold."""
    if row.event not in contract.THRESHOLDS:
        return None, True
    (exited_name, other_name), strictly = contract.THRESHOLDS[row.event]
    name = exited_name if household.attribute in REGISTERED_POOR_ATTRIBUTES else other_name
    threshold = threshold_value(name, row.occurred_on.year, household.village.division.code)
    amount = row.amount or Decimal(0)
    return threshold, (amount > threshold if strictly else amount >= threshold)
