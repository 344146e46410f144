"""The doors of the actions in ``table.py``, each driven as a user would: the Django test client (pages, the
admin) or ``call_command``; ``world`` is what they need."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from bangfu.accounts.models import Role
from bangfu.accounts.scope import scope_for
from bangfu.api.models import ApiToken
from bangfu.api.services import api_token_create
from bangfu.markets import services as markets_services
from bangfu.monitoring.alerts.services import alerts_import
from bangfu.monitoring.choices import Channel
from bangfu.monitoring.models import DepartmentAlert, Lead, MonitoringCase
from bangfu.programme import services as programme_services
from bangfu.programme.models import CadreAssignment
from bangfu.projects import services as project_services
from tests import factories
from tests.programme import records

OTHER = "441521101202"
HOUSEHOLD = "4415211012010001"


@dataclass
class World:
    """What the doors need: a village with a household, a programme with a posted cadre, an administrator
    (superuser, may unmask) signed in on ``admin``, and a temporary folder."""

    household: object
    village: object
    programme: object
    unit: object
    cadre: object
    user: object
    admin: Client
    folder: Path


@pytest.fixture
def world(divisions, tmp_path) -> World:
    village = factories.village()
    factories.village(OTHER, name="东湖村")
    household = factories.household(village, HOUSEHOLD, members=2)
    programme, unit = records.programme(), records.unit()
    cadre = records.cadre(unit, "甲")
    programme_services.cadre_assignment_create(
        cadre=cadre,
        role="驻村工作队员",
        unit=unit,
        programme=programme,
        start_date=date(2016, 1, 1),
        village=village,
    )
    user = factories.account("boss", Role.ADMINISTRATOR, personal_data=True)
    admin = Client()
    admin.force_login(user)
    return World(household, village, programme, unit, cadre, user, admin, tmp_path)


# ------------------------------------------------------------------------------------------------ doors
def _ok(response, *statuses: int):
    assert response.status_code in (statuses or (200, 302)), response.content.decode()[:1000]


def unmask_page(w: World) -> None:
    member = w.household.members.first()
    _ok(w.admin.post(f"/households/{HOUSEHOLD}/unmask/{member.pk}/"))


def visit_page(w: World) -> None:
    data = {"cadre": w.cadre.pk, "date": "2020-05-01", "notes": "", "findings": "缺资金"}
    _ok(w.admin.post(f"/programme/households/{HOUSEHOLD}/visits/new/", data))


def measure_page(w: World) -> None:
    _ok(
        w.admin.post(
            f"/programme/households/{HOUSEHOLD}/measures/new/", {"category": "产业", "status": "计划"}
        )
    )


def pairing_admin(w: World) -> None:
    data = {"programme": w.programme.pk, "unit": w.unit.pk, "village": w.village.pk, "start_date": "2016-01-01",
            "end_date": ""}  # fmt: skip
    _ok(w.admin.post("/admin/programme/pairing/add/", data), 302)


def posting_admin(w: World) -> None:
    data = {"cadre": w.cadre.pk, "role": "第一书记", "unit": w.unit.pk, "programme": w.programme.pk,
            "start_date": "2017-01-01", "end_date": "", "village": w.village.pk, "household": "", "division": ""}  # fmt: skip
    _ok(w.admin.post("/admin/programme/cadreassignment/add/", data), 302)


def posting_admin_change(w: World) -> None:
    posting = CadreAssignment.objects.get()
    data = {"cadre": w.cadre.pk, "role": posting.role, "unit": w.unit.pk, "programme": w.programme.pk,
            "start_date": "2016-01-01", "end_date": "2018-12-31", "village": w.village.pk, "household": "",
            "division": ""}  # fmt: skip
    _ok(w.admin.post(f"/admin/programme/cadreassignment/{posting.pk}/change/", data), 302)


def _workbook(w: World) -> Path:
    path = w.folder / "模板.xlsx"
    call_command("programme-template", out=path)
    return path


def programme_import_command(w: World) -> None:
    with contextlib.suppress(CommandError):  # the empty template is refused by the service: it was called
        call_command(
            "programme-import", str(_workbook(w)), "--dry-run", stdout=io.StringIO(), stderr=io.StringIO()
        )


def markets_page(name: str, data: dict) -> Callable[[World], None]:
    def door(w: World) -> None:
        _ok(w.admin.post(f"/markets/{name}/new/", data), 200, 302, 400)

    door.__name__ = f"markets_{name}_page"
    return door


def _alerts_csv(w: World) -> Path:
    path = w.folder / "医保.csv"
    head = w.household.members.get(relation="户主")
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["来源部门", "证件号码", "姓名", "预警事项", "发生日期", "金额", "说明"])
        writer.writerow(["卫健", head.id_number, head.name, "新发大病", "2024-01-05", "", ""])
    return path


def _alert(w: World) -> DepartmentAlert:
    alerts_import(path=_alerts_csv(w), user=w.user, scope=scope_for(w.user), lang="zh", file_name="医保.csv")
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


def case_visit_page(w: World) -> None:
    case = MonitoringCase.objects.create(household=w.household, category="脱贫不稳定户", risk_types=["因病"],
                                         channel=Channel.CADRE_VISIT, discovered_on=timezone.localdate(),
                                         step="入户核实", proposed_by=w.user)  # fmt: skip
    data = {"action": "visit", "on": timezone.localdate().isoformat(), "signed": "on"}
    _ok(w.admin.post(f"/monitoring/cases/{case.pk}/step/", data))


def token_page_create(w: World) -> None:
    _ok(w.admin.post("/account/tokens/new/", {"name": "月报", "days": "30"}))


def token_command_create(w: World) -> None:
    call_command("api-token", "boss", name="脚本", stdout=io.StringIO(), stderr=io.StringIO())


def token_page_revoke(w: World) -> None:
    api_token_create(username="boss")
    _ok(w.admin.post(f"/account/tokens/{ApiToken.objects.get().pk}/revoke/"))


def token_admin_revoke(w: World) -> None:
    api_token_create(username="boss")
    data = {"action": "revoke", "_selected_action": [ApiToken.objects.get().pk]}
    _ok(w.admin.post("/admin/api/apitoken/", data), 302)


def token_command_revoke(w: World) -> None:
    token = api_token_create(username="boss").token
    call_command("api-token", "boss", revoke=token[:8], stdout=io.StringIO(), stderr=io.StringIO())


def a_plan(w: World):
    return programme_services.household_plan_set(household=w.household, year=2018)


def a_project(w: World):
    return project_services.project_create(programme=w.programme, code="P1", name="茶园", category="产业",
                                           budget=Decimal("1000"), start_year=2016, village=w.village)  # fmt: skip


def a_park(w: World):
    return project_services.industrial_park_create(
        programme=w.programme, name="深汕园", division=w.village.division
    )


def head_of(w: World):
    return w.household.members.get(relation="户主")


def a_course(w: World):
    return markets_services.training_course_create(code="T1", name="厨师班", brand="粤菜师傅",
                                                   division=w.village.division, start_date=date(2018, 3, 1))  # fmt: skip


def a_producer(w: World):
    return markets_services.producer_create(code="PR1", name="合作社", kind="合作社", village=w.village)


def a_product(w: World):
    return markets_services.product_certify(producer=a_producer(w), name="绿茶", category="茶叶",
                                            certificate_number="GD-1", certified_date=date(2019, 1, 1))  # fmt: skip


def admin_change(
    model: str, record: Callable[[World], object], data: Callable[[World], dict]
) -> Callable[[World], None]:
    """The admin's change page of a record of ``model`` ("app/model") made by ``record``, posted with
    ``data`` and its inlines as the page shows them; it must save."""

    def door(w: World) -> None:
        url = f"/admin/{model}/{record(w).pk}/change/"
        page = w.admin.get(url).content.decode()
        inlines = dict(re.findall(r'name="([\w-]+-(?:TOTAL|INITIAL)_FORMS)"[^>]*value="(\d+)"', page))
        _ok(w.admin.post(url, data(w) | inlines), 302)

    door.__name__ = f"admin_change_{model.replace('/', '_')}"
    return door


def admin_add(model: str, data: Callable[[World], dict]) -> Callable[[World], None]:
    """The admin's add page of ``model`` ("app/model"), posted with ``data`` and empty inlines; it must save."""

    def door(w: World) -> None:
        url = f"/admin/{model}/add/"
        page = w.admin.get(url).content.decode()
        inlines = {name: "0" for name in re.findall(r'name="([\w-]+-(?:TOTAL|INITIAL)_FORMS)"', page)}
        _ok(w.admin.post(url, data(w) | inlines), 302)

    door.__name__ = f"admin_add_{model.replace('/', '_')}"
    return door
