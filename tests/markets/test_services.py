"""The services' integrity rules: every refusal is a Chinese ApplicationError and writes nothing."""

from datetime import date
from decimal import Decimal

import pytest

from bangfu.accounts.scope import Scope
from bangfu.codes.area import Area
from bangfu.core.errors import ApplicationError
from bangfu.markets import services
from bangfu.markets.models import Placement, Product, Sale, Subsidy, Trainee, TrainingCourse
from tests.markets.fixtures import EVERYTHING, records


def refused(call, model, **kw):
    before = model.objects.count()
    with pytest.raises(ApplicationError) as error:
        call(**kw)
    assert model.objects.count() == before
    return error.value.message


def test_records_are_written_with_history(markets_register):
    made = records(markets_register)
    assert TrainingCourse.objects.count() == 2 and Trainee.objects.count() == 3
    assert made["course"].history.count() == 1
    assert Placement.objects.get(employer="深圳某酒楼").history.count() == 1


def test_a_course_ending_before_it_starts_is_refused(markets_register):
    message = refused(
        services.training_course_create, TrainingCourse, code="T9", name="班", brand="粤菜师傅",
        division=markets_register.village.division, start_date=date(2018, 3, 1), end_date=date(2018, 2, 1),
    )  # fmt: skip
    assert message == "结束日期不能早于开始日期。"


def test_negative_funding_and_wages_are_refused(markets_register):
    r = markets_register
    refused(
        services.training_course_create, TrainingCourse, code="T9", name="班", brand="粤菜师傅",
        division=r.village.division, start_date=date(2018, 3, 1), funding=Decimal("-1"),
    )  # fmt: skip
    message = refused(
        services.placement_record, Placement, scope=EVERYTHING, id_number=r.poor_head.id_number, employer="厂",
        destination="深圳", job_kind="市场就业", start_date=date(2018, 1, 1), monthly_wage=Decimal("-5"),
    )  # fmt: skip
    assert "不能为负" in message
    refused(services.subsidy_pay, Subsidy, scope=EVERYTHING, id_number=r.poor_head.id_number, kind="交通补贴",
            amount=Decimal("-100"), date=date(2018, 1, 1))  # fmt: skip


def test_a_trainee_must_be_a_registered_member_in_the_scope(markets_register):
    r = markets_register
    course = records(r)["course"]
    message = refused(
        services.trainee_enrol, Trainee, scope=EVERYTHING, course=course, id_number="44152119700501999X"
    )
    assert "没有证件号码为" in message
    only_village = Scope(role="cadre", area=Area.of(villages={r.village.pk: r.village.division.code}))
    refused(
        services.trainee_enrol, Trainee, scope=only_village, course=course, id_number=r.outsider.id_number
    )
    refused(services.trainee_enrol, Trainee, scope=EVERYTHING, course=course, id_number=r.poor_head.id_number)


def test_a_certificate_needs_completion(markets_register):
    r = markets_register
    course = records(r)["course"]
    refused(services.trainee_enrol, Trainee, scope=EVERYTHING, course=course, id_number=r.outsider.id_number,
            certificate_number="X-1")  # fmt: skip


def test_overlapping_placements_with_the_same_employer_are_refused(markets_register):
    r = markets_register
    records(r)
    refused(
        services.placement_record, Placement, scope=EVERYTHING, id_number=r.poor_head.id_number,
        employer="深圳某酒楼", destination="深圳", job_kind="市场就业", start_date=date(2019, 1, 1),
    )  # fmt: skip


def test_sales_before_certification_and_duplicate_certificates_are_refused(markets_register):
    made = records(markets_register)
    message = refused(services.sale_record, Sale, product=made["tea"], channel="网店", buyer_type="个人",
                      amount=Decimal("10"), date=date(2018, 12, 31))  # fmt: skip
    assert "认定" in message
    refused(services.sale_record, Sale, product=made["tea"], channel="地摊", buyer_type="个人",
            amount=Decimal("10"), date=date(2019, 12, 31))  # fmt: skip
    refused(services.product_certify, Product, producer=made["producer"], name="茶", category="茶叶",
            certificate_number="GD-2019-1", certified_date=date(2019, 1, 1))  # fmt: skip
