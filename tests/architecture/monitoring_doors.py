"""The doors of the monitoring actions (table.py): the alerts upload and command, the alerts inbox, the leads
page and each step's form on the case page; each calls its service as the signed-in administrator."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

from bangfu.monitoring.alerts.services import alerts_import
from bangfu.monitoring.choices import Channel, Step
from bangfu.monitoring.models import DepartmentAlert, Lead, MonitoringCase
from bangfu.programme.choices import MeasureCategory, MeasureStatus
from tests.architecture.doors import World, _ok


def _alerts_csv(w: World) -> Path:
    path = w.folder / "医保.csv"
    head = w.household.members.get(relation="户主")
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["来源部门", "证件号码", "姓名", "预警事项", "发生日期", "金额", "说明"])
        writer.writerow(["卫健", head.id_number, head.name, "新发大病", "2024-01-05", "", ""])
    return path


def _alert(w: World) -> DepartmentAlert:
    alerts_import(actor=w.user, path=_alerts_csv(w), lang="zh", file_name="医保.csv")
    return DepartmentAlert.objects.get()


def alerts_upload_page(w: World) -> None:
    path = _alerts_csv(w)
    with path.open("rb") as handle:
        _ok(w.admin.post("/monitoring/alerts/upload/", {"file": handle}))


def alerts_import_command(w: World) -> None:
    call_command("alerts-import", str(_alerts_csv(w)), stdout=io.StringIO(), stderr=io.StringIO())


def alert_verify_page(w: World) -> None:
    _ok(w.admin.post(f"/monitoring/alerts/{_alert(w).pk}/verify/", {"category": "脱贫不稳定户"}))


def alert_close_page(w: World) -> None:
    _ok(w.admin.post(f"/monitoring/alerts/{_alert(w).pk}/close/", {"reason": "已核实"}))


def _lead(w: World) -> Lead:
    return Lead.objects.create(household=w.household, division=w.village.division, channel=Channel.CADRE_VISIT,
                               source="排查", discovered_on=timezone.localdate())  # fmt: skip


def lead_start_page(w: World) -> None:
    _ok(
        w.admin.post(
            f"/monitoring/leads/{_lead(w).pk}/start/", {"category": "脱贫不稳定户", "risk": ["因病"]}
        )
    )


def lead_close_page(w: World) -> None:
    _ok(w.admin.post(f"/monitoring/leads/{_lead(w).pk}/close/", {"reason": "误报"}))


def _case_at(w: World, step: str, **fields) -> MonitoringCase:
    """A case of the world's household at ``step``, proposed by nobody (so the administrator may review it)."""
    return MonitoringCase.objects.create(household=w.household, category="脱贫不稳定户", risk_types=["因病"],
                                         channel=Channel.CADRE_VISIT, discovered_on=_day(-30),
                                         step=step, **fields)  # fmt: skip


def _day(days: int = 0):
    return timezone.localdate() + timedelta(days=days)


def case_step_page(action: str, step: str, data=lambda w: {}, **fields) -> Callable[[World], None]:
    """The case page's form of one step (``action``, ``data(world)``) on a case at ``step`` with ``fields``
    (callables of nothing, for dates): the step must be taken."""

    def door(w: World) -> None:
        case = _case_at(w, step, **{name: value() for name, value in fields.items()})
        _ok(w.admin.post(f"/monitoring/cases/{case.pk}/step/", {"action": action, **data(w)}))
        assert case.steps.exists(), f"{action}: no step recorded"

    door.__name__ = f"case_{action.replace('-', '_')}_page"
    return door


def _on(w: World) -> dict:
    return {"on": _day().isoformat()}


APPROVE = {"decision": "approve"}
MEASURE = {"category": MeasureCategory.EMPLOYMENT, "description": "公益岗位", "status": MeasureStatus.PLANNED}
S = Step
case_visit_page = case_step_page("visit", S.VERIFICATION, lambda w: {**_on(w), "signed": "on"})
case_village_review_page = case_step_page("village-review", S.VILLAGE_REVIEW, _on)
case_publicity_end_page = case_step_page("publicity-end", S.PUBLICITY, _on, publicity_start=lambda: _day(-9))
case_township_review_page = case_step_page("township-review", S.TOWNSHIP_REVIEW, lambda w: APPROVE)
case_county_approve_page = case_step_page("county-approve", S.COUNTY_APPROVAL, lambda w: APPROVE)
case_assign_cadre_page = case_step_page("assign-cadre", S.ASSISTANCE, lambda w: {"cadre": w.cadre.pk},
                                        identified_on=lambda: _day(-20))  # fmt: skip
case_measure_page = case_step_page("measure", S.ASSISTANCE, lambda w: {**_on(w), **MEASURE},
                                   identified_on=lambda: _day(-20))  # fmt: skip
case_continue_page = case_step_page("continue", S.ASSISTANCE, identified_on=lambda: _day(-20))
case_reopen_page = case_step_page("reopen", S.ELIMINATED, lambda w: {"reason": "风险复现"},
                                  identified_on=lambda: _day(-20), eliminated_on=lambda: _day(-1))  # fmt: skip


def alerts_export_page(w: World) -> None:
    _alert(w)
    _ok(w.admin.get("/monitoring/alerts/export.xlsx", {"status": ""}))


def alerts_export_command(w: World) -> None:
    _alert(w)
    call_command("alerts-export", str(w.folder / "预警.csv"), stdout=io.StringIO())


P = "bangfu.monitoring.procedure."
#: The monitoring rows of ``table.ACTIONS``: (action, its service, its doors).
MONITORING = (
    (
        "import department alerts",
        "bangfu.monitoring.alerts.services.alerts_import",
        (alerts_upload_page, alerts_import_command),
    ),
    (
        "export department alerts",
        "bangfu.monitoring.alerts.exporting.alerts_export",
        (alerts_export_page, alerts_export_command),
    ),
    ("verify an alert into a case", "bangfu.monitoring.services.alert_verify", (alert_verify_page,)),
    ("close an alert", "bangfu.monitoring.services.alert_close", (alert_close_page,)),
    ("start a case from a lead", P + "lead_to_case", (lead_start_page,)),
    ("close a lead", P + "lead_close", (lead_close_page,)),
    ("record a case's household visit", P + "case_visit", (case_visit_page,)),
    (
        "record a case's village review",
        P + "case_village_review",
        (case_village_review_page,),
    ),
    (
        "end a case's public notice",
        P + "case_publicity_end",
        (case_publicity_end_page,),
    ),
    (
        "review a case for the township",
        P + "case_township_review",
        (case_township_review_page,),
    ),
    (
        "approve a case for the county",
        P + "case_county_approve",
        (case_county_approve_page,),
    ),
    (
        "assign a case's responsible cadre",
        P + "case_assign_cadre",
        (case_assign_cadre_page,),
    ),
    (
        "add a case's assistance measure",
        P + "case_measure_add",
        (case_measure_page,),
    ),
    ("continue monitoring a case", P + "case_continue", (case_continue_page,)),
    ("reopen an eliminated case", P + "case_reopen", (case_reopen_page,)),
)
