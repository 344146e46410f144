"""The employment and consumption pages per role: the overview, lists and exports, the forms, the village and
household sections with the wage check. The register is the scope walk's (tests/api/register.py): 海丰县
新山村 (paired with 福田区) and 东风村, 陆河县 坡平村 (paired with 罗湖区), each with markets records."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from bangfu.markets import services
from bangfu.markets.models import Placement, Sale, Trainee, TrainingCourse
from bangfu.regions.services import divisions_load_shipped
from tests import factories
from tests.api.register import build_register
from tests.markets.walk import markets_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    divisions_load_shipped()
    r = build_register()
    markets_records(r)
    return r


def page(client, register, role: str, url: str, **kw):
    client.force_login(register.users[role])
    return client.get(url, **kw)


@pytest.mark.parametrize(
    ("role", "sales", "seen", "hidden"),
    [
        ("admin", 3, ["新山村茶", "东风村茶", "坡平村茶"], []),
        ("officer", 2, ["新山村茶", "东风村茶"], ["坡平村茶"]),
        ("inspector", 2, ["新山村茶", "东风村茶"], ["坡平村茶"]),
        ("unit", 1, ["新山村茶"], ["东风村茶", "坡平村茶"]),  # 福田区's pairing: 新山村 only
        ("cadre", 1, ["新山村茶"], ["东风村茶", "坡平村茶"]),
        ("nobody", 0, [], ["新山村茶", "东风村茶", "坡平村茶"]),
    ],
)
def test_lists_exports_and_figures_follow_the_scope(client, register, role, sales, seen, hidden):
    overview = page(client, register, role, "/markets/")
    assert overview.status_code == 200
    listing = page(client, register, role, "/markets/sales/").content.decode()
    export = page(client, register, role, "/markets/sales/export.xlsx")
    book = load_workbook(io.BytesIO(export.content))
    cells = [row for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert len(cells) == sales
    for name in seen:
        assert name in listing
    for name in hidden:
        assert name not in listing and all(name not in str(row) for row in cells)
    if role != "nobody":
        assert f'data-figure="products">{sales}<' in overview.content.decode()


def test_the_overview_draws_the_charts_and_the_effect(client, register):
    html = page(client, register, "admin", "/markets/").content.decode()
    assert 'id="markets-sales"' in html and 'id="markets-destinations"' in html
    assert "消费扶贫馆" in html  # a channel of the sales chart's options
    assert 'id="markets-effect"' in html


def test_an_officer_records_a_course_a_trainee_a_placement_and_a_sale(client, register):
    client.force_login(register.users["officer"])
    head = register.households["dongfeng"].members.get(relation="户主")
    response = client.post("/markets/course/new/", {
        "code": "T-new", "name": "粤菜师傅新班", "brand": "粤菜师傅", "division": "441521000000",
        "start_date": "2020-03-01", "end_date": "2020-03-10", "funding": "1000",
    })  # fmt: skip
    assert response.status_code == 302 and TrainingCourse.objects.filter(code="T-new").exists()
    response = client.post(
        "/markets/trainee/new/", {"course": "T-new", "id_number": head.id_number}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "T-new" in response.content.decode()
    assert Trainee.objects.filter(course__code="T-new", member=head).exists()
    client.post("/markets/placement/new/", {"id_number": head.id_number, "employer": "厂", "destination": "省内",
                                            "job_kind": "市场就业", "start_date": "2020-05-01"})  # fmt: skip
    assert Placement.objects.filter(member=head, employer="厂").exists()
    client.post("/markets/sale/new/", {"product": "C-xinshan", "channel": "网店", "buyer_type": "个人",
                                       "amount": "12.50", "date": "2020-05-01"})  # fmt: skip
    assert Sale.objects.filter(amount=Decimal("12.50")).exists()


def test_records_outside_the_scope_are_refused_and_nothing_is_written(client, register):
    client.force_login(register.users["officer"])
    outsider = register.households["luhe"].members.get(relation="户主")
    before = (
        TrainingCourse.objects.count(),
        Trainee.objects.count(),
        Placement.objects.count(),
        Sale.objects.count(),
    )
    responses = [
        client.post("/markets/course/new/", {"code": "T-x", "name": "班", "brand": "粤菜师傅",
                                             "division": "441523000000", "start_date": "2020-03-01"}),
        client.post("/markets/trainee/new/", {"course": "T-luhe", "id_number": register.households["xinshan"].members.get(relation="户主").id_number}),
        client.post("/markets/placement/new/", {"id_number": outsider.id_number, "employer": "厂", "destination": "省内",
                                                "job_kind": "市场就业", "start_date": "2020-05-01"}),
        client.post("/markets/sale/new/", {"product": "C-luhe", "channel": "网店", "buyer_type": "个人",
                                           "amount": "1", "date": "2020-05-01"}),
    ]  # fmt: skip
    assert [r.status_code for r in responses] == [400] * 4
    assert "notice error" in responses[2].content.decode()
    after = (
        TrainingCourse.objects.count(),
        Trainee.objects.count(),
        Placement.objects.count(),
        Sale.objects.count(),
    )
    assert before == after


@pytest.mark.parametrize("role", ["inspector", "cadre", "nobody"])
def test_roles_that_do_not_keep_these_records_cannot_post(client, register, role):
    response = page(client, register, role, "/markets/")
    assert "markets-forms" not in response.content.decode()
    client.force_login(register.users[role])
    assert client.post("/markets/sale/new/", {}).status_code == 403


def test_the_household_page_shows_employment_and_the_wage_check(client, register):
    """新山村's head works from April 2019 at 3,000 a month: 2020's placement wages are 12 × 3,000 = 36,000,
    more than the 30,000 of 工资性收入 recorded for 2020 (2019 has no income record: nothing to compare)."""
    household = register.households["xinshan"]
    html = page(client, register, "cadre", f"/households/{household.code}/").content.decode()
    assert 'id="markets-household"' in html and "新山村工厂" in html and "新山村粤菜师傅班" in html
    assert 'data-wage-check="2020"' in html and "36,000" in html
    assert 'data-wage-check="2019"' not in html
    factories.income(household, 2020, wages=36000)
    html = page(client, register, "cadre", f"/households/{household.code}/").content.decode()
    assert "data-wage-check" not in html  # equal is not more


def test_the_village_page_shows_the_section_in_scope_only(client, register):
    html = page(client, register, "cadre", "/villages/441521101201/").content.decode()
    assert 'id="markets-village"' in html
    assert page(client, register, "cadre", "/villages/441523101201/").status_code == 404


def test_an_export_stores_formula_like_text_as_text(client, register):
    product = Sale.objects.get(product__certificate_number="C-xinshan").product
    services.sale_record(product=product, channel="其他", buyer_type="个人", amount=Decimal("1"),
                         date=date(2020, 1, 2), buyer='=HYPERLINK("http://x","y")')  # fmt: skip
    export = page(client, register, "admin", "/markets/sales/export.xlsx")
    book = load_workbook(io.BytesIO(export.content))
    cells = [
        cell
        for row in book.active.iter_rows(min_row=2)
        for cell in row
        if cell.value == '=HYPERLINK("http://x","y")'
    ]
    assert cells and all(cell.data_type == "s" for cell in cells)
