"""Path and query parameters out of range (≥ 2⁶³, or far too many digits) answer 404 or 422 — JSON for the
API — never a 500. Before the fix, SQLite raised ``OverflowError`` for such numbers: an HTML error page."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

HUGE = [str(2**63), str(2**64 + 1), "9" * 40]


@pytest.fixture
def admin_client(register):
    client = Client(raise_request_exception=False)
    client.force_login(register.users["admin"])
    return client


@pytest.mark.parametrize("number", HUGE)
def test_api_paths_and_queries(admin_client, number):
    for url in (
        f"/api/assessments/runs/{number}/households/",
        f"/api/quality/findings/?run={number}",
        f"/api/programme/projects/?programme={number}",
        f"/api/households/?page={number}",
    ):
        response = admin_client.get(url)
        assert response.status_code in (404, 422), (url, response.status_code)
        assert response["Content-Type"].startswith("application/json"), url
    assert admin_client.get("/api/assessments/runs/0/households/").status_code in (404, 422)


@pytest.mark.parametrize("number", HUGE)
def test_web_paths_and_queries(admin_client, register, number):
    code = register.households["xinshan"].code
    for url in (
        f"/assessments/{number}/",
        f"/assessments/jobs/{number}/",
        f"/register/upload/{number}/",
        f"/register/upload/{number}/report.xlsx",
        f"/quality/?run={number}",
    ):
        assert admin_client.get(url).status_code == 404, url
    assert admin_client.post(f"/households/{code}/unmask/{number}/").status_code == 404
    response = admin_client.post(
        f"/programme/households/{code}/visits/new/", {"date": "2019-05-01", "cadre": number, "notes": "x"}
    )
    assert response.status_code == 400  # the form's error: not a valid choice
