"""Each route as each role: only the scope's records, ID numbers and phones masked, pages, 404 outside."""

import json

import pytest

from bangfu.core.personal_data import mask_id_number, mask_phone
from bangfu.registry.models import Member
from tests.api.register import PHONE


def get(client, register, role, url, **params):
    client.force_login(register.users[role])
    response = client.get(url, params)
    assert response.status_code == 200, (role, url, response.content[:300])
    return response.json()


def names(items, key):
    return sorted(item[key] for item in items)


VILLAGES = {
    "admin": ["东风村", "坡平村", "新山村"],
    "officer": ["东风村", "新山村"],
    "inspector": ["东风村", "新山村"],
    "unit": ["新山村"],
    "cadre": ["新山村"],
    "nobody": [],
}


@pytest.mark.parametrize("role", VILLAGES)
def test_villages_and_households_of_each_role(client, register, role):
    villages = get(client, register, role, "/api/villages/")
    assert names(villages["items"], "name") == VILLAGES[role]
    households = get(client, register, role, "/api/households/")
    assert sorted({h["village_name"] for h in households["items"]}) == VILLAGES[role]
    assert households["count"] == len(households["items"])


@pytest.mark.parametrize("role", VILLAGES)
def test_nothing_hidden_appears_in_any_list(client, register, role):
    hidden = register.hidden_markers(role)
    for url in (
        "/api/villages/",
        "/api/households/",
        "/api/assessments/runs/",
        f"/api/assessments/runs/{register.runs['all'].pk}/households/",
        "/api/quality/findings/",
        "/api/programme/projects/",
        "/api/figures/",
    ):
        client.force_login(register.users[role])
        text = json.dumps(client.get(url).json(), ensure_ascii=False)  # the JSON escapes Chinese
        assert not [marker for marker in hidden if marker in text], (role, url)


def test_details_outside_the_scope_are_404(client, register):
    client.force_login(register.users["officer"])
    assert client.get("/api/villages/441523101201/").status_code == 404
    assert client.get("/api/households/4415231012010001/").status_code == 404
    assert client.get("/api/villages/441521101202/").status_code == 200
    client.force_login(register.users["cadre"])
    assert client.get("/api/villages/441521101202/").status_code == 404
    assert client.get("/api/households/4415211012020001/").status_code == 404
    assert client.get("/api/households/4415211012010001/").status_code == 200
    assert client.get("/api/villages/nonsense/").status_code == 404


def test_a_village_in_detail(client, register):
    village = get(client, register, "officer", "/api/villages/441521101201/")
    assert village["name"] == "新山村" and village["county_code"] == "441521000000"
    assert village["households"] == 2 and village["registered_households"] == 2
    assert village["not_exited_households"] == 1
    assert village["incidence"] and village["incidence"][-1]["population"] == 1000


def test_a_household_in_detail_with_ids_and_phones_masked_even_for_the_permitted(client, register):
    household = register.households["xinshan"]
    plain = list(Member.objects.filter(household=household).values_list("id_number", flat=True))
    for role in ("admin", "officer", "cadre"):  # the administrator may unmask on the page, not here
        client.force_login(register.users[role])
        response = client.get(f"/api/households/{household.code}/")
        text = response.content.decode()
        assert response.status_code == 200
        assert not [number for number in plain if number in text]
        assert PHONE not in text
        data = response.json()
        assert data["phone"] == mask_phone(PHONE)
        assert sorted(m["id_number"] for m in data["people"]) == sorted(mask_id_number(n) for n in plain)
        assert data["head_id_number"] == mask_id_number(household.head_id_number)
        assert data["head_name"] == "海新生" and data["members"] == 3
        assert data["incomes"][0]["per_capita"] == "10000.00"
        assert {v["standard"] for v in data["verdicts"]} == {"gd-2016"}
        assert all(v["criteria"] for v in data["verdicts"])


def test_household_lists_mask_too_and_filter(client, register):
    data = get(client, register, "admin", "/api/households/", search=PHONE[-4:])
    assert PHONE not in json.dumps(data, ensure_ascii=False)
    data = get(client, register, "admin", "/api/households/", status="exited")
    assert names(data["items"], "code") == ["4415211012010002", "4415231012010002"]
    data = get(client, register, "officer", "/api/households/", village="441521101202")
    assert names(data["items"], "code") == ["4415211012020001"]
    data = get(client, register, "officer", "/api/households/", village="441523101201")
    assert data == {"items": [], "count": 0}  # a village outside the scope: nothing, not an error
    data = get(client, register, "officer", "/api/households/", search="陆河生")
    assert data["count"] == 0
    client.force_login(register.users["officer"])
    assert client.get("/api/households/", {"status": "lost"}).status_code == 422


def test_pages(client, register):
    first = get(client, register, "admin", "/api/households/", page_size=2)
    second = get(client, register, "admin", "/api/households/", page_size=2, page=2)
    last = get(client, register, "admin", "/api/households/", page_size=2, page=3)
    assert first["count"] == second["count"] == last["count"] == 5
    assert [len(p["items"]) for p in (first, second, last)] == [2, 2, 1]
    codes = [h["code"] for p in (first, second, last) for h in p["items"]]
    assert codes == sorted(codes) and len(set(codes)) == 5
    assert get(client, register, "admin", "/api/households/", page=9)["items"] == []
    assert client.get("/api/households/", {"page_size": 501}).status_code == 422
    assert client.get("/api/households/", {"page": 0}).status_code == 422


def test_runs_visible_and_counted_within_the_scope(client, register):
    runs = register.runs
    data = get(client, register, "officer", "/api/assessments/runs/")
    ids = {run["id"] for run in data["items"]}
    assert ids == {runs["all"].pk, runs["haifeng"].pk, runs["quality_haifeng"].pk}
    whole = next(run for run in data["items"] if run["id"] == runs["all"].pk)
    assert whole["counts"] == {"pass": 3}  # the whole register's run, counted within 海丰县
    quality = get(client, register, "officer", "/api/assessments/runs/", quality="true")
    assert [run["id"] for run in quality["items"]] == [runs["quality_haifeng"].pk]
    assert get(client, register, "nobody", "/api/assessments/runs/")["count"] == 0


def test_a_runs_household_verdicts(client, register):
    runs = register.runs
    data = get(client, register, "cadre", f"/api/assessments/runs/{runs['all'].pk}/households/")
    assert names(data["items"], "household_code") == ["4415211012010001", "4415211012010002"]
    assert data["items"][0]["result"] == "pass" and data["items"][0]["failed_criteria"] == []
    client.force_login(register.users["officer"])
    for run in ("luhe", "luhe_village", "quality_haifeng"):  # outside the area, or not household verdicts
        assert client.get(f"/api/assessments/runs/{runs[run].pk}/households/").status_code == 404
    assert client.get("/api/assessments/runs/999999/households/").status_code == 404


def test_quality_findings(client, register):
    data = get(client, register, "officer", "/api/quality/findings/")
    assert data["count"] == 6
    assert {f["run_id"] for f in data["items"]} == {register.runs["quality_haifeng"].pk}
    client.force_login(register.users["officer"])
    other = register.runs["quality_luhe"].pk
    assert client.get("/api/quality/findings/", {"run": other}).status_code == 404
    data = get(client, register, "cadre", "/api/quality/findings/", check="head_missing")
    assert names(data["items"], "household_code") == ["4415211012010001", "4415211012010002"]
    assert get(client, register, "nobody", "/api/quality/findings/") == {"items": [], "count": 0}


PROJECTS = {
    "admin": ["HF-P001", "HF-P002", "HF-P003", "LH-P001", "LH-P002"],
    "officer": ["HF-P001", "HF-P002", "HF-P003"],
    "inspector": ["HF-P001", "HF-P002", "HF-P003"],
    "unit": ["HF-P001"],
    "cadre": ["HF-P001"],
    "nobody": [],
}


@pytest.mark.parametrize("role", PROJECTS)
def test_projects_of_each_role(client, register, role):
    data = get(client, register, role, "/api/programme/projects/")
    assert names(data["items"], "code") == PROJECTS[role]
    for project in data["items"]:
        assert (project["allocated"], project["disbursed"], project["spent"]) == (
            "50000.00",
            "40000.00",
            "30000.00",
        )


FIGURES = {  # (villages, poor villages, registered households, exited households)
    "admin": (3, 2, 5, 2),
    "officer": (2, 1, 3, 1),
    "unit": (1, 1, 2, 1),
    "cadre": (1, 1, 2, 1),
}


@pytest.mark.parametrize("role", FIGURES)
def test_key_figures_of_each_scope(client, register, role):
    latest = get(client, register, role, "/api/figures/")["latest"]
    got = (
        latest["villages"],
        latest["poor_villages"],
        latest["households_registered"],
        latest["households_exited"],
    )
    assert got == FIGURES[role]


def test_nobody_has_no_figures(client, register):
    assert get(client, register, "nobody", "/api/figures/")["years"] == []
