"""The upload page's downloads: the empty template and the register in the import layout, by area and masked."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from bangfu.accounts.models import Role
from bangfu.core.models import PersonalDataAccess
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(divisions):
    haifeng = factories.village("441521101201", name="新山村")
    lufeng = factories.village("441581101201", name="陆丰村")
    factories.household(haifeng, "4415211012010001")
    factories.household(lufeng, "4415811012010001")
    return {
        "admin": factories.account("boss", Role.ADMINISTRATOR),
        "haifeng": factories.account("haifeng", Role.OFFICER, divisions=["441521000000"], personal_data=True),
        "plain": factories.account("plain", Role.OFFICER, divisions=["441521000000"]),
        "cadre": factories.account("cadre", Role.CADRE, villages=["441521101201"]),
    }


def cells(response) -> list[list]:
    body = b"".join(response.streaming_content)
    book = load_workbook(io.BytesIO(body), read_only=True)
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets
    }


def test_the_upload_page_offers_the_template_and_the_officers_area(client, register):
    client.force_login(register["haifeng"])
    page = client.get("/register/upload/").content.decode()
    assert 'href="/register/upload/template.xlsx"' in page
    assert 'href="/register/upload/export.xlsx?area=441521000000"' in page and "海丰县" in page
    assert "441581000000" not in page and '?area="' not in page  # not the whole register


def test_the_template_is_the_empty_workbook(client, register):
    client.force_login(register["plain"])
    response = client.get("/register/upload/template.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheets = cells(response)
    assert next(iter(sheets)) == "说明" and {"村", "户", "成员", "收入"} <= set(sheets)
    assert len(sheets["户"]) == 1  # the header row only


def test_an_officer_exports_their_area_masked(client, register):
    client.force_login(register["haifeng"])
    response = client.get("/register/upload/export.xlsx", {"area": "441521000000"})
    assert response.status_code == 200
    households = cells(response)["户"]
    codes = [row[0] for row in households[1:]]
    assert codes == ["4415211012010001"]
    assert all("********" in str(value) for value in (households[1][households[0].index("户主证件号码")],))
    assert not PersonalDataAccess.objects.exists()
    assert client.get("/register/upload/export.xlsx", {"area": "441581000000"}).status_code == 404
    assert client.get("/register/upload/export.xlsx", {"area": ""}).status_code == 404


def test_unmasked_only_with_the_permission_and_logged(client, register):
    client.force_login(register["plain"])
    assert (
        client.get("/register/upload/export.xlsx", {"area": "441521000000", "unmask": "1"}).status_code == 403
    )
    client.force_login(register["haifeng"])
    response = client.get("/register/upload/export.xlsx", {"area": "441521000000", "unmask": "1"})
    households = cells(response)["户"]
    assert "********" not in str(households[1][households[0].index("户主证件号码")])
    assert PersonalDataAccess.objects.filter(user=register["haifeng"], purpose="export").count() == 1


def test_administrators_export_everything_others_may_not(client, register):
    client.force_login(register["admin"])
    codes = [row[0] for row in cells(client.get("/register/upload/export.xlsx"))["户"][1:]]
    assert codes == ["4415211012010001", "4415811012010001"]
    client.force_login(register["cadre"])
    assert client.get("/register/upload/export.xlsx").status_code == 403
    assert client.get("/register/upload/template.xlsx").status_code == 403
