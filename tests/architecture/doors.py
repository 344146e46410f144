"""The doors of the actions in ``table.py``, each driven as a user would: the Django test client (pages, the
admin) or ``call_command``; ``world`` is what they need."""

from __future__ import annotations

import contextlib
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

from bangfu.accounts.models import Role
from bangfu.api.models import ApiToken
from bangfu.api.services import api_token_create
from bangfu.markets import services as markets_services
from bangfu.programme import services as programme_services
from bangfu.programme.models import CadreAssignment
from bangfu.projects import services as project_services
from bangfu.regions.models import Level
from bangfu.regions.services import division_get_or_create
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


def a_village_division(w: World):
    """A village-level division of the world's town that is not yet a registered village."""
    town = w.village.division.parent
    return division_get_or_create(code="441521101209", name="新村", level=Level.VILLAGE, parent=town)


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
