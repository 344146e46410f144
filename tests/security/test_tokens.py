"""API tokens expire, are stored hashed, and are listed and revoked by their owner or an administrator."""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from bangfu.accounts.models import Role
from bangfu.api.models import ApiToken
from bangfu.api.services import api_token_create, api_token_revoke_by, api_tokens_visible
from bangfu.core.errors import ApplicationError
from tests import factories


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def users(divisions):
    factories.village("441521101201", name="新山村")
    return {
        "haifeng": factories.account("haifeng", Role.OFFICER, divisions=["441521000000"]),
        "luhe": factories.account("luhe", Role.OFFICER, divisions=["441523000000"]),
        "boss": factories.account("boss", Role.ADMINISTRATOR),
    }


def test_a_token_expires_after_the_configured_days(client, users, settings):
    settings.API_TOKEN_DAYS = 90
    new = api_token_create(username="haifeng")
    lifetime = new.record.expires_at - new.record.created_at
    assert datetime.timedelta(days=90) - lifetime < datetime.timedelta(seconds=5)
    assert client.get("/api/villages/", **bearer(new.token)).status_code == 200
    ApiToken.objects.filter(pk=new.record.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get("/api/villages/", **bearer(new.token))
    assert response.status_code == 401 and response.json() == {"detail": "Unauthorized"}


def test_the_lifetime_follows_the_setting_and_may_be_chosen_within_a_year(users, settings):
    settings.API_TOKEN_DAYS = 7
    record = api_token_create(username="haifeng").record
    assert (record.expires_at - record.created_at).days in (6, 7)
    record = api_token_create(username="haifeng", days=30).record
    assert (record.expires_at - record.created_at).days in (29, 30)
    for days in (0, -1, 367):
        with pytest.raises(ApplicationError):
            api_token_create(username="haifeng", days=days)


def test_tokens_are_stored_as_their_sha256_only(users):
    new = api_token_create(username="haifeng")
    assert ApiToken.objects.get().key_hash == hashlib.sha256(new.token.encode()).hexdigest()
    assert all(new.token not in str(value) for value in ApiToken.objects.values_list().get())


def test_the_owner_sees_and_revokes_their_own_tokens_only(client, users):
    mine = api_token_create(username="haifeng")
    theirs = api_token_create(username="luhe")
    assert list(api_tokens_visible(user=users["haifeng"])) == [mine.record]
    with pytest.raises(ApplicationError):
        api_token_revoke_by(user=users["haifeng"], token_id=theirs.record.pk)
    api_token_revoke_by(user=users["haifeng"], token_id=mine.record.pk)
    assert client.get("/api/villages/", **bearer(mine.token)).status_code == 401
    assert client.get("/api/villages/", **bearer(theirs.token)).status_code == 200


def test_an_administrator_sees_and_revokes_everyones(client, users):
    theirs = api_token_create(username="luhe")
    assert theirs.record in api_tokens_visible(user=users["boss"])
    api_token_revoke_by(user=users["boss"], token_id=theirs.record.pk)
    assert client.get("/api/villages/", **bearer(theirs.token)).status_code == 401


def test_the_tokens_page_makes_lists_and_revokes(client, users):
    script = Client()  # the API also accepts the page's session: call it as a script would, token only
    client.force_login(users["haifeng"])
    made = client.post("/account/tokens/new/", {"name": "月报", "days": "30"})
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    token = made.context["new_token"]
    assert script.get("/api/villages/", **bearer(token)).status_code == 200
    page = client.get("/account/tokens/").content.decode()
    assert token[:8] in page and token not in page and "月报" in page  # shown once, then only its prefix
    record = ApiToken.objects.get()
    assert client.post(f"/account/tokens/{record.pk}/revoke/").status_code == 302
    assert script.get("/api/villages/", **bearer(token)).status_code == 401
    assert "已吊销" in client.get("/account/tokens/").content.decode()


def test_the_tokens_page_does_not_show_or_revoke_another_users_tokens(client, users):
    theirs = api_token_create(username="luhe")
    client.force_login(users["haifeng"])
    assert theirs.token[:8] not in client.get("/account/tokens/").content.decode()
    assert client.post(f"/account/tokens/{theirs.record.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None
    client.force_login(users["boss"])
    assert theirs.token[:8] in client.get("/account/tokens/").content.decode()


def test_the_tokens_page_refuses_a_bad_lifetime(client, users):
    client.force_login(users["haifeng"])
    assert client.post("/account/tokens/new/", {"days": "400"}).status_code == 400
    assert client.post("/account/tokens/new/", {"days": "many"}).status_code == 400
    assert not ApiToken.objects.exists()


def test_the_command_lists_expiry_and_state_and_takes_days(users):
    out, err = io.StringIO(), io.StringIO()
    call_command("api-token", "haifeng", days=10, stdout=out, stderr=err)
    token = out.getvalue().strip()
    assert "到期" in err.getvalue()
    expired = api_token_create(username="haifeng", name="旧")
    ApiToken.objects.filter(pk=expired.record.pk).update(expires_at=timezone.now())
    listing = io.StringIO()
    call_command("api-token", "haifeng", list=True, stdout=listing)
    lines = listing.getvalue().splitlines()
    assert any(token[:8] in line and "有效 active" in line for line in lines)
    assert any(expired.token[:8] in line and "已过期 expired" in line for line in lines)
    with pytest.raises(CommandError):
        call_command("api-token", "haifeng", days=0, stdout=io.StringIO(), stderr=io.StringIO())
