"""One cadre, one first-secretary posting at a time (第一书记 is a full-time post in one village): refused with
a clear message by the service, the programme workbook import and the admin."""

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import translation

from bangfu.accounts.models import Role
from bangfu.core.errors import ApplicationError
from bangfu.programme import services
from bangfu.programme.models import CadreAssignment
from bangfu.programme_projects.importing import programme_import
from tests import factories
from tests.programme import records
from tests.programme.test_import import FILLED, fill

OTHER = "441521101202"


def _post(programme, cadre, village, start, end=None):
    return services.cadre_assignment_create(
        cadre=cadre, role="第一书记", unit=cadre.unit, programme=programme, start_date=start, end_date=end,
        village=village,
    )  # fmt: skip


def test_a_cadre_cannot_be_first_secretary_of_two_villages_at_once(programme, unit, village):
    other = factories.village(OTHER, name="东湖村")
    cadre = records.cadre(unit, "甲")
    _post(programme, cadre, village, date(2016, 4, 1), date(2018, 3, 31))
    with translation.override("zh-hans"), pytest.raises(ApplicationError) as refused:
        _post(programme, cadre, other, date(2018, 1, 1))
    assert "一次只能在一个村任第一书记" in refused.value.message, refused.value.message
    assert CadreAssignment.objects.count() == 1


def test_consecutive_first_secretary_postings_of_one_cadre_are_accepted(programme, unit, village):
    other = factories.village(OTHER, name="东湖村")
    cadre = records.cadre(unit, "甲")
    _post(programme, cadre, village, date(2016, 4, 1), date(2018, 3, 31))
    _post(programme, cadre, other, date(2018, 4, 1))
    assert CadreAssignment.objects.count() == 2


def test_ending_a_posting_later_cannot_make_it_overlap_the_next(programme, unit, village):
    other = factories.village(OTHER, name="东湖村")
    cadre = records.cadre(unit, "甲")
    first = _post(programme, cadre, village, date(2016, 4, 1), date(2018, 3, 31))
    _post(programme, cadre, other, date(2018, 4, 1))
    first.end_date = date(2019, 1, 1)  # ending it later, as the admin's page does
    with pytest.raises(ApplicationError):
        services.cadre_assignment_save(assignment=first)


@pytest.fixture
def register(divisions):
    village = factories.village()
    factories.village(OTHER, name="东湖村")
    factories.household(village, "4415211012010001")
    return village


def test_the_programme_workbook_refuses_a_second_simultaneous_posting(register, tmp_path):
    call_command("programme-template", out=tmp_path / "模板.xlsx")
    sheets = dict(FILLED)
    sheets["干部派驻"] = [
        *FILLED["干部派驻"],
        {"干部编号": "C1", "岗位": "第一书记", "帮扶单位": "福田区", "开始日期": "2017-01-01",
         "村行政区划代码": OTHER},
    ]  # fmt: skip
    path = fill(tmp_path / "模板.xlsx", tmp_path / "填好.xlsx", sheets)
    result = programme_import(path=path, actor=None, lang="zh")
    assert not result.ok
    issues = [i for i in result.issues if i.sheet == "干部派驻"]
    assert [i.row for i in issues] == [2, 4], result.issues  # each of the two overlapping rows, located
    assert all(i.column == "干部编号" and "另一个村的第一书记" in i.message for i in issues)
    assert not CadreAssignment.objects.exists()


def test_the_admin_refuses_an_overlapping_first_secretary_posting(client, programme, unit, village):
    other = factories.village(OTHER, name="东湖村")
    cadre = records.cadre(unit, "甲")
    _post(programme, cadre, village, date(2016, 4, 1))
    client.force_login(factories.account("boss", Role.ADMINISTRATOR))
    response = client.post(
        "/admin/programme/cadreassignment/add/",
        {"cadre": cadre.pk, "role": "第一书记", "unit": unit.pk, "programme": programme.pk,
         "start_date": "2019-01-01", "end_date": "", "village": other.pk, "household": "", "division": ""},
    )  # fmt: skip
    assert response.status_code == 200  # the form again, with the error
    assert "一次只能在一个村任第一书记" in response.content.decode()
    assert CadreAssignment.objects.count() == 1
    page = client.get(f"/admin/programme/cadre/{cadre.pk}/change/").content.decode()
    assert 'name="assignments-0-start_date"' not in page  # the inline lists postings, read-only
