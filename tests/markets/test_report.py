"""R23 from hand-countable records; changing a record changes R23."""

from datetime import date
from decimal import Decimal

from bangfu.markets import services
from bangfu.reports.results import results_report
from tests.markets.fixtures import EVERYTHING, records


def test_r23_counts_the_records_up_to_the_end_of_the_year(markets_register):
    records(markets_register)
    r = results_report(year=2020)
    assert r["training_sessions"] == 1  # T2 starts in 2021
    assert r["trainees"] == 2 and r["trainees_registered_poor"] == 1
    assert r["trainees_registered_poor_share"] == 0.5
    assert (r["job_fairs"], r["job_fair_posts"]) == (1, 300)
    assert r["job_placements"] == 3
    assert r["job_placements_by_destination"] == {"本地": 1, "省内": 1, "深圳": 1, "省外": 0}
    assert r["people_in_work_by_year"] == {"2016": 0, "2017": 0, "2018": 1, "2019": 1, "2020": 2}
    assert r["certified_products"] == 1
    assert r["consumption_sales_yuan"] == 6000  # 1000.40 + 5000, rounded half up
    assert r["consumption_sales_by_channel"]["消费扶贫馆"] == 1000
    assert r["consumption_sales_by_channel"]["帮扶单位食堂工会采购"] == 5000
    assert r["consumption_sales_by_channel"]["直播带货"] == 0
    assert r["consumption_sales_by_year"] == {"2019": 1000, "2020": 5000}
    assert r["households_benefiting"] == 1  # two links of one household; the third starts 2021


def test_changing_a_record_changes_r23(markets_register):
    made = records(markets_register)
    before = results_report(year=2020)
    services.sale_record(product=made["tea"], channel="网店", buyer_type="个人", amount=Decimal("99.50"),
                         date=date(2020, 12, 31))  # fmt: skip
    services.placement_record(scope=EVERYTHING, id_number=markets_register.plain_head.id_number, employer="A",
                              destination="省外", job_kind="市场就业", start_date=date(2020, 7, 1))  # fmt: skip
    after = results_report(year=2020)
    assert after["consumption_sales_yuan"] == before["consumption_sales_yuan"] + 100
    assert after["consumption_sales_by_channel"]["网店"] == 100
    assert after["job_placements_by_destination"]["省外"] == 1
    assert after["people_in_work_by_year"]["2020"] == 3


def test_an_empty_register_reports_zeros(divisions):
    r = results_report(year=2020)
    assert (r["training_sessions"], r["trainees"], r["consumption_sales_yuan"]) == (0, 0, 0)
    assert r["trainees_registered_poor_share"] is None
