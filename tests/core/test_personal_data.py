"""Personal data: masked by default, unmasked only with core.view_personal_data, every disclosure logged."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.utils import translation

from bangfu.core.errors import ApplicationError
from bangfu.core.models import PersonalDataAccess
from bangfu.core.personal_data import (
    PERMISSION,
    mask_id_number,
    mask_phone,
    personal_data_access_check,
    personal_data_access_log,
    personal_data_permitted,
)


@pytest.mark.parametrize(
    ("id_number", "masked"),
    [
        ("441521197005162798", "441521********2798"),
        ("44152119700516279X", "441521********279X"),
        ("441521700516279", "441521*****6279"),  # a legacy 15-digit number keeps the same ends
        ("12345", "*****"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id_number(id_number, masked):
    assert mask_id_number(id_number) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),  # mobile: first 3, last 4
        ("19912345678", "199****5678"),
        ("0660-3312345", "066*-*****45"),  # landline: first 3 and last 2 digits, separators kept
        ("06603312345", "066******45"),  # 11 digits, but not a mobile number
        ("(0660) 331 2345", "(066*) *** **45"),
        ("3312345", "331**45"),
        ("12345", "*****"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


def test_the_permission_exists_with_its_label(db):
    permission = Permission.objects.get(codename="view_personal_data")
    assert f"{permission.content_type.app_label}.{permission.codename}" == PERMISSION
    assert permission.name == "Can view unmasked ID numbers and phones"


def test_only_active_users_with_the_permission_may_see_unmasked_data(db, django_user_model):
    clerk = django_user_model.objects.create_user("clerk")
    officer = django_user_model.objects.create_user("officer")
    officer.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
    officer = django_user_model.objects.get(pk=officer.pk)
    admin = django_user_model.objects.create_superuser("admin")
    assert personal_data_permitted(officer) and personal_data_permitted(admin)
    assert not personal_data_permitted(clerk) and not personal_data_permitted(None)
    personal_data_access_check(officer)
    with pytest.raises(ApplicationError, match=r"用户 clerk 没有.*权限") as refused:
        personal_data_access_check(clerk)
    assert refused.value.extra == {"user": "clerk", "permission": PERMISSION}
    with pytest.raises(ApplicationError, match="请指明用户"):
        personal_data_access_check(None)
    admin.is_active = False
    assert not personal_data_permitted(admin)


def test_a_disclosure_is_logged_with_who_what_how_many_and_where(db, django_user_model):
    officer = django_user_model.objects.create_user("officer")
    entry = personal_data_access_log(
        user=officer, purpose="export", scope="441521", records=1234, detail="xlsx: /tmp/海丰.xlsx"
    )
    entry.refresh_from_db()
    assert (entry.user, entry.username, entry.purpose, entry.scope, entry.records, entry.detail) == (
        officer,
        "officer",
        "export",
        "441521",
        1234,
        "xlsx: /tmp/海丰.xlsx",
    )
    assert entry.accessed_at is not None
    officer.delete()
    entry.refresh_from_db()
    assert entry.user is None and entry.username == "officer"  # the log outlives the account


def test_the_log_is_read_only_in_the_admin(admin_client, admin_user):
    entry = personal_data_access_log(
        user=admin_user, purpose="export", scope="", records=3, detail="csv: /tmp/x"
    )
    listing = admin_client.get("/admin/core/personaldataaccess/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "csv: /tmp/x" in page and "/admin/core/personaldataaccess/add/" not in page
    change_url = f"/admin/core/personaldataaccess/{entry.pk}/change/"
    assert admin_client.get(change_url).status_code == 200  # viewable
    admin_client.post(change_url, {"records": 0, "detail": "changed"})
    entry.refresh_from_db()
    assert (entry.records, entry.detail) == (3, "csv: /tmp/x")
    assert (
        admin_client.post(f"/admin/core/personaldataaccess/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert PersonalDataAccess.objects.count() == 1


def test_the_log_is_hidden_from_staff_without_the_view_permission(client, django_user_model):
    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/core/personaldataaccess/").status_code == 403


def test_the_model_labels_are_translatable(db):
    with translation.override("en"):
        assert str(PersonalDataAccess._meta.verbose_name) == "personal data access"
