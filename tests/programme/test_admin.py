"""The admin's pairing and posting pages save through the services: an overlap the services refuse is refused
on the admin's add and change forms with the service's message, and nothing is written."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from bangfu.accounts.models import Role
from bangfu.core.errors import ApplicationError
from bangfu.programme import services
from bangfu.programme.models import CadreAssignment, Pairing, Programme
from bangfu.projects import services as project_services
from bangfu.projects.models import FundFlow, Project
from tests import factories
from tests.programme import records

OTHER = "441521101202"


@pytest.fixture
def superuser_client(client, db):
    user = factories.account("boss", Role.ADMINISTRATOR)
    assert user.is_superuser
    client.force_login(user)
    return client


def _service_message(call) -> str:
    """The message the service gives for ``call`` (in Chinese, the admin's language here)."""
    with translation.override("zh-hans"):
        try:
            call()
        except ApplicationError as error:
            return error.message
    raise AssertionError("the service accepted the record")


def _pairing_data(programme, unit, village, start, end=""):
    return {"programme": programme.pk, "unit": unit.pk, "village": village.pk, "start_date": start,
            "end_date": end}  # fmt: skip


def test_the_admin_cannot_add_an_overlapping_pairing(superuser_client, programme, unit, village):
    services.pairing_create(programme=programme, unit=unit, village=village, start_date=date(2016, 1, 1))
    expected = _service_message(
        lambda: services.pairing_check(
            pairing=Pairing(programme=programme, unit=unit, village=village, start_date=date(2018, 1, 1))
        )
    )
    response = superuser_client.post(
        "/admin/programme/pairing/add/", _pairing_data(programme, unit, village, "2018-01-01")
    )
    assert response.status_code == 200  # the form again, with the service's refusal
    assert expected in response.content.decode()
    assert Pairing.objects.count() == 1


def test_the_admin_cannot_change_a_pairing_into_an_overlap(superuser_client, programme, unit, village):
    first = services.pairing_create(
        programme=programme,
        unit=unit,
        village=village,
        start_date=date(2013, 1, 1),
        end_date=date(2015, 12, 31),
    )
    services.pairing_create(programme=programme, unit=unit, village=village, start_date=date(2016, 1, 1))
    response = superuser_client.post(
        f"/admin/programme/pairing/{first.pk}/change/",
        _pairing_data(programme, unit, village, "2013-01-01", "2016-06-30"),
    )
    assert response.status_code == 200
    assert "结对期间不能重叠" in response.content.decode()  # the service's refusal, in Chinese
    first.refresh_from_db()
    assert first.end_date == date(2015, 12, 31)


def test_the_admin_adds_a_pairing_that_does_not_overlap(superuser_client, programme, unit, village):
    services.pairing_create(
        programme=programme,
        unit=unit,
        village=village,
        start_date=date(2013, 1, 1),
        end_date=date(2015, 12, 31),
    )
    response = superuser_client.post(
        "/admin/programme/pairing/add/", _pairing_data(programme, unit, village, "2016-01-01")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = Pairing.objects.get(start_date=date(2016, 1, 1))
    assert added.history.get().history_user.username == "boss"  # the history names the admin's user


def test_the_admin_cannot_add_an_overlapping_posting(superuser_client, programme, unit, village):
    first, second = records.cadre(unit, "甲"), records.cadre(unit, "乙")
    services.cadre_assignment_create(
        cadre=first,
        role="第一书记",
        unit=unit,
        programme=programme,
        start_date=date(2016, 4, 1),
        village=village,
    )
    expected = _service_message(
        lambda: services.cadre_assignment_check(
            assignment=CadreAssignment(
                cadre=second,
                role="第一书记",
                unit=unit,
                programme=programme,
                start_date=date(2017, 1, 1),
                village=village,
            )
        )
    )
    response = superuser_client.post(
        "/admin/programme/cadreassignment/add/",
        {"cadre": second.pk, "role": "第一书记", "unit": unit.pk, "programme": programme.pk,
         "start_date": "2017-01-01", "end_date": "", "village": village.pk, "household": "", "division": ""},
    )  # fmt: skip
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert CadreAssignment.objects.count() == 1


def test_the_admin_ending_a_posting_saves_through_the_service(superuser_client, programme, unit, village):
    cadre = records.cadre(unit, "甲")
    posting = services.cadre_assignment_create(
        cadre=cadre,
        role="第一书记",
        unit=unit,
        programme=programme,
        start_date=date(2016, 4, 1),
        village=village,
    )
    response = superuser_client.post(
        f"/admin/programme/cadreassignment/{posting.pk}/change/",
        {"cadre": cadre.pk, "role": "第一书记", "unit": unit.pk, "programme": programme.pk,
         "start_date": "2016-04-01", "end_date": "2018-03-31", "village": village.pk, "household": "",
         "division": ""},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    posting.refresh_from_db()
    assert posting.end_date == date(2018, 3, 31)


def test_a_project_added_in_the_admin_has_its_first_status_logged(superuser_client, programme, village):
    url = "/admin/projects/project/add/"
    page = superuser_client.get(url).content.decode()
    inlines = {name: "0" for name in re.findall(r'name="([\w-]+-(?:TOTAL|INITIAL)_FORMS)"', page)}
    data = {"programme": programme.pk, "code": "P9", "name": "茶园", "category": "产业", "budget": "100000",
            "start_year": "2016", "village": village.pk, "division": "", "population_served": "0", "end_year": ""}  # fmt: skip
    response = superuser_client.post(url, data | inlines)
    assert response.status_code == 302, response.content.decode()[:2000]
    project = Project.objects.get(code="P9")
    assert list(project.status_changes.values_list("to_status", "user__username")) == [("储备", "boss")]


def test_the_admin_shows_a_services_refusal_on_adding_and_writes_nothing(superuser_client, programme):
    response = superuser_client.post(
        "/admin/programme/programme/add/",
        {"name": "又一个", "donor_city": "深圳", "recipient_city": "汕尾",
         "recipient_division": programme.recipient_division.pk, "start_year": "2020", "end_year": "2013"},
    )  # fmt: skip
    assert response.status_code == 200
    expected = _service_message(
        lambda: services.programme_create(
            name="又一个",
            donor_city="深圳",
            recipient_city="汕尾",
            recipient_division=programme.recipient_division,
            start_year=2020,
            end_year=2013,
        )
    )
    assert expected in response.content.decode()
    assert Programme.objects.count() == 1


def test_the_admin_refuses_a_disbursement_beyond_the_allocation_and_cannot_change_a_flow(
    superuser_client, programme
):
    data = {"programme": programme.pk, "project": "", "kind": "拨付", "source": "帮扶方财政", "category": "产业",
            "year": "2017", "date": "", "amount": "1000", "reference": "", "notes": ""}  # fmt: skip
    response = superuser_client.post("/admin/projects/fundflow/add/", data)
    assert response.status_code == 200
    expected = _service_message(
        lambda: project_services.fund_flow_record(
            programme=programme,
            kind="拨付",
            source="帮扶方财政",
            category="产业",
            year=2017,
            amount=Decimal("1000"),
        )
    )
    assert expected in response.content.decode()
    assert not FundFlow.objects.exists()
    response = superuser_client.post("/admin/projects/fundflow/add/", data | {"kind": "下达"})
    assert response.status_code == 302, response.content.decode()[:2000]
    flow = FundFlow.objects.get()
    changed = superuser_client.post(f"/admin/projects/fundflow/{flow.pk}/change/", data | {"amount": "1"})
    assert changed.status_code == 403
