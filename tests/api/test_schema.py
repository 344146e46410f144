"""The OpenAPI schema and the docs page: generated, in Chinese, served from our own static files."""

import re

from django.contrib.staticfiles import finders

from bangfu.accounts.models import Role
from tests import factories

PATHS = {
    "/api/villages/",
    "/api/villages/{division_code}/",
    "/api/households/",
    "/api/households/{code}/",
    "/api/assessments/runs/",
    "/api/assessments/runs/{run_id}/households/",
    "/api/quality/findings/",
    "/api/programme/projects/",
    "/api/figures/",
    "/api/monitoring/cases/",
    "/api/monitoring/cases/{pk}/",
    "/api/monitoring/alerts/",
    *(
        f"/api/markets/{name}/"
        for name in ("courses", "trainees", "job-fairs", "placements", "subsidies", "producers", "products",
                     "sales", "benefits", "summary")
    ),
}  # fmt: skip


def test_the_schema_is_openapi_3_with_every_route_described_in_chinese(client, db):
    client.force_login(factories.account("boss", Role.ADMINISTRATOR))
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == PATHS
    assert all(list(operations) == ["get"] for operations in schema["paths"].values())  # read-only
    households = schema["components"]["schemas"]["HouseholdOut"]["properties"]
    assert households["head_id_number"]["description"].startswith("户主证件号码（已遮蔽）")
    page = schema["paths"]["/api/households/"]["get"]["parameters"]
    assert {"page", "page_size", "village", "status", "attribute", "search"} <= {p["name"] for p in page}
    schemes = schema["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} == {"http", "apiKey"}
    for operations in schema["paths"].values():
        assert operations["get"]["security"], "every route needs a session or a token"


def test_the_docs_page_loads_nothing_from_outside(client, db):
    client.force_login(factories.account("boss", Role.ADMINISTRATOR))
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert len(assets) >= 4
    for asset in assets:
        assert asset.startswith("/static/ninja/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
    assert '"validatorUrl": null' in html  # no call to swagger.io's online validator
