"""Unmasked exports: only for users with core.view_personal_data, and every one is logged."""

from __future__ import annotations

import pytest

from bangfu.core.errors import ApplicationError
from bangfu.core.models import PersonalDataAccess
from bangfu.registry.exporting import register_export
from bangfu.registry.models import Household, Member
from tests.registry.exporting.conftest import read_folder


@pytest.mark.parametrize("who", ["nobody", "clerk", "inactive officer"])
def test_unmask_is_refused_without_the_permission(loaded, clerk, officer, tmp_path, who):
    user = {"nobody": None, "clerk": clerk, "inactive officer": officer}[who]
    if who == "inactive officer":
        officer.is_active = False
        officer.save()
    with pytest.raises(ApplicationError, match="权限") as refused:
        register_export(path=tmp_path / "档案.xlsx", unmask=True, user=user)
    assert "证件号码" in str(refused.value)
    assert list(tmp_path.iterdir()) == []
    assert not PersonalDataAccess.objects.exists()


def test_an_unmasked_export_has_the_full_numbers_and_is_logged(loaded, officer, tmp_path):
    summary = register_export(
        path=tmp_path / "海丰.zip", fmt="csv", scope="441521", unmask=True, user=officer
    )
    assert not summary.masked
    entry = PersonalDataAccess.objects.get()
    assert (entry.user, entry.username, entry.purpose, entry.scope) == (
        officer,
        "officer",
        "export",
        "441521",
    )
    assert entry.records == summary.households + summary.members
    assert (
        summary.households == Household.objects.filter(village__division__code__startswith="441521").count()
    )
    assert "海丰.zip" in entry.detail and entry.detail.startswith("csv")
    register_export(path=tmp_path / "folder", fmt="csv", scope="441521", unmask=True, user=officer)
    members = read_folder(tmp_path / "folder")["成员"][1:]
    assert {row[2] for row in members} == set(
        Member.objects.filter(household__village__division__code__startswith="441521").values_list(
            "id_number", flat=True
        )
    )
    assert PersonalDataAccess.objects.count() == 2


def test_a_superuser_may_unmask(loaded, django_user_model, tmp_path):
    admin = django_user_model.objects.create_superuser("admin", password="x")
    register_export(path=tmp_path / "档案.xlsx", unmask=True, user=admin)
    assert PersonalDataAccess.objects.get().username == "admin"


def test_a_failed_unmasked_export_is_not_logged(loaded, officer, tmp_path):
    def interrupt(sheet: str, done: int, total: int) -> None:
        if sheet == "收入":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        register_export(path=tmp_path / "档案.xlsx", unmask=True, user=officer, progress=interrupt)
    assert not PersonalDataAccess.objects.exists()
    assert list(tmp_path.iterdir()) == []
