"""`bangfu demo` creates the demo accounts: admin, two county officers and a village cadre."""

import re

import pytest
from django.contrib.auth import get_user_model

from bangfu.accounts.scope import scope_for
from bangfu.demo.services import DEMO_USERS, demo_users_ensure
from bangfu.registry.models import Village
from tests import factories


def authenticate(*, username: str, password: str):
    """The user when the password is right (checked directly: the sign-in backend needs a request)."""
    user = get_user_model().objects.get(username=username)
    return user if user.check_password(password) else None


@pytest.fixture
def register(divisions):
    factories.village("441521101201", name="新山村", is_demonstration=True)
    factories.village("441521101202", name="东山村")
    factories.village("441523101201", name="坡平村", is_demonstration=True)


def test_demo_users_share_the_password_from_the_environment(register, monkeypatch):
    monkeypatch.setenv("BANGFU_DEMO_PASSWORD", "demo-pass-2020")
    assert demo_users_ensure() == "demo-pass-2020"
    for username in DEMO_USERS:
        assert authenticate(username=username, password="demo-pass-2020") is not None, username


def test_demo_users_get_their_roles_and_areas(register, monkeypatch):
    monkeypatch.delenv("BANGFU_DEMO_PASSWORD", raising=False)
    password = demo_users_ensure()
    assert password  # generated and printed the first time
    scopes = {name: scope_for(authenticate(username=name, password=password)) for name in DEMO_USERS}
    villages = Village.objects.all()
    assert scopes["admin"].everything
    assert [v.division.name for v in villages.in_area(scopes["haifeng"].area)] == ["新山村", "东山村"]
    assert [v.division.name for v in villages.in_area(scopes["luhe"].area)] == ["坡平村"]
    assert [v.division.name for v in villages.in_area(scopes["cadre"].area)] == ["新山村"]
    assert scopes["haifeng"].may_view_personal_data and not scopes["cadre"].may_view_personal_data


def test_a_second_run_keeps_the_passwords_in_use(register, monkeypatch):
    monkeypatch.delenv("BANGFU_DEMO_PASSWORD", raising=False)
    password = demo_users_ensure()
    assert demo_users_ensure() is None
    assert authenticate(username="cadre", password=password) is not None


def test_the_demo_cadre_is_the_village_first_secretary_and_visits_name_them(register, client, monkeypatch):
    from datetime import date

    from bangfu.programme import services as programme
    from bangfu.regions.models import Division

    village = Village.objects.get(division__code="441521101201")
    factories.household(village, "4415211012010001")
    unit = programme.assisting_unit_create(name="福田区", kind="区")
    shenzhen_shanwei = programme.programme_create(
        name="深圳对口帮扶汕尾",
        donor_city="深圳",
        recipient_city="汕尾",
        recipient_division=Division.objects.get(code="441500000000"),
        start_year=2013,
    )
    for name, start in (("张三", date(2016, 1, 1)), ("李四", date(2019, 1, 1))):
        cadre = programme.cadre_create(name=name, unit=unit)
        programme.cadre_assignment_create(
            cadre=cadre,
            role="第一书记",
            unit=unit,
            programme=shenzhen_shanwei,
            start_date=start,
            end_date=date(2018, 12, 31) if name == "张三" else None,
            village=village,
        )
    monkeypatch.setenv("BANGFU_DEMO_PASSWORD", "demo-pass-2020")
    demo_users_ensure()
    user = get_user_model().objects.get(username="cadre")
    assert user.profile.cadre.name == "李四"
    client.force_login(user)
    # the household page folds the visit form; opening it fetches the form from its own route
    page = client.get("/programme/households/4415211012010001/record/?form=visit").content.decode()
    chosen = re.findall(r"<option[^>]*selected[^>]*>([^<（]+)", page)
    assert "李四" in chosen
