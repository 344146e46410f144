"""Signing in and out, Argon2 password hashes, login throttling, and each role's scope."""

import pytest
from django.contrib.auth import get_user_model

from bangfu.accounts.models import Role
from bangfu.accounts.scope import scope_for
from bangfu.config import settings as production_settings
from bangfu.registry.models import Household, Village
from tests import factories


@pytest.fixture
def two_counties(divisions):
    haifeng = factories.village("441521101201", name="新山村")
    factories.household(haifeng, "4415211012010001")
    luhe = factories.village("441523101201", name="坡平村")
    factories.household(luhe, "4415231012010001")
    return haifeng, luhe


def test_pages_need_signing_in_but_health_does_not(client, db):
    assert client.get("/").status_code == 302
    assert client.get("/").url.startswith("/login/")
    assert client.get("/health/").status_code == 200
    assert client.get("/login/").status_code == 200


def test_sign_in_and_out(client, two_counties):
    factories.account("haifeng", Role.OFFICER, divisions=["441521000000"])
    response = client.post("/login/", {"username": "haifeng", "password": "pw-Bangfu-2020"})
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_passwords_are_hashed_with_argon2(two_counties, settings):
    """As users run it: the tests themselves hash with a fast hasher (tests/hashers.py)."""
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    user = factories.account("luhe", Role.OFFICER, divisions=["441523000000"])
    assert get_user_model().objects.get(pk=user.pk).password.startswith("argon2")


def test_a_test_hash_is_upgraded_to_argon2_at_sign_in(client, two_counties, settings):
    """A hash made by the tests' fast hasher is verified by the production hashers and replaced by Argon2."""
    user = factories.account("haifeng", Role.OFFICER, divisions=["441521000000"])
    assert user.password.startswith("pbkdf2_sha256$1$")
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    assert client.post("/login/", {"username": "haifeng", "password": "pw-Bangfu-2020"}).status_code == 302
    assert get_user_model().objects.get(pk=user.pk).password.startswith("argon2")


def test_five_wrong_passwords_lock_the_account_out_even_with_the_right_one(client, two_counties):
    factories.account("haifeng", Role.OFFICER, divisions=["441521000000"])
    for _ in range(4):
        assert client.post("/login/", {"username": "haifeng", "password": "wrong"}).status_code == 200
    assert client.post("/login/", {"username": "haifeng", "password": "wrong"}).status_code == 429
    response = client.post("/login/", {"username": "haifeng", "password": "pw-Bangfu-2020"})
    assert response.status_code == 429
    assert "登录已锁定" in response.content.decode()


def test_wrong_password_is_told_in_chinese(client, two_counties):
    factories.account("haifeng", Role.OFFICER, divisions=["441521000000"])
    response = client.post("/login/", {"username": "haifeng", "password": "wrong"})
    assert "请输入一个正确的" in response.content.decode()


def test_each_role_sees_its_own_villages(two_counties):
    haifeng, luhe = two_counties
    officer = factories.account("haifeng", Role.OFFICER, divisions=["441521000000"])
    inspector = factories.account("inspector", Role.INSPECTOR, divisions=["441523000000"])
    cadre = factories.account("cadre", Role.CADRE, villages=["441523101201"])
    nobody = get_user_model().objects.create_user("nobody", password="x")
    admin = factories.account("boss", Role.ADMINISTRATOR)
    villages = Village.objects.all()
    assert list(villages.in_area(scope_for(officer).area)) == [haifeng]
    assert list(villages.in_area(scope_for(inspector).area)) == [luhe]
    assert list(villages.in_area(scope_for(cadre).area)) == [luhe]
    assert list(villages.in_area(scope_for(nobody).area)) == []
    assert Household.objects.in_area(scope_for(admin).area).count() == 2
    assert [h.code for h in Household.objects.in_area(scope_for(officer).area)] == ["4415211012010001"]
    assert not scope_for(inspector).may_change_register and scope_for(officer).may_change_register


def test_an_assisting_unit_sees_its_divisions_until_it_has_pairings_then_only_paired_villages(two_counties):
    from datetime import date

    from bangfu.programme import services as programme
    from bangfu.regions.models import Division

    haifeng, luhe = two_counties
    unit = programme.assisting_unit_create(name="福田区", kind="区")
    user = factories.account("futian", Role.UNIT, divisions=["441521000000"], unit=unit)
    assert list(Village.objects.in_area(scope_for(user).area)) == [haifeng]
    shenzhen_shanwei = programme.programme_create(
        name="深圳对口帮扶汕尾",
        donor_city="深圳",
        recipient_city="汕尾",
        recipient_division=Division.objects.get(code="441500000000"),
        start_year=2013,
    )
    programme.pairing_create(programme=shenzhen_shanwei, unit=unit, village=luhe, start_date=date(2016, 1, 1))
    user = get_user_model().objects.get(pk=user.pk)  # a new request reads the scope afresh
    assert list(Village.objects.in_area(scope_for(user).area)) == [luhe]
    area = scope_for(user).area  # the paired villages by id (the ORM) and by code (the compiler)
    assert area.village_ids == {luhe.pk} and area.village_codes == {"441523101201"} and not area.prefixes
