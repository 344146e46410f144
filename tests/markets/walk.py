"""Employment and consumption records in each part of the scope walk's register (tests/api/register.py):
a course held in the village, its head as trainee and placed in work, a subsidy, a producer with a product,
a sale and a benefiting household — so that every markets page, export and API list is walked with records
inside and outside each role's scope."""

from datetime import date
from decimal import Decimal

from bangfu.accounts.scope import Scope
from bangfu.markets import services

EVERYTHING = Scope.administrator()


def markets_records(register) -> None:
    for part in ("xinshan", "dongfeng", "luhe"):
        village, household = register.villages[part], register.households[part]
        head = household.members.get(relation="户主")
        course = services.training_course_create(
            code=f"T-{part}", name=f"{village.division.name}粤菜师傅班", brand="粤菜师傅", division=village.division,
            start_date=date(2019, 3, 1), place=village.division.name,
        )  # fmt: skip
        services.trainee_enrol(scope=EVERYTHING, course=course, id_number=head.id_number, completed=True)
        services.job_fair_record(name=f"{village.division.name}招聘会", brand="南粤春暖", date=date(2019, 2, 1),
                                 division=village.division, posts=10)  # fmt: skip
        services.placement_record(scope=EVERYTHING, id_number=head.id_number, employer=f"{village.division.name}工厂",
                                  destination="深圳", job_kind="市场就业", start_date=date(2019, 4, 1),
                                  monthly_wage=Decimal("3000"))  # fmt: skip
        services.subsidy_pay(scope=EVERYTHING, id_number=head.id_number, kind="交通补贴", amount=Decimal("500"),
                             date=date(2019, 4, 10))  # fmt: skip
        producer = services.producer_create(code=f"P-{part}", name=f"{village.division.name}合作社", kind="合作社",
                                            village=village)  # fmt: skip
        product = services.product_certify(producer=producer, name=f"{village.division.name}茶", category="茶叶",
                                           certificate_number=f"C-{part}", certified_date=date(2019, 1, 1))  # fmt: skip
        services.sale_record(product=product, channel="消费扶贫馆", buyer_type="个人", amount=Decimal("800"),
                             date=date(2019, 6, 1), buyer=f"{village.division.name}买家")  # fmt: skip
        services.benefit_link_add(
            household=household, producer=producer, mechanism="订单收购", start_year=2019
        )
