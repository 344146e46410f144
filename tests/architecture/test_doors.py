"""One service per action: every door of an action (page, API route, command, admin page) calls the same
service function.

``ACTIONS`` is the table: an action, the dotted path of its service, and its doors. Each door is driven as a
user would (the Django test client, ``call_command``) with the service replaced by a spy that calls through to
it, wherever a module holds that very function object (``module.f`` and ``from module import f`` alike); the
door passes when the spy was called. A door that did the work itself, or called a copy of the service, fails.

To add an action: write a door function per door (``world`` holds a small register, a programme and signed-in
clients) and a row in ``ACTIONS``.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import pkgutil
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import import_module
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

import bangfu
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


def _plan(w: World):
    return programme_services.household_plan_set(household=w.household, year=2018)


def _project(w: World):
    return project_services.project_create(programme=w.programme, code="P1", name="茶园", category="产业",
                                           budget=Decimal("1000"), start_year=2016, village=w.village)  # fmt: skip


def _park(w: World):
    return project_services.industrial_park_create(
        programme=w.programme, name="深汕园", division=w.village.division
    )


def _head(w: World):
    return w.household.members.get(relation="户主")


def _course(w: World):
    return markets_services.training_course_create(code="T1", name="厨师班", brand="粤菜师傅",
                                                   division=w.village.division, start_date=date(2018, 3, 1))  # fmt: skip


def _producer(w: World):
    return markets_services.producer_create(code="PR1", name="合作社", kind="合作社", village=w.village)


def _product(w: World):
    return markets_services.product_certify(producer=_producer(w), name="绿茶", category="茶叶",
                                            certificate_number="GD-1", certified_date=date(2019, 1, 1))  # fmt: skip


def admin_add(model: str, data: Callable[[World], dict]) -> Callable[[World], None]:
    """The admin's add page of ``model`` ("app/model"), posted with ``data`` and empty inlines; it must save."""

    def door(w: World) -> None:
        url = f"/admin/{model}/add/"
        page = w.admin.get(url).content.decode()
        inlines = {name: "0" for name in re.findall(r'name="([\w-]+-(?:TOTAL|INITIAL)_FORMS)"', page)}
        _ok(w.admin.post(url, data(w) | inlines), 302)

    door.__name__ = f"admin_add_{model.replace('/', '_')}"
    return door


# ------------------------------------------------------------------------------------------------ table
COURSE = {
    "code": "T1",
    "name": "厨师班",
    "brand": "粤菜师傅",
    "division": "441521101201",
    "start_date": "2018-03-01",
}
PLACEMENT = {"id_number": "441521197005010011", "employer": "深圳某酒楼", "destination": "深圳",
             "job_kind": "市场就业", "start_date": "2018-05-01"}  # fmt: skip
SALE = {"product": "GD-1", "channel": "网店", "buyer_type": "个人", "amount": "10", "date": "2020-01-01"}


@dataclass(frozen=True)
class Action:
    name: str
    service: str  # dotted path of the one service function
    doors: tuple[Callable[[World], None], ...]


#: The markets page's forms: a refusal by the service (no such course or product here) answers 400 with the form.
COURSE = {
    "code": "T1",
    "name": "厨师班",
    "brand": "粤菜师傅",
    "division": "441521101201",
    "start_date": "2018-03-01",
}
TRAINEE = {"course": "T1", "id_number": "441521197005010011"}
PLACEMENT = {"id_number": "441521197005010011", "employer": "深圳某酒楼", "destination": "深圳",
             "job_kind": "市场就业", "start_date": "2018-05-01"}  # fmt: skip
SALE = {"product": "GD-1", "channel": "网店", "buyer_type": "个人", "amount": "10", "date": "2020-01-01"}

ACTIONS = (
    Action("unmask personal data", "bangfu.registry.services.personal_data_unmask", (unmask_page,)),
    Action("record a visit", "bangfu.programme.services.visit_record", (visit_page,)),
    Action("add an assistance measure", "bangfu.programme.services.household_measure_add", (measure_page,)),
    Action("pair a unit with a village", "bangfu.programme.services.pairing_save", (pairing_admin,)),
    Action(
        "post or end a cadre's posting",
        "bangfu.programme.services.cadre_assignment_save",
        (posting_admin, posting_admin_change),
    ),
    Action(
        "start a programme",
        "bangfu.programme.services.programme_create",
        (
            admin_add(
                "programme/programme",
                lambda w: {
                    "name": "广州对口帮扶",
                    "donor_city": "广州",
                    "recipient_city": "汕尾",
                    "recipient_division": w.programme.recipient_division.pk,
                    "start_year": "2016",
                    "end_year": "",
                },
            ),
        ),
    ),
    Action(
        "register an assisting unit",
        "bangfu.programme.services.assisting_unit_create",
        (
            admin_add(
                "programme/assistingunit",
                lambda w: {"name": "罗湖区", "kind": "区", "district": "", "parent": "", "uscc": ""},
            ),
        ),
    ),
    Action(
        "register a cadre",
        "bangfu.programme.services.cadre_create",
        (
            admin_add(
                "programme/cadre", lambda w: {"name": "乙", "unit": w.unit.pk, "code": "C-9", "gender": ""}
            ),
        ),
    ),
    Action(
        "set a household plan",
        "bangfu.programme.services.household_plan_set",
        (
            admin_add(
                "programme/householdplan",
                lambda w: {"household": w.household.pk, "year": "2018", "summary": "发展茶叶"},
            ),
        ),
    ),
    Action(
        "add a measure to a plan",
        "bangfu.programme.services.measure_create",
        (
            admin_add(
                "programme/measure",
                lambda w: {
                    "plan": _plan(w).pk,
                    "category": "产业",
                    "status": "计划",
                    "description": "",
                    "start_date": "",
                    "end_date": "",
                    "amount": "",
                    "project": "",
                },
            ),
        ),
    ),
    Action(
        "record a programme's annual evaluation",
        "bangfu.programme.services.evaluation_set",
        (
            admin_add(
                "programme/evaluation",
                lambda w: {
                    "programme": w.programme.pk,
                    "year": "2018",
                    "grade": "好",
                    "evaluator": "",
                    "notes": "",
                },
            ),
        ),
    ),
    Action(
        "add a project",
        "bangfu.projects.services.project_create",
        (
            admin_add(
                "projects/project",
                lambda w: {
                    "programme": w.programme.pk,
                    "code": "P9",
                    "name": "茶园",
                    "category": "产业",
                    "budget": "100000",
                    "start_year": "2016",
                    "village": w.village.pk,
                    "division": "",
                    "population_served": "0",
                    "end_year": "",
                },
            ),
        ),
    ),
    Action(
        "record a project's output",
        "bangfu.projects.services.project_output_set",
        (
            admin_add(
                "projects/projectoutput",
                lambda w: {"project": _project(w).pk, "kind": "病床", "quantity": "20", "description": ""},
            ),
        ),
    ),
    Action(
        "link a household to a project",
        "bangfu.projects.services.project_beneficiary_add",
        (
            admin_add(
                "projects/projectbeneficiary",
                lambda w: {"project": _project(w).pk, "household": w.household.pk, "description": ""},
            ),
        ),
    ),
    Action(
        "register an industrial park",
        "bangfu.projects.services.industrial_park_create",
        (
            admin_add(
                "projects/industrialpark",
                lambda w: {"programme": w.programme.pk, "name": "深汕园", "division": w.village.division.pk},
            ),
        ),
    ),
    Action(
        "record an investment project",
        "bangfu.projects.services.investment_project_create",
        (
            admin_add(
                "projects/investmentproject",
                lambda w: {
                    "park": _park(w).pk,
                    "name": "电子厂",
                    "investor": "某公司",
                    "amount": "1000000",
                    "signed_date": "2018-01-01",
                    "investor_origin_city": "",
                    "sector": "",
                    "status": "签约",
                    "started_date": "",
                    "producing_date": "",
                },
            ),
        ),
    ),
    Action(
        "change a project's status",
        "bangfu.projects.services.project_status_change",
        (
            admin_add(
                "projects/projectstatuschange",
                lambda w: {
                    "project": _project(w).pk,
                    "to_status": "立项",
                    "date": timezone.localdate().isoformat(),
                    "reason": "",
                },
            ),
        ),
    ),
    Action(
        "record a fund flow",
        "bangfu.projects.services.fund_flow_record",
        (
            admin_add(
                "projects/fundflow",
                lambda w: {
                    "programme": w.programme.pk,
                    "project": "",
                    "kind": "下达",
                    "source": "帮扶方财政",
                    "category": "产业",
                    "year": "2017",
                    "date": "",
                    "amount": "1000",
                    "reference": "",
                    "notes": "",
                },
            ),
        ),
    ),
    Action(
        "import a programme workbook",
        "bangfu.programme.importing.programme_import",
        (programme_import_command,),
    ),
    Action(
        "record a training course",
        "bangfu.markets.services.training_course_add",
        (markets_page("course", COURSE),),
    ),
    Action("enrol a trainee", "bangfu.markets.services.trainee_add", (markets_page("trainee", TRAINEE),)),
    Action(
        "record a placement", "bangfu.markets.services.placement_add", (markets_page("placement", PLACEMENT),)
    ),
    Action("record a sale", "bangfu.markets.services.sale_add", (markets_page("sale", SALE),)),
    Action(
        "record a training course (admin)",
        "bangfu.markets.services.training_course_create",
        (
            admin_add(
                "markets/trainingcourse",
                lambda w: {
                    "code": "T7",
                    "name": "厨师班",
                    "brand": "粤菜师傅",
                    "division": w.village.division.pk,
                    "start_date": "2018-03-01",
                    "end_date": "",
                    "skill": "",
                    "provider": "",
                    "place": "",
                    "funding": "",
                    "funding_source": "",
                },
            ),
        ),
    ),
    Action(
        "enrol a trainee (admin)",
        "bangfu.markets.services.trainee_enrol",
        (
            admin_add(
                "markets/trainee",
                lambda w: {
                    "course": _course(w).pk,
                    "member": _head(w).pk,
                    "completed": "",
                    "certificate_number": "",
                },
            ),
        ),
    ),
    Action(
        "record a job fair",
        "bangfu.markets.services.job_fair_record",
        (
            admin_add(
                "markets/jobfair",
                lambda w: {
                    "name": "春风行动",
                    "brand": "南粤春暖",
                    "date": "2019-02-12",
                    "division": w.village.division.pk,
                    "place": "",
                    "employers": "2",
                    "posts": "30",
                    "attendance": "50",
                },
            ),
        ),
    ),
    Action(
        "record a placement (admin)",
        "bangfu.markets.services.placement_record",
        (
            admin_add(
                "markets/placement",
                lambda w: {
                    "member": _head(w).pk,
                    "employer": "深圳某酒楼",
                    "destination": "深圳",
                    "job_kind": "市场就业",
                    "start_date": "2018-05-01",
                    "end_date": "",
                    "monthly_wage": "",
                },
            ),
        ),
    ),
    Action(
        "pay an employment subsidy",
        "bangfu.markets.services.subsidy_pay",
        (
            admin_add(
                "markets/subsidy",
                lambda w: {"member": _head(w).pk, "kind": "交通补贴", "amount": "500", "date": "2018-06-01"},
            ),
        ),
    ),
    Action(
        "register a producer",
        "bangfu.markets.services.producer_create",
        (
            admin_add(
                "markets/producer",
                lambda w: {"code": "PR9", "name": "茶叶合作社", "kind": "合作社", "village": w.village.pk},
            ),
        ),
    ),
    Action(
        "certify a product",
        "bangfu.markets.services.product_certify",
        (
            admin_add(
                "markets/product",
                lambda w: {
                    "producer": _producer(w).pk,
                    "name": "绿茶",
                    "category": "茶叶",
                    "certificate_number": "GD-9",
                    "certified_date": "2019-01-01",
                    "valid_until": "",
                },
            ),
        ),
    ),
    Action(
        "record a sale (admin)",
        "bangfu.markets.services.sale_record",
        (
            admin_add(
                "markets/sale",
                lambda w: {
                    "product": _product(w).pk,
                    "channel": "网店",
                    "buyer_type": "个人",
                    "amount": "10",
                    "date": "2020-01-01",
                    "buyer": "",
                },
            ),
        ),
    ),
    Action(
        "link a household to a producer",
        "bangfu.markets.services.benefit_link_add",
        (
            admin_add(
                "markets/benefitlink",
                lambda w: {
                    "household": w.household.pk,
                    "producer": _producer(w).pk,
                    "mechanism": "务工",
                    "start_year": "2019",
                },
            ),
        ),
    ),
    Action(
        "import department alerts",
        "bangfu.monitoring.alerts.services.alerts_import",
        (alerts_upload_page, alerts_import_command),
    ),
    Action("verify an alert into a case", "bangfu.monitoring.services.alert_verify", (alert_verify_page,)),
    Action("close an alert", "bangfu.monitoring.services.alert_close", (alert_close_page,)),
    Action("start a case from a lead", "bangfu.monitoring.procedure.lead_to_case", (lead_start_page,)),
    Action("close a lead", "bangfu.monitoring.procedure.lead_close", (lead_close_page,)),
    Action("record a case's household visit", "bangfu.monitoring.procedure.case_visit", (case_visit_page,)),
    Action(
        "create an API token",
        "bangfu.api.services.api_token_create",
        (token_page_create, token_command_create),
    ),
    Action(
        "revoke an API token",
        "bangfu.api.services.api_token_revoke_by",
        (token_page_revoke, token_admin_revoke, token_command_revoke),
    ),
)


# ------------------------------------------------------------------------------------------------ the check
def _service(path: str):
    module, name = path.rsplit(".", 1)
    return getattr(import_module(module), name)


def _holders(function) -> list[tuple[object, str]]:
    """Every (module, attribute) of Bangfu's loaded modules that holds this very function object."""
    return [
        (module, name)
        for module_name, module in list(sys.modules.items())
        if module_name.startswith("bangfu") and module is not None
        for name, value in list(vars(module).items())
        if value is function
    ]


DOORS = [
    pytest.param(action, door, id=f"{action.name}: {door.__name__}")
    for action in ACTIONS
    for door in action.doors
]


@functools.cache
def _load_every_module() -> None:
    """Import all of Bangfu's modules (pages, commands, admin), so that each one holding the service is patched:
    a module first imported while patched would keep the spy after the test."""
    for found in pkgutil.walk_packages(bangfu.__path__, "bangfu."):
        if found.name not in NOT_LOADED:
            import_module(found.name)


#: Modules with no door in them whose import has effects (a WSGI application) or needs the Spark extra.
NOT_LOADED = {"bangfu.config.wsgi", "bangfu.spark_job", "bangfu.engine.spark"}


@pytest.mark.parametrize(("action", "door"), DOORS)
def test_the_door_calls_the_actions_service(action: Action, door, world: World):
    _load_every_module()
    service = _service(action.service)
    spy = mock.Mock(wraps=service)
    with contextlib.ExitStack() as patches:
        for module, name in _holders(service):
            patches.enter_context(mock.patch.object(module, name, spy))
        door(world)
    assert spy.called, f"{door.__name__} did not call {action.service}"


def test_every_service_in_the_table_exists_once():
    assert len({action.service for action in ACTIONS}) == len(ACTIONS)
    for action in ACTIONS:
        assert callable(_service(action.service)), action.service
