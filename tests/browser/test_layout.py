"""Layout in a real browser: the printable household and village files (A4, print media, a PDF), the village
cadre's household page on a phone, charts that follow the window and keep their legend off the plot."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bangfu.programme import services as programme_services
from bangfu.programme.models import HouseholdPlan
from tests.browser.conftest import sign_in
from tests.browser.pages import build_pages, scroll_width, wait_for_charts

HOUSEHOLD = "4415211012010001"  # 新山村, in the cadre's village
SECTIONS = ("#household-members", "#household-incomes", "#household-living", "#household-verdicts")
#: A4 at 96 dpi, in CSS pixels (210 × 297 mm)
A4 = (794, 1123)


@pytest.fixture
def site(divisions):
    walk = build_pages()
    plan = HouseholdPlan.objects.get(household__code=HOUSEHOLD, year=2019)
    programme_services.measure_create(plan=plan, category="产业", description="养鸡二百只")
    return walk


def pdf_pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>") + pdf.count(b"/Type /Page/")


def test_the_household_page_leads_to_its_printable_file(page, live_server, site):
    member = site.register.members["xinshan"]
    sign_in(page, live_server, "boss", next_path=f"/households/{HOUSEHOLD}/")
    with page.expect_navigation():
        page.locator(f'a[href="/households/{HOUSEHOLD}/print/"]').click()
    assert page.locator("main#household-file").count() == 1
    for section in (*SECTIONS, "#programme-household"):
        expect(page.locator(section)).to_be_visible()
    expect(page.locator("#programme-plans")).to_contain_text("养鸡二百只")
    expect(page.locator("#programme-visits")).to_contain_text("走访")
    expect(page.locator("#household-verdicts li.reason").first).to_be_visible()  # verdicts with reasons
    assert page.locator("#household-incomes table tbody tr").count() >= 1
    # no charts, forms or reveal buttons on paper; the ID numbers stay masked
    assert page.locator(".chart").filter(visible=True).count() == 0
    assert page.locator("main form").filter(visible=True).count() == 0
    assert page.locator("button.unmask").filter(visible=True).count() == 0
    assert member.id_number not in page.content()

    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible()
    assert not page.locator("[data-print]").is_visible()
    for section in SECTIONS:
        expect(page.locator(section)).to_be_visible()
    pdf = page.pdf(format="A4", print_background=False, prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF") and pdf_pages(pdf) >= 1
    page.set_viewport_size({"width": A4[0], "height": A4[1]})
    assert scroll_width(page) <= A4[0]  # nothing runs off the paper's width


def test_the_village_file_lists_every_household_and_prints(page, live_server, site):
    sign_in(page, live_server, "haifeng", next_path="/villages/441521101201/")
    with page.expect_navigation():
        page.locator('a[href="/villages/441521101201/print/"]').click()
    assert page.locator("main#village-file").count() == 1
    for section in ("#village-profile", "#village-incidence", "#village-verdicts", "#village-households"):
        expect(page.locator(section)).to_be_visible()
    rows = page.locator("#village-households tbody tr")
    assert sorted(rows.locator("td:first-child").all_inner_texts()) == [HOUSEHOLD, "4415211012010002"]
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible()
    assert page.pdf(format="A4").startswith(b"%PDF")


def test_the_files_are_scoped_like_their_pages(page, live_server, site, console_errors):
    sign_in(page, live_server, "cadre")
    assert page.goto(f"{live_server.url}/households/4415211012020001/print/").status == 404  # 东风村
    assert page.goto(f"{live_server.url}/villages/441521101202/print/").status == 404
    assert page.goto(f"{live_server.url}/households/{HOUSEHOLD}/print/").status == 200
    console_errors[:] = [error for error in console_errors if "status of 404" not in error]


def test_a_cadre_on_a_phone_sees_the_visit_form_first_and_the_details_folded(phone, live_server, site):
    sign_in(phone, live_server, "cadre", next_path=f"/households/{HOUSEHOLD}/")
    visit = phone.locator("#record-visit > summary")
    expect(visit).to_be_visible()
    assert visit.bounding_box()["y"] < 740  # on the first screen, without scrolling
    expect(phone.locator("#programme-plans")).to_contain_text("养鸡二百只")
    details = phone.locator("details#household-details")
    assert details.get_attribute("open") is None
    assert not phone.locator("#household-members").is_visible()
    order = phone.evaluate(
        "[...document.querySelectorAll('main section.card')].map(s => s.id).filter(id => id)"
    )
    assert order.index("programme-household") < order.index("household-members")
    details.locator("> summary").click()
    expect(phone.locator("#household-members")).to_be_visible()
    phone.wait_for_selector("#income-chart[data-rendered=true]")  # drawn once its <details> opened
    assert phone.locator("#income-chart canvas").bounding_box()["width"] > 200
    assert scroll_width(phone) <= 375


def test_the_notice_of_a_saved_visit_shows_next_to_its_form(phone, live_server, site):
    sign_in(phone, live_server, "haifeng", next_path=f"/households/{HOUSEHOLD}/")
    phone.locator("#record-visit > summary").click()
    phone.fill("#record-visit input[name=date]", "2020-06-01")
    phone.select_option("#record-visit select[name=cadre]", label="干部xinshan（福田区）")
    phone.fill("#record-visit textarea[name=notes]", "入户核实收入")
    phone.locator("#record-visit button[type=submit]").click()
    notice = phone.locator("#programme-household .notice.ok")
    expect(notice).to_be_visible()
    expect(phone.locator("#programme-visits")).to_contain_text("入户核实收入")
    gap = phone.locator("#record-visit").bounding_box()["y"] - notice.bounding_box()["y"]
    assert 0 < gap < 150  # the notice sits right above the form it answers
    assert scroll_width(phone) <= 375


def test_charts_follow_the_window_and_keep_their_legend_off_the_plot(page, live_server, site):
    sign_in(page, live_server, "boss")
    wait_for_charts(page)
    charts = page.locator(".chart[data-rendered=true]")
    assert charts.count() >= 3
    wide = charts.first.locator("canvas").bounding_box()["width"]
    page.set_viewport_size({"width": 375, "height": 740})
    page.wait_for_timeout(300)  # ECharts redraws on the resize event
    narrow = charts.first.locator("canvas").bounding_box()["width"]
    assert narrow < wide and narrow <= 375
    assert scroll_width(page) <= 375
    # a legend is one scrolling line above the plot, which starts below it
    layouts = page.evaluate(
        """[...document.querySelectorAll('.chart[data-rendered=true]')].map(e => {
             const option = echarts.getInstanceByDom(e).getOption();
             const legend = (option.legend || []).filter(l => l.show !== false)[0];
             return {legend: legend ? legend.type : null, top: option.grid[0].top,
                     named: (option.yAxis || []).some(a => a.name)};
           })"""
    )
    for layout in layouts:
        if layout["legend"]:
            assert layout["legend"] == "scroll" and layout["top"] >= 38 + (24 if layout["named"] else 0)


def test_every_chart_has_its_figures_as_a_table(page, live_server, site):
    sign_in(page, live_server, "boss")
    charts = page.locator(".chart[data-chart]")
    assert charts.count() >= 3
    for index in range(charts.count()):
        chart_id = charts.nth(index).get_attribute("id")
        table = page.locator(f"details#{chart_id}-table")
        expect(table.locator("summary")).to_be_visible()
        table.locator("summary").click()
        assert table.locator("tbody tr").count() >= 1
