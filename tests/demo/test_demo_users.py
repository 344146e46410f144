"""`bangfu demo` creates the demo accounts: admin, two county officers and a village cadre."""

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
    assert [v.division.name for v in scopes["haifeng"].filter(villages, village="")] == ["新山村", "东山村"]
    assert [v.division.name for v in scopes["luhe"].filter(villages, village="")] == ["坡平村"]
    assert [v.division.name for v in scopes["cadre"].filter(villages, village="")] == ["新山村"]
    assert scopes["haifeng"].may_view_personal_data and not scopes["cadre"].may_view_personal_data


def test_a_second_run_keeps_the_passwords_in_use(register, monkeypatch):
    monkeypatch.delenv("BANGFU_DEMO_PASSWORD", raising=False)
    password = demo_users_ensure()
    assert demo_users_ensure() is None
    assert authenticate(username="cadre", password=password) is not None
