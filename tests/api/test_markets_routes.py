"""/api/markets/: each list and the summary as each role, scoped like the pages; no ID numbers."""

import pytest

from tests.markets.walk import markets_records

PRODUCERS = {
    "admin": ["P-dongfeng", "P-luhe", "P-xinshan"],
    "officer": ["P-dongfeng", "P-xinshan"],
    "unit": ["P-xinshan"],  # 福田区's pairing
    "cadre": ["P-xinshan"],
    "nobody": [],
}
LISTS = (
    "courses",
    "trainees",
    "job-fairs",
    "placements",
    "subsidies",
    "producers",
    "products",
    "sales",
    "benefits",
)


@pytest.fixture
def records(register):
    markets_records(register)
    return register


@pytest.mark.parametrize("role", sorted(PRODUCERS))
def test_every_list_follows_the_scope(client, records, role):
    client.force_login(records.users[role])
    counts = {}
    for slug in LISTS:
        response = client.get(f"/api/markets/{slug}/")
        assert response.status_code == 200
        body = response.json()
        counts[slug] = body["count"]
        for item in body["items"]:
            assert "id_number" not in item
    assert counts == dict.fromkeys(LISTS, len(PRODUCERS[role]))
    producers = client.get("/api/markets/producers/").json()["items"]
    assert sorted(item["code"] for item in producers) == PRODUCERS[role]
    summary = client.get("/api/markets/summary/").json()
    assert summary["products"] == len(PRODUCERS[role])


def test_a_sale_in_detail(client, records):
    client.force_login(records.users["cadre"])
    (sale,) = client.get("/api/markets/sales/").json()["items"]
    assert sale == {
        "certificate_number": "C-xinshan", "product_name": "新山村茶", "channel": "消费扶贫馆", "buyer_type": "个人",
        "buyer": "新山村买家", "amount": "800.00", "date": "2019-06-01",
    }  # fmt: skip
