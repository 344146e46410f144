"""Runs and results are browsable (read-only) in the admin; ID numbers are masked wherever we print them."""

import pytest

from bangfu.assessment.services import assessment_run, quality_check_run
from bangfu.core.personal_data import mask_id_number


@pytest.mark.parametrize(
    ("id_number", "masked"),
    [
        ("44152119700501123X", "441521********123X"),
        ("441521197005011", "441521*****5011"),
        ("12345", "*****"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id_number(id_number, masked):
    assert mask_id_number(id_number) == masked


def test_every_assessment_model_has_a_read_only_admin_page(admin_client, register, fakes):
    run = assessment_run(standard_id="fake-exit", year=2020)
    assessment_run(standard_id="fake-exit", year=2020, level="village")
    quality_check_run(standard_id="fake-quality")
    for model in ("assessmentrun", "householdresult", "villageresult", "qualityfinding"):
        response = admin_client.get(f"/admin/assessment/{model}/")
        assert response.status_code == 200, model
        assert f"/admin/assessment/{model}/add/" not in response.content.decode(), model  # no adding by hand
    page = admin_client.get(f"/admin/assessment/assessmentrun/{run.pk}/change/").content.decode()
    assert "fake-exit" in page and "ffffffff" in page
    findings = admin_client.get("/admin/assessment/qualityfinding/").content.decode()
    assert register["both_schemes"].id_number not in findings
