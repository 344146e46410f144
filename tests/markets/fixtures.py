"""A small register with hand-countable employment and consumption records."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from bangfu.accounts.scope import Scope
from bangfu.markets import services
from tests import factories

EVERYTHING = Scope.administrator()


@dataclass
class Register:
    village: object
    other_village: object
    poor: object  # a registered poor household
    plain: object  # an ordinary household (一般农户)
    poor_head: object
    plain_head: object
    outsider: object  # a member of the other village


@pytest.fixture
def markets_register(divisions):
    village = factories.village()
    other = factories.village("441581102201", name="坡平村")
    poor = factories.household(village, "4415211012010001", members=2)
    plain = factories.household(
        village, "4415211012010002", members=1, attribute="一般农户", identified_year=None
    )
    far = factories.household(other, "4415811022010001", members=1)
    return Register(
        village, other, poor, plain, poor.members.first(), plain.members.first(), far.members.first()
    )


def records(r: Register) -> dict:
    """Two courses (three trainees, two poor), one fair, three placements, two products, three sales, links."""
    course = services.training_course_create(
        code="T1", name="粤菜师傅厨师班", brand="粤菜师傅", division=r.village.division,
        start_date=date(2018, 3, 1), end_date=date(2018, 3, 20), funding=Decimal("30000"), funding_source="帮扶方财政",
    )  # fmt: skip
    late = services.training_course_create(
        code="T2",
        name="家政班",
        brand="南粤家政",
        division=r.other_village.division,
        start_date=date(2021, 3, 1),
    )
    services.trainee_enrol(scope=EVERYTHING, course=course, id_number=r.poor_head.id_number, completed=True,
                           certificate_number="YC-1")  # fmt: skip
    services.trainee_enrol(scope=EVERYTHING, course=course, id_number=r.plain_head.id_number)
    services.trainee_enrol(scope=EVERYTHING, course=late, id_number=r.outsider.id_number)
    services.job_fair_record(name="南粤春暖专场", brand="南粤春暖", date=date(2019, 2, 12),
                             division=r.village.division, employers=20, posts=300, attendance=500)  # fmt: skip
    services.placement_record(scope=EVERYTHING, id_number=r.poor_head.id_number, employer="深圳某酒楼",
                              destination="深圳", job_kind="市场就业", start_date=date(2018, 5, 1),
                              end_date=date(2019, 4, 30), monthly_wage=Decimal("4000"))  # fmt: skip
    services.placement_record(scope=EVERYTHING, id_number=r.poor_head.id_number, employer="村保洁",
                              destination="本地", job_kind="公益岗位", start_date=date(2019, 6, 1))  # fmt: skip
    services.placement_record(scope=EVERYTHING, id_number=r.outsider.id_number, employer="汕尾某厂",
                              destination="省内", job_kind="市场就业", start_date=date(2020, 1, 1),
                              monthly_wage=Decimal("3000"))  # fmt: skip
    producer = services.producer_create(code="P1", name="新山茶叶合作社", kind="合作社", village=r.village)
    tea = services.product_certify(producer=producer, name="新山绿茶", category="茶叶",
                                   certificate_number="GD-2019-1", certified_date=date(2019, 1, 1))  # fmt: skip
    services.product_certify(producer=producer, name="新山红茶", category="茶叶",
                             certificate_number="GD-2021-1", certified_date=date(2021, 1, 1))  # fmt: skip
    services.sale_record(product=tea, channel="消费扶贫馆", buyer_type="个人", amount=Decimal("1000.40"),
                         date=date(2019, 5, 1))  # fmt: skip
    services.sale_record(product=tea, channel="帮扶单位食堂工会采购", buyer_type="帮扶单位",
                         amount=Decimal("5000"), date=date(2020, 5, 1))  # fmt: skip
    services.sale_record(product=tea, channel="直播带货", buyer_type="个人", amount=Decimal("700"),
                         date=date(2021, 5, 1))  # fmt: skip
    services.benefit_link_add(household=r.poor, producer=producer, mechanism="订单收购", start_year=2019)
    services.benefit_link_add(household=r.poor, producer=producer, mechanism="务工", start_year=2019)
    services.benefit_link_add(household=r.plain, producer=producer, mechanism="分红", start_year=2021)
    return {"course": course, "tea": tea, "producer": producer}
