"""Unmasking one record (permission, scope, the log row) and the access log page (administrators only)."""

import pytest

from bangfu.core.models import PersonalDataAccess
from bangfu.registry.models import Member
from tests.web.test_households import build_register, build_users, signed_in


@pytest.fixture
def register(divisions):
    return build_register()


@pytest.fixture
def users(register):
    return build_users()


PHONE = "/households/4415211012010001/unmask/phone/"


def member_url(household_code: str, member) -> str:
    return f"/households/{household_code}/unmask/{member.pk}/"


def test_a_permitted_user_sees_the_plain_id_number_and_the_disclosure_is_logged(client, users, register):
    member = Member.objects.filter(household=register["poor"]).first()
    response = signed_in(client, users["admin"]).post(member_url("4415211012010001", member))
    assert response.status_code == 200
    assert member.id_number in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    (entry,) = PersonalDataAccess.objects.all()
    assert (entry.username, entry.purpose, entry.scope, entry.records) == ("boss", "view", "441521101201", 1)
    assert "4415211012010001" in entry.detail and f"#{member.pk}" in entry.detail


def test_the_phone_is_unmasked_and_logged(client, users):
    response = signed_in(client, users["admin"]).post(PHONE)
    assert "13800135678" in response.content.decode() and 'id="pd-phone"' in response.content.decode()
    assert PersonalDataAccess.objects.get().detail.endswith("联系电话")


@pytest.mark.parametrize("who", ["haifeng", "cadre", "inspector", "nobody"])
def test_without_the_permission_unmasking_is_forbidden_and_nothing_is_logged(client, users, who):
    assert signed_in(client, users[who]).post(PHONE).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_a_permitted_officer_cannot_unmask_outside_the_scope(client, users, register):
    member = Member.objects.filter(household=register["poor"]).first()
    client = signed_in(client, users["luhe"])  # permitted, but 陆河县 only
    assert client.post(PHONE).status_code == 404
    assert client.post(member_url("4415211012010001", member)).status_code == 404
    assert client.post("/households/4415231012010001/unmask/phone/").status_code == 404  # no phone
    assert not PersonalDataAccess.objects.exists()


def test_a_member_of_another_household_cannot_be_unmasked_through_this_one(client, users, register):
    other = Member.objects.filter(household__code="4415231012010001").first()
    client = signed_in(client, users["admin"])
    assert client.post(member_url("4415211012010001", other)).status_code == 404
    assert client.post("/households/4415211012010001/unmask/abc/").status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_unmasking_needs_post(client, users):
    assert signed_in(client, users["admin"]).get(PHONE).status_code == 405


def test_the_unmask_buttons_show_only_for_permitted_users(client, users):
    permitted = signed_in(client, users["admin"]).get("/households/4415211012010001/").content.decode()
    assert permitted.count('hx-post="/households/4415211012010001/unmask/') == 4  # phone + 3 members
    client.logout()
    plain = signed_in(client, users["haifeng"]).get("/households/4415211012010001/").content.decode()
    assert "unmask/" not in plain and "138****5678" in plain


@pytest.mark.parametrize(
    ("who", "status"), [("admin", 200), ("haifeng", 403), ("luhe", 403), ("cadre", 403), ("nobody", 403)]
)
def test_only_administrators_read_the_access_log(client, users, who, status):
    assert signed_in(client, users[who]).get("/access-log/").status_code == status


def test_the_access_log_lists_disclosures_and_filters_by_user(client, users):
    signed_in(client, users["admin"]).post(PHONE)
    client.logout()
    signed_in(client, users["luhe"]).post(
        "/households/4415231012010001/unmask/"
        + str(Member.objects.filter(household__code="4415231012010001").first().pk)
        + "/"
    )
    client.logout()
    client = signed_in(client, users["admin"])
    response = client.get("/access-log/")
    assert [entry.username for entry, _ in response.context["rows"]] == ["luhe", "boss"]
    page = response.content.decode()
    assert "页面查看" in page and "联系电话" in page
    assert [entry.username for entry, _ in client.get("/access-log/?user=luhe").context["rows"]] == ["luhe"]


def test_the_menu_shows_the_log_to_administrators_only(client, users):
    assert 'href="/access-log/"' in signed_in(client, users["admin"]).get("/villages/").content.decode()
    client.logout()
    page = signed_in(client, users["haifeng"]).get("/villages/").content.decode()
    assert 'href="/access-log/"' not in page and 'href="/households/"' in page
