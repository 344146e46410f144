"""The front page, the health endpoint and the admin answer, in Chinese by default."""

import pytest

from tests import factories


@pytest.fixture
def register(divisions):
    village = factories.village()
    factories.household(village, "4415211012010001", members=3)


def test_front_page_shows_register_counts_in_chinese(admin_client, register):
    response = admin_client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "对口帮扶管理平台" in text and "贫困村" in text
    assert '<div class="value">3</div>' in text


def test_front_page_in_english_on_request(admin_client, register):
    response = admin_client.get("/", headers={"accept-language": "en"})
    assert "Bangfu: counterpart assistance" in response.content.decode()


def test_health_reports_the_database(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_admin_lists_households_in_chinese_without_id_numbers(admin_client, register):
    response = admin_client.get("/admin/registry/household/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "贫困户属性" in text and "4415211012010001" in text
    page = admin_client.get(f"/admin/registry/household/{_household_pk()}/change/").content.decode()
    assert "户主证件号码" not in page and "劳动技能" in page


def _household_pk():
    from bangfu.registry.models import Household

    return Household.objects.get().pk


def test_every_register_model_has_an_admin_page(admin_client, register):
    for model in ("village", "villageyearstat", "household", "livingconditions", "member", "incomerecord"):
        assert admin_client.get(f"/admin/registry/{model}/").status_code == 200, model
    assert admin_client.get("/admin/regions/division/").status_code == 200
