"""The monitoring pages: the case list (filters, figures), the case page (timeline, elimination check, step
forms by role), refusals shown without writing, leads into cases, and the Excel export."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from bangfu.monitoring import elimination
from bangfu.monitoring.models import CaseStep, Lead, MonitoringCase
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(divisions):
    village = factories.village()
    far = factories.village("441581100201", name="东村")
    return {
        "household": factories.household(village, "H001", exit_year=2019),
        "far_household": factories.household(far, "H900"),
        "cadre": factories.account("cadre", "cadre", villages=["441521101201"]),
        "town": factories.account("town", "officer", divisions=["441521101000"]),
        "county": factories.account("county", "officer", divisions=["441521000000"]),
        "inspector": factories.account("inspector", "inspector", divisions=["441521000000"]),
        "far_cadre": factories.account("far", "cadre", villages=["441581100201"]),
    }


def new_case(household, *, proposer, step="入户核实", discovered=None, **kw) -> MonitoringCase:
    day = discovered or timezone.localdate()
    return MonitoringCase.objects.create(household=household, category=kw.pop("category", "脱贫不稳定户"),
                                         risk_types=kw.pop("risk_types", ["因病"]), channel="基层干部排查",
                                         discovered_on=day, step=step, proposed_by=proposer, **kw)  # fmt: skip


def step(client, case, action, **data):
    return client.post(f"/monitoring/cases/{case.pk}/step/", {"action": action, **data})


def test_list_filters_figures_and_scope(client, people):
    old = timezone.localdate() - timedelta(days=60)
    overdue = new_case(
        people["household"], proposer=people["cadre"], discovered=old, risk_types=["因学", "因病"]
    )
    new_case(people["far_household"], proposer=people["far_cadre"], category="边缘易致贫户")
    client.force_login(people["cadre"])
    response = client.get("/monitoring/")
    assert response.status_code == 200
    assert [c.pk for c in response.context["page"]] == [overdue.pk]  # the far village's case is not listed
    figures = response.context["figures"]
    assert (figures.total, figures.overdue, figures.by_category["脱贫不稳定户"]) == (1, 1, 1)
    assert "H900" not in response.content.decode()
    assert client.get("/monitoring/?risk=因学&overdue=1").context["page"].paginator.count == 1
    assert client.get("/monitoring/?risk=因残").context["page"].paginator.count == 0
    assert client.get("/monitoring/?step=帮扶").context["page"].paginator.count == 0
    assert client.get("/monitoring/?area=441581100201").context["page"].paginator.count == 0
    assert client.get(f"/monitoring/cases/{overdue.pk}/").context["flags"] == ["识别超期"]


def test_forms_by_role_and_maker_checker(client, people):
    case = new_case(people["household"], proposer=people["town"], step="乡镇审核")
    shown = {}
    for who in ("cadre", "town", "county", "inspector"):
        client.force_login(people[who])
        shown[who] = [a.name for a in client.get(f"/monitoring/cases/{case.pk}/").context["actions"]]
    # the town officer proposed the case: he may not review it; a cadre never reviews; the inspector only reads
    assert shown == {"cadre": [], "town": [], "county": ["township-review"], "inspector": []}
    client.force_login(people["inspector"])
    assert step(client, case, "township-review", decision="approve").status_code == 403
    client.force_login(people["far_cadre"])
    assert client.get(f"/monitoring/cases/{case.pk}/").status_code == 404
    assert step(client, case, "township-review", decision="approve").status_code == 404
    client.force_login(people["town"])  # posting anyway: the service refuses, in Chinese, nothing written
    response = step(client, case, "township-review", decision="approve")
    assert response.status_code == 400 and re.search("propos|提出", response.context["error"])
    case.refresh_from_db()
    assert case.step == "乡镇审核" and not case.steps.exists()


def test_refusal_shown_and_nothing_written_htmx(client, people):
    case = new_case(people["household"], proposer=people["cadre"])
    client.force_login(people["cadre"])
    response = client.post(f"/monitoring/cases/{case.pk}/step/",
                           {"action": "visit", "on": timezone.localdate().isoformat()},
                           headers={"HX-Request": "true"})  # fmt: skip
    assert response.status_code == 200 and re.search("authoris|授权", response.content.decode())
    assert 'id="case"' in response.content.decode() and "<html" not in response.content.decode()
    case.refresh_from_db()
    assert case.step == "入户核实" and CaseStep.objects.filter(case=case).count() == 0
    response = step(client, case, "visit", on="2099-13-01", signed="on")
    assert response.status_code == 400


def test_lead_to_elimination_through_the_web(client, people, monkeypatch):
    household = people["household"]
    lead = Lead.objects.create(household=household, channel="农户自主申报", source="农户电话申报",
                               discovered_on=timezone.localdate())  # fmt: skip
    client.force_login(people["cadre"])
    assert lead in client.get("/monitoring/leads/").context["page"]
    response = client.post(
        f"/monitoring/leads/{lead.pk}/start/", {"category": "脱贫不稳定户", "risk": ["因病"]}
    )
    case = MonitoringCase.objects.get(household=household)
    assert response.status_code == 302 and response["Location"] == f"/monitoring/cases/{case.pk}/"
    today = timezone.localdate().isoformat()
    assert step(client, case, "visit", on=today, signed="on").status_code == 302
    assert step(client, case, "village-review", on=today).status_code == 302
    response = step(client, case, "publicity-end", on=today)  # 1 day only
    assert response.status_code == 400 and "5" in response.context["error"]
    MonitoringCase.objects.filter(pk=case.pk).update(publicity_start=timezone.localdate() - timedelta(days=4))
    assert step(client, case, "publicity-end", on=today).status_code == 302
    client.force_login(people["town"])
    assert step(client, case, "township-review", decision="approve").status_code == 302
    client.force_login(people["county"])
    assert step(client, case, "county-approve", decision="approve").status_code == 302
    case.refresh_from_db()
    assert case.step == "帮扶" and case.identified_on == timezone.localdate()
    # seven months on: a completed measure and two good years (lines patched in as in test_procedure)
    identified = timezone.localdate() - timedelta(days=220)
    MonitoringCase.objects.filter(pk=case.pk).update(identified_on=identified)
    client.force_login(people["cadre"])
    start = (identified + timedelta(days=10)).isoformat()
    response = step(
        client, case, "measure", category="就业", description="=公益岗位", status="已完成", on=start
    )
    assert response.status_code == 302
    year = timezone.localdate().year
    factories.income(household, year - 1, wages=30000)
    factories.income(household, year - 2, wages=30000)
    monkeypatch.setattr(elimination, "monitoring_line", lambda y, code: Decimal(6000))
    page = client.get(f"/monitoring/cases/{case.pk}/")
    assert [c.met for c in page.context["criteria"]] == [True] * len(page.context["criteria"])
    assert "eliminate" not in [a.name for a in page.context["actions"]]  # the cadre proposed it
    client.force_login(people["county"])
    assert step(client, case, "eliminate", method="帮扶消除", on=today).status_code == 302
    case.refresh_from_db()
    assert case.step == "风险消除"
    actions = [s.action for s in case.steps.all()]
    assert actions[0] == "立案" and actions[-1] == "帮扶消除" and "帮扶措施" in actions
    # the export: national layout, the measure's formula-like text kept as text
    sheet = load_workbook(BytesIO(client.get("/monitoring/cases/export.xlsx").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == (
        "监测编号",
        "户编号",
        "所在村",
        "户类型",
        "监测对象类别",
        "发现渠道",
        "识别监测时间",
    )
    assert (
        rows[1][0] == case.code
        and rows[1][3] == "脱贫户"
        and rows[1][12] == "是"
        and rows[1][13] == "帮扶消除"
    )
    assert "=公益岗位" in rows[1][16]
    cell = sheet.cell(row=2, column=17)
    assert cell.data_type == "s"
