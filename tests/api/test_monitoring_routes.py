"""/api/monitoring/: cases (list, filters, detail with timeline) and alerts, scoped like the pages; no ID numbers."""

import pytest

from bangfu.monitoring.models import AlertImport, CaseStep, DepartmentAlert, MonitoringCase

PARTS = ("xinshan", "dongfeng", "luhe")
SEEN = {
    "admin": {"xinshan", "dongfeng", "luhe"},
    "officer": {"xinshan", "dongfeng"},
    "cadre": {"xinshan"},
    "nobody": set(),
}


@pytest.fixture
def records(register):
    record = AlertImport.objects.create(file_name="医保.csv", sha256="0" * 64)
    for n, part in enumerate(PARTS):
        household = register.households[part]
        case = MonitoringCase.objects.create(household=household, category="边缘易致贫户", risk_types=["因病", "因学"][: n + 1],
                                             channel="基层干部排查", discovered_on="2024-01-02")  # fmt: skip
        CaseStep.objects.create(case=case, step="入户核实", action="立案", username="cadre", on="2024-01-02")
        head = household.members.get(relation="户主")
        DepartmentAlert.objects.create(department="医保", event="住院自付", id_number=head.id_number, name=head.name,
                                       occurred_on="2024-01-02", amount=30000, member=head, household=household,
                                       raised=True, status="待核实", import_record=record)  # fmt: skip
    return register


@pytest.mark.parametrize("role", sorted(SEEN))
def test_cases_and_alerts_follow_the_scope(client, records, role):
    client.force_login(records.users[role])
    codes = {records.households[part].code: part for part in PARTS}
    cases = client.get("/api/monitoring/cases/").json()["items"]
    assert {codes[c["household_code"]] for c in cases} == SEEN[role]
    alerts = client.get("/api/monitoring/alerts/").json()["items"]
    assert {codes[a["household_code"]] for a in alerts} == SEEN[role]
    assert all("id_number" not in a and "name" not in a for a in alerts)
    for case in MonitoringCase.objects.all():
        part = codes[case.household.code]
        status = client.get(f"/api/monitoring/cases/{case.pk}/").status_code
        assert status == (200 if part in SEEN[role] else 404)


def test_case_detail_and_filters(client, records):
    client.force_login(records.users["admin"])
    assert client.get("/api/monitoring/cases/?risk=因学").json()["count"] == 2
    assert client.get("/api/monitoring/cases/?step=帮扶").json()["count"] == 0
    assert (
        client.get("/api/monitoring/cases/?overdue=true").json()["count"] == 3
    )  # discovered in January 2024
    case = MonitoringCase.objects.order_by("id").first()
    body = client.get(f"/api/monitoring/cases/{case.pk}/").json()
    assert body["code"] == case.code and body["overdue"] == ["识别超期"]
    assert body["steps"] == [
        {"on": "2024-01-02", "step": "入户核实", "action": "立案", "username": "cadre", "note": ""}
    ]
    assert body["measures"] == []
