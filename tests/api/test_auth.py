"""Signing in to the API: the browser session or a token; nothing else (401). Tokens are stored hashed."""

import hashlib
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from bangfu.accounts.models import Role
from bangfu.api.models import ApiToken
from bangfu.api.services import api_token_create
from tests import factories

ROUTES = [
    "/api/villages/",
    "/api/villages/441521101201/",
    "/api/households/",
    "/api/households/4415211012010001/",
    "/api/assessments/runs/",
    "/api/assessments/runs/1/households/",
    "/api/quality/findings/",
    "/api/programme/projects/",
    "/api/figures/",
    "/api/openapi.json",
    "/api/docs",
]


@pytest.fixture
def officer(divisions):
    factories.village("441521101201", name="新山村")
    return factories.account("haifeng", Role.OFFICER, divisions=["441521000000"])


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.mark.parametrize("url", ROUTES)
def test_every_route_answers_401_without_a_session_or_token(client, officer, url):
    response = client.get(url)
    assert response.status_code == 401  # not a redirect to the sign-in page: scripts read the status
    assert response.json() == {"detail": "Unauthorized"}


@pytest.mark.parametrize("url", ROUTES)
def test_a_wrong_token_is_401(client, officer, url):
    assert client.get(url, **bearer("not-a-token")).status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION="Basic aGFpZmVuZzpwdw==").status_code == 401


def test_the_browser_session_signs_in(client, officer):
    client.force_login(officer)
    response = client.get("/api/villages/")
    assert response.status_code == 200
    assert [v["name"] for v in response.json()["items"]] == ["新山村"]


def test_a_token_signs_in_as_its_user(client, officer):
    new = api_token_create(username="haifeng", name="月报")
    response = client.get("/api/villages/", **bearer(new.token))
    assert response.status_code == 200
    assert response.json()["count"] == 1
    record = ApiToken.objects.get()
    assert record.last_used_at is not None and record.name == "月报"


def test_only_the_tokens_hash_is_stored(officer):
    new = api_token_create(username="haifeng")
    record = ApiToken.objects.get()
    assert record.key_hash == hashlib.sha256(new.token.encode()).hexdigest()
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert all(new.token not in value for value in stored)
    assert record.prefix == new.token[:8] and len(new.token) >= 40


def test_revoked_tokens_and_inactive_users_are_401(client, officer):
    revoked = api_token_create(username="haifeng")
    kept = api_token_create(username="haifeng")
    out = io.StringIO()
    call_command("api-token", "haifeng", revoke=revoked.token[:8], stdout=out)
    assert "1" in out.getvalue()
    assert client.get("/api/villages/", **bearer(revoked.token)).status_code == 401
    assert client.get("/api/villages/", **bearer(kept.token)).status_code == 200
    get_user_model().objects.filter(username="haifeng").update(is_active=False)
    assert client.get("/api/villages/", **bearer(kept.token)).status_code == 401


def test_the_command_prints_the_token_once_and_it_works(client, officer):
    out, err = io.StringIO(), io.StringIO()
    call_command("api-token", "haifeng", name="脚本", stdout=out, stderr=err)
    token = out.getvalue().strip()
    assert "只显示这一次" in err.getvalue()
    assert client.get("/api/figures/", **bearer(token)).status_code == 200
    listing = io.StringIO()
    call_command("api-token", "haifeng", list=True, stdout=listing)
    assert token[:8] in listing.getvalue() and token not in listing.getvalue()


def test_the_command_refuses_an_unknown_user(officer):
    with pytest.raises(CommandError):
        call_command("api-token", "nobody-here", stdout=io.StringIO(), stderr=io.StringIO())


def test_a_user_without_a_profile_signs_in_and_sees_nothing(client, officer):
    get_user_model().objects.create_user("nobody", password="pw-Bangfu-2020")
    new = api_token_create(username="nobody")
    response = client.get("/api/villages/", **bearer(new.token))
    assert response.status_code == 200 and response.json() == {"items": [], "count": 0}
