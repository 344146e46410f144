"""Programme pages: the overview, projects, the village and household sections, and recording visits and
measures — each per role (administrator, 海丰县 officer, assisting unit with pairings, village cadre,
inspector, user without a profile)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from bangfu.accounts.models import Role
from bangfu.core.errors import ApplicationError
from bangfu.programme import services as programme_services
from bangfu.programme.models import HouseholdPlan, Measure, Visit
from bangfu.projects import services as project_services
from bangfu.regions.models import Division
from tests import factories
from tests.programme import records

XINSHAN_HOUSEHOLD = "4415211012010001"  # 海丰县 新山村, paired with 福田区
DONGFENG_HOUSEHOLD = "4415211012020001"  # 海丰县 东风村, not paired
POPING_HOUSEHOLD = "4415231012010001"  # 陆河县 坡平村, paired with 罗湖区
PASSWORD = "pw-Bangfu-2020"


def build_programme() -> dict:
    """Three villages in two counties; a programme with pairings, cadres, projects, funds, a park, grades."""
    xinshan = factories.village("441521101201", name="新山村", is_demonstration=True)
    dongfeng = factories.village("441521101202", name="东风村", poor=False)
    poping = factories.village("441523101201", name="坡平村")
    households = {
        "xinshan": factories.household(xinshan, XINSHAN_HOUSEHOLD),
        "dongfeng": factories.household(
            dongfeng, DONGFENG_HOUSEHOLD, attribute="一般农户", identified_year=None
        ),
        "poping": factories.household(poping, POPING_HOUSEHOLD),
    }
    programme = records.programme()
    futian = records.unit("福田区")
    luohu = records.unit("罗湖区")
    haifeng = Division.objects.get(code="441521000000")
    programme_services.pairing_create(
        programme=programme, unit=futian, village=xinshan, start_date=date(2016, 1, 1)
    )
    programme_services.pairing_create(
        programme=programme, unit=luohu, village=poping, start_date=date(2016, 1, 1)
    )
    li = records.cadre(futian, "李明", phone="13912345678")
    wang = records.cadre(futian, "王芳")
    chen = records.cadre(luohu, "陈强")
    zhao = records.cadre(futian, "赵刚")
    post = {"programme": programme, "start_date": date(2016, 3, 1)}
    programme_services.cadre_assignment_create(
        cadre=li, role="第一书记", unit=futian, village=xinshan, **post
    )
    programme_services.cadre_assignment_create(
        cadre=wang, role="帮扶责任人", unit=futian, household=households["xinshan"], **post
    )
    programme_services.cadre_assignment_create(
        cadre=chen, role="第一书记", unit=luohu, village=poping, **post
    )
    programme_services.cadre_assignment_create(
        cadre=zhao, role="挂职干部", unit=futian, division=haifeng, **post
    )
    tea = records.project(programme, xinshan, "P001", name="茶叶加工厂", status="立项")
    project_services.project_status_change(project=tea, to_status="实施", date=date(2017, 5, 1))
    project_services.project_status_change(
        project=tea, to_status="立项", date=date(2017, 8, 1), reason="用地手续补办"
    )
    school = records.project(programme, poping, "P002", name="坡平小学", category="民生")
    road = project_services.project_create(
        programme=programme,
        code="P003",
        name="海丰县道路硬化",
        category="基础设施",
        budget=Decimal("3000000"),
        start_year=2018,
        division=haifeng,
        status_date=date(2018, 1, 1),
    )
    money = {"programme": programme, "source": "帮扶方财政"}
    project_services.fund_flow_record(kind="下达", year=2017, amount=Decimal("1000000"), project=tea, **money)
    project_services.fund_flow_record(kind="拨付", year=2017, amount=Decimal("600000"), project=tea, **money)
    project_services.fund_flow_record(kind="支出", year=2017, amount=Decimal("400000"), project=tea, **money)
    project_services.fund_flow_record(
        kind="下达", year=2018, amount=Decimal("500000"), project=school, **money
    )
    project_services.fund_flow_record(kind="下达", year=2018, amount=Decimal("300000"), project=road, **money)
    project_services.fund_flow_record(
        kind="下达", year=2018, amount=Decimal("100000"), project=road, programme=programme, source="地方财政"
    )
    project_services.fund_flow_record(
        kind="下达", year=2019, amount=Decimal("2000000"), category="教育", **money
    )
    project_services.project_output_set(project=school, kind="学位", quantity=Decimal(300))
    project_services.project_beneficiary_add(project=tea, household=households["xinshan"], description="分红")
    project_services.project_beneficiary_add(project=tea, household=households["poping"], description="务工")
    park = project_services.industrial_park_create(programme=programme, name="深汕产业园", division=haifeng)
    project_services.investment_project_create(
        park=park,
        name="电子厂",
        investor="某电子公司",
        investor_origin_city="深圳",
        amount=Decimal("2000000000"),
        signed_date=date(2018, 1, 1),
    )
    project_services.investment_project_create(
        park=park,
        name="食品厂",
        investor="某食品公司",
        investor_origin_city="广州",
        amount=Decimal("500000000"),
        signed_date=date(2019, 1, 1),
    )
    programme_services.evaluation_set(programme=programme, year=2016, grade="好", evaluator="广东省")
    programme_services.evaluation_set(programme=programme, year=2017, grade="较好")
    plan = programme_services.household_plan_set(
        household=households["xinshan"], year=2019, summary="发展茶叶"
    )
    programme_services.measure_create(plan=plan, category="产业", description="茶苗补贴")
    return {
        "programme": programme,
        "futian": futian,
        "villages": {"xinshan": xinshan, "dongfeng": dongfeng, "poping": poping},
        "households": households,
        "cadres": {"li": li, "wang": wang, "chen": chen, "zhao": zhao},
        "projects": {"tea": tea, "school": school, "road": road},
    }


@pytest.fixture
def data(divisions):
    return build_programme()


@pytest.fixture
def users(data):
    cadre = factories.account("cadre", Role.CADRE, villages=["441521101201"])
    cadre.profile.cadre = data["cadres"]["li"]  # the account of 李明: records visits in his name only
    cadre.profile.save()
    return {
        "admin": factories.account("boss", Role.ADMINISTRATOR),
        "haifeng": factories.account("haifeng", Role.OFFICER, divisions=["441521000000"]),
        "unit": factories.account("futian", Role.UNIT, divisions=["441523000000"], unit=data["futian"]),
        "cadre": cadre,
        "inspector": factories.account("inspector", Role.INSPECTOR, divisions=["441521000000"]),
        "nobody": get_user_model().objects.create_user("nobody", password=PASSWORD),
    }


def signed_in(client, user):
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------------------------------------- overview
def test_overview_administrator_sees_everything_including_programme_wide_funds(client, users):
    page = text(signed_in(client, users["admin"]).get("/programme/"))
    assert "深圳对口帮扶汕尾" in page
    assert 'data-figure="allocated">390万<' in page  # 1,000,000 + 500,000 + 300,000 + 100,000 + 2,000,000
    assert 'data-figure="assistance">380万<' in page  # without the 100,000 of local co-funding
    assert 'data-figure="projects">3<' in page
    assert 'data-figure="cadres">4<' in page
    assert 'data-figure="parks">1<' in page
    assert 'data-figure="investments">2<' in page
    assert 'data-figure="from-donor">1<' in page
    assert 'data-figure="large">1<' in page
    assert "仅向管理员显示" not in page
    assert "2020-12-31 在岗帮扶干部" in page  # the programme ended in 2020: its cadres at the end
    for chart in ("funds-year", "funds-category", "projects-status", "projects-category", "cadres-year"):
        assert f"-{chart}-options" in page  # one chart each, its id prefixed by the programme


def test_overview_county_officer_sees_their_county_only_and_is_told_why(client, users):
    page = text(signed_in(client, users["haifeng"]).get("/programme/"))
    # 茶叶加工厂 1,000,000 + 道路 300,000 + 100,000 (local); not 坡平, not programme-wide
    assert 'data-figure="allocated">140万<' in page
    assert 'data-figure="assistance">130万<' in page
    assert 'data-figure="disbursed">60万<' in page
    assert 'data-figure="spent">40万<' in page
    assert 'data-figure="projects">2<' in page
    assert 'data-figure="cadres">3<' in page  # 李明, 王芳 (a household of 新山村), 赵刚 (海丰县)
    assert 'data-figure="parks">1<' in page
    assert "仅向管理员显示" in page
    assert "较好" in page  # the programme's grades are shown to every role


def test_overview_assisting_unit_and_cadre_see_their_village(client, users):
    for role in ("unit", "cadre"):
        client.logout()
        page = text(signed_in(client, users[role]).get("/programme/"))
        assert 'data-figure="allocated">100万<' in page, role
        assert 'data-figure="projects">1<' in page, role
        assert 'data-figure="cadres">2<' in page, role
        assert 'data-figure="parks">0<' in page, role


def test_overview_inspector_reads_like_an_officer_and_nobody_sees_nothing(client, users):
    page = text(signed_in(client, users["inspector"]).get("/programme/"))
    assert 'data-figure="allocated">140万<' in page
    client.logout()
    page = text(signed_in(client, users["nobody"]).get("/programme/"))
    assert "深圳对口帮扶汕尾" not in page and "茶叶" not in page


def test_overview_needs_signing_in_and_is_in_the_menu_in_chinese(client, users):
    assert client.get("/programme/").status_code == 302
    page = text(signed_in(client, users["cadre"]).get("/programme/"))
    assert 'href="/programme/"' in page and "对口帮扶" in page


def test_overview_in_english(client, users):
    signed_in(client, users["admin"])
    client.cookies["django_language"] = "en"
    page = text(client.get("/programme/"))
    assert "Counterpart assistance" in page and "Funds allocated (yuan)" in page


# ---------------------------------------------------------------------------------------------- projects
def codes(response) -> list[str]:
    import re

    return re.findall(r'href="/programme/projects/(P\d+)/"', text(response))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", ["P001", "P002", "P003"]),
        ("haifeng", ["P001", "P003"]),
        ("inspector", ["P001", "P003"]),
        ("unit", ["P001"]),
        ("cadre", ["P001"]),
        ("nobody", []),
    ],
)
def test_project_list_is_scoped(client, users, role, expected):
    assert codes(signed_in(client, users[role]).get("/programme/projects/")) == expected


def test_project_list_filters(client, users):
    signed_in(client, users["admin"])
    assert codes(client.get("/programme/projects/?category=民生")) == ["P002"]
    assert codes(client.get("/programme/projects/?status=立项")) == ["P001"]
    assert codes(client.get("/programme/projects/?county=441523000000")) == ["P002"]
    assert codes(client.get("/programme/projects/?county=441521000000")) == ["P001", "P003"]
    assert codes(client.get("/programme/projects/?year=2017")) == ["P001", "P002"]
    assert codes(client.get("/programme/projects/?year=nonsense&status=bad")) == ["P001", "P002", "P003"]


@pytest.mark.parametrize(
    ("role", "code", "status"),
    [
        ("admin", "P002", 200),
        ("haifeng", "P003", 200),
        ("haifeng", "P002", 404),
        ("inspector", "P002", 404),
        ("unit", "P001", 200),
        ("unit", "P003", 404),
        ("cadre", "P002", 404),
        ("nobody", "P001", 404),
        ("admin", "P999", 404),
    ],
)
def test_project_detail_scope(client, users, role, code, status):
    assert signed_in(client, users[role]).get(f"/programme/projects/{code}/").status_code == status


def test_project_detail_shows_history_outputs_beneficiaries_and_running_balances(client, users):
    page = text(signed_in(client, users["admin"]).get("/programme/projects/P001/"))
    assert "用地手续补办" in page  # the reason for going back
    assert "2017-05-01" in page and "2017-08-01" in page
    assert f'href="/households/{XINSHAN_HOUSEHOLD}/"' in page
    assert f'href="/households/{POPING_HOUSEHOLD}/"' in page
    # after the disbursement: allocated 1,000,000, disbursed 600,000; after spending: 400,000 spent
    assert page.index("1,000,000") < page.index("600,000") < page.index("400,000")
    assert "200,000" in page  # disbursed but not yet spent at the end
    school = text(client.get("/programme/projects/P002/"))
    assert "学位" in school and "300" in school


def test_project_detail_hides_beneficiaries_outside_scope(client, users):
    page = text(signed_in(client, users["haifeng"]).get("/programme/projects/P001/"))
    assert f'href="/households/{XINSHAN_HOUSEHOLD}/"' in page
    assert POPING_HOUSEHOLD not in page


# ------------------------------------------------------------------------------------ village section
def render_section(template: str, user, **context) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(template, {"request": request, **context}, request=request)


def test_village_section_shows_pairings_cadres_projects_and_funds_without_phones(users, data):
    page = render_section(
        "web/programme/village_section.html", users["cadre"], village=data["villages"]["xinshan"]
    )
    assert "福田区" in page and "2016-01-01" in page
    assert "李明" in page and "第一书记" in page
    assert "13912345678" not in page
    assert "P001" in page and "茶叶加工厂" in page
    assert "1,000,000" in page and "600,000" in page and "400,000" in page
    assert "王芳" not in page  # a household contact is counted, not listed
    assert "历年帮扶责任人 1 名，联系本村 1 户" in page


def test_village_section_is_empty_outside_scope(users, data):
    poping = data["villages"]["poping"]
    assert "陈强" not in render_section(
        "web/programme/village_section.html", users["haifeng"], village=poping
    )
    assert "陈强" not in render_section("web/programme/village_section.html", users["nobody"], village=poping)
    assert "陈强" in render_section("web/programme/village_section.html", users["admin"], village=poping)


def test_village_page_includes_the_section(client, users):
    page = text(signed_in(client, users["unit"]).get("/villages/441521101201/"))
    assert 'id="programme-village"' in page and "李明" in page


# ---------------------------------------------------------------------------------- household section
def household_page(client, user, code=XINSHAN_HOUSEHOLD) -> str:
    client.logout()
    return text(signed_in(client, user).get(f"/households/{code}/"))


def test_household_section_shows_plan_measures_visits_projects_and_forms(client, users, data):
    programme_services.visit_record(
        household=data["households"]["xinshan"],
        cadre=data["cadres"]["wang"],
        date=date(2020, 3, 2),
        notes="入户",
    )
    page = household_page(client, users["cadre"])
    assert 'id="programme-household"' in page
    assert "茶苗补贴" in page and "2019" in page
    assert "2020-03-02" in page and "入户" in page and "王芳" in page
    assert 'href="/programme/projects/P001/"' in page
    assert 'id="record-visit"' in page and 'id="record-measure"' in page
    assert "13912345678" not in page


def test_household_section_for_inspectors_has_no_forms(client, users):
    page = household_page(client, users["inspector"])
    assert "茶苗补贴" in page and 'id="record-visit"' not in page
    response = client.get(f"/programme/households/{XINSHAN_HOUSEHOLD}/record/?form=visit")
    assert response.status_code == 403


def record_form_url(form: str, code=XINSHAN_HOUSEHOLD) -> str:
    return f"/programme/households/{code}/record/?form={form}"


def test_the_page_folds_the_forms_and_fetches_each_when_opened(client, users):
    """The household page renders no recording form (most views never use one): each folded form is fetched
    when opened, by htmx alone, or without JavaScript as a page with the section and that form open."""
    page = household_page(client, users["cadre"])
    assert '<form class="record"' not in page
    assert f'hx-get="{record_form_url("visit")}"' in page.replace("&amp;", "&")
    assert f'href="{record_form_url("measure")}#record-measure"' in page.replace("&amp;", "&")
    fragment = text(client.get(record_form_url("measure"), headers={"HX-Request": "true"}))
    assert fragment.lstrip().startswith("<form") and 'name="category"' in fragment and "<html" not in fragment
    whole = text(client.get(record_form_url("visit")))
    assert "<html" in whole and 'id="record-visit" open' in whole and 'name="cadre"' in whole
    both = text(client.get(f"/programme/households/{XINSHAN_HOUSEHOLD}/record/"))
    assert 'name="cadre"' in both and 'name="category"' in both
    assert client.get(record_form_url("nothing")).status_code == 404
    assert client.post(record_form_url("visit")).status_code == 405


def test_household_section_links_only_projects_in_scope(users, data):
    page = render_section(
        "web/programme/household_section.html", users["admin"], household={"code": POPING_HOUSEHOLD}
    )
    assert 'href="/programme/projects/P001/"' in page
    # a 陆河县 officer sees the 海丰县 project the household benefits from, without its page
    luhe = factories.account("luhe", Role.OFFICER, divisions=["441523000000"])
    page = render_section("web/programme/household_section.html", luhe, household={"code": POPING_HOUSEHOLD})
    assert "P001" in page and 'href="/programme/projects/P001/"' not in page
    page = render_section(
        "web/programme/household_section.html", users["haifeng"], household={"code": POPING_HOUSEHOLD}
    )
    assert "programme-household" not in page


# ----------------------------------------------------------------------------------- recording a visit
def visit_url(code=XINSHAN_HOUSEHOLD) -> str:
    return f"/programme/households/{code}/visits/new/"


def measure_url(code=XINSHAN_HOUSEHOLD) -> str:
    return f"/programme/households/{code}/measures/new/"


def test_cadre_records_a_visit_and_returns_to_the_household(client, users, data):
    signed_in(client, users["cadre"])
    today = timezone.localdate()
    response = client.post(
        visit_url(),
        {
            "date": today.isoformat(),
            "cadre": data["cadres"]["li"].pk,
            "notes": "了解茶叶收成",
            "findings": "缺劳力",
        },
    )
    assert response.status_code == 302
    assert response.url == f"/households/{XINSHAN_HOUSEHOLD}/#programme-household"
    visit = Visit.objects.get()
    assert (visit.cadre, visit.date, visit.findings) == (data["cadres"]["li"], today, "缺劳力")
    page = text(client.get(response.url))
    assert "了解茶叶收成" in page and "走访已记录" in page


def test_visit_by_htmx_rerenders_the_section(client, users, data):
    signed_in(client, users["unit"])
    response = client.post(
        visit_url(),
        {"date": "2020-06-01", "cadre": data["cadres"]["wang"].pk, "notes": "送慰问品"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    page = text(response)
    assert page.lstrip().startswith("<link") and 'id="programme-household"' in page
    assert "送慰问品" in page and "走访已记录" in page
    assert "<html" not in page


def visit_form(client, user) -> str:
    """The visit form as the household page fetches it when opened."""
    client.logout()
    return text(signed_in(client, user).get(record_form_url("visit"), headers={"HX-Request": "true"}))


def test_visit_cadre_choices_are_the_cadres_posted_here(client, users, data):
    form = visit_form(client, users["haifeng"])
    assert "李明" in form and "王芳" in form
    assert "陈强" not in form and "赵刚" not in form
    form = visit_form(client, users["cadre"])  # a village cadre: their own name only
    assert "李明" in form and "王芳" not in form
    signed_in(client, users["cadre"])
    response = client.post(visit_url(), {"date": "2020-06-01", "cadre": data["cadres"]["chen"].pk})
    assert response.status_code == 400
    assert "选择一个有效的选项" in text(response)
    assert not Visit.objects.exists()


def test_visit_errors_are_shown_next_to_the_fields_in_chinese(client, users):
    signed_in(client, users["cadre"])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(visit_url(), {"date": tomorrow.isoformat()}, headers={"HX-Request": "true"})
    page = text(response)
    assert response.status_code == 200
    assert 'id="id_date-errors"' in page and "不能记录未来日期的走访" in page
    assert 'id="id_cadre-errors"' in page and "这个字段是必填项" in page
    assert not Visit.objects.exists()


def test_visit_refused_for_inspectors_and_outside_scope(client, users, data):
    form = {"date": "2020-06-01", "cadre": data["cadres"]["li"].pk}
    assert signed_in(client, users["inspector"]).post(visit_url(), form).status_code == 403
    client.logout()
    assert signed_in(client, users["haifeng"]).post(visit_url(POPING_HOUSEHOLD), form).status_code == 404
    client.logout()
    assert signed_in(client, users["cadre"]).post(visit_url(DONGFENG_HOUSEHOLD), form).status_code == 404
    client.logout()
    assert signed_in(client, users["nobody"]).post(visit_url(), form).status_code == 404
    client.logout()
    assert signed_in(client, users["cadre"]).get(visit_url()).status_code == 405
    assert not Visit.objects.exists()


def test_integrity_errors_from_the_services_are_shown_and_nothing_is_written(
    client, users, data, monkeypatch
):
    def refuse(**kwargs):
        raise ApplicationError("走访记录被拒绝：测试")

    monkeypatch.setattr(programme_services, "visit_record", refuse)
    signed_in(client, users["cadre"])
    response = client.post(
        visit_url(), {"date": "2020-06-01", "cadre": data["cadres"]["li"].pk}, headers={"HX-Request": "true"}
    )
    assert "走访记录被拒绝：测试" in text(response)
    assert not Visit.objects.exists()


# --------------------------------------------------------------------------------- adding a measure
def test_measure_goes_into_this_years_plan_which_is_created_when_missing(client, users):
    year = timezone.localdate().year
    signed_in(client, users["cadre"])
    form = {"category": "就业", "description": "推荐到电子厂务工", "status": "实施中", "amount": "1500.50"}
    response = client.post(measure_url(), form)
    assert response.status_code == 302
    plan = HouseholdPlan.objects.get(household__code=XINSHAN_HOUSEHOLD, year=year)
    measure = plan.measures.get()
    assert (measure.category, measure.status, measure.amount) == ("就业", "实施中", Decimal("1500.50"))
    response = client.post(
        measure_url(), {"category": "健康", "status": "计划"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert HouseholdPlan.objects.filter(household__code=XINSHAN_HOUSEHOLD, year=year).count() == 1
    assert plan.measures.count() == 2
    page = text(response)
    assert "推荐到电子厂务工" in page and "1,500.50" in page and f"已加入 {year} 年计划" in page


def test_measure_errors_are_shown_in_chinese_and_nothing_is_written(client, users):
    signed_in(client, users["cadre"])
    response = client.post(measure_url(), {"category": "", "status": "计划", "amount": "-5"})
    page = text(response)
    assert response.status_code == 400
    assert 'id="id_category-errors"' in page and "这个字段是必填项" in page
    assert 'id="id_amount-errors"' in page and "大于或等于0" in page
    assert Measure.objects.count() == 1  # the one from the data


def test_a_refused_measure_leaves_no_new_plan_behind(client, users, monkeypatch):
    def refuse(**kwargs):
        raise ApplicationError("措施被拒绝：测试")

    monkeypatch.setattr(programme_services, "measure_create", refuse)
    signed_in(client, users["cadre"])
    response = client.post(
        measure_url(), {"category": "产业", "status": "计划"}, headers={"HX-Request": "true"}
    )
    assert "措施被拒绝：测试" in text(response)
    assert not HouseholdPlan.objects.filter(year=timezone.localdate().year).exists()


def test_measure_refused_for_inspectors_and_outside_scope(client, users):
    form = {"category": "产业", "status": "计划"}
    assert signed_in(client, users["inspector"]).post(measure_url(), form).status_code == 403
    client.logout()
    assert signed_in(client, users["unit"]).post(measure_url(POPING_HOUSEHOLD), form).status_code == 404
    assert Measure.objects.count() == 1


def test_cadres_in_post_are_counted_today_while_a_programme_runs(data):
    from bangfu.programme_projects.selectors import programme_last_day

    programme = data["programme"]
    assert programme_last_day(programme, date(2026, 5, 1)) == date(2020, 12, 31)
    assert programme_last_day(programme, date(2019, 5, 1)) == date(2019, 5, 1)
    programme.end_year = None
    assert programme_last_day(programme, date(2026, 5, 1)) == date(2026, 5, 1)
