"""Employment and consumption records (就业帮扶、消费帮扶) in the reader's scope: ``markets.selectors``.

Read-only lists, paginated like the rest of the API; members are given by household code and name (ID
numbers are never returned). ``/markets/summary/`` gives the page's figures for the scope.
"""

from datetime import date
from decimal import Decimal

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from bangfu.accounts.scope import scope_for
from bangfu.api.pagination import Pages
from bangfu.markets import selectors

router = Router(tags=["就业消费帮扶 Employment and consumption"])


class CourseOut(Schema):
    code: str = Field(description="培训班编号 / course code")
    name: str = Field(description="培训班名称 / name")
    brand: str = Field(description="培训品牌：粤菜师傅、南粤家政、广东技工、其他 / brand")
    skill: str = Field(description="培训工种 / skill")
    provider: str = Field(description="培训机构 / provider")
    division_code: str = Field(description="举办地行政区划代码 / division code", alias="division.code")
    division_name: str = Field(description="举办地 / division", alias="division.name")
    start_date: date
    end_date: date | None
    funding: Decimal | None = Field(description="培训经费（元）/ funding (yuan)")
    funding_source: str = Field(description="经费来源 / funding source")


class MemberRecord(Schema):
    household_code: str = Field(description="户编号 / household code", alias="member.household.code")
    member_name: str = Field(description="成员姓名 / member's name", alias="member.name")


class TraineeOut(MemberRecord):
    course_code: str = Field(description="培训班编号 / course code", alias="course.code")
    completed: bool = Field(description="是否结业 / completed")
    certificate_number: str = Field(description="证书编号 / certificate number")


class JobFairOut(Schema):
    name: str
    brand: str = Field(description="品牌：南粤春暖、其他 / brand")
    date: date
    division_code: str = Field(alias="division.code")
    division_name: str = Field(alias="division.name")
    employers: int
    posts: int = Field(description="提供岗位数 / posts offered")
    attendance: int


class PlacementOut(MemberRecord):
    employer: str
    destination: str = Field(description="就业地点：本地、省内、深圳、省外 / destination")
    job_kind: str = Field(description="岗位类别：公益岗位、市场就业 / job kind")
    start_date: date
    end_date: date | None
    monthly_wage: Decimal | None = Field(description="月工资（元）/ monthly wage (yuan)")


class SubsidyOut(MemberRecord):
    kind: str = Field(description="补贴类别 / subsidy kind")
    amount: Decimal
    date: date


class ProducerOut(Schema):
    code: str
    name: str
    kind: str = Field(description="合作社、企业、农户 / producer kind")
    village_code: str = Field(alias="village.division.code")
    village_name: str = Field(alias="village.division.name")


class ProductOut(Schema):
    certificate_number: str = Field(description="认定证书编号 / certificate number")
    name: str
    category: str
    producer_code: str = Field(alias="producer.code")
    certified_date: date
    valid_until: date | None


class SaleOut(Schema):
    certificate_number: str = Field(alias="product.certificate_number")
    product_name: str = Field(alias="product.name")
    channel: str = Field(description="销售渠道 / channel")
    buyer_type: str
    buyer: str
    amount: Decimal = Field(description="金额（元）/ amount (yuan)")
    date: date


class BenefitOut(Schema):
    household_code: str = Field(alias="household.code")
    producer_code: str = Field(alias="producer.code")
    mechanism: str = Field(description="订单收购、务工、分红、其他 / benefit mechanism")
    start_year: int


class SummaryOut(Schema):
    courses: int
    trainees: int
    job_fairs: int
    posts: int
    placements: int
    people_placed: int
    products: int
    sales_yuan: Decimal
    households_benefiting: int


LISTS = (
    ("courses", CourseOut, selectors.courses, "培训班 Training courses"),
    ("trainees", TraineeOut, selectors.trainees, "培训学员 Trainees"),
    ("job-fairs", JobFairOut, selectors.job_fairs, "招聘会 Job fairs"),
    ("placements", PlacementOut, selectors.placements, "转移就业 Placements"),
    ("subsidies", SubsidyOut, selectors.subsidies, "就业补贴 Employment subsidies"),
    ("producers", ProducerOut, selectors.producers, "经营主体 Producers"),
    ("products", ProductOut, selectors.products, "扶贫产品 Certified products"),
    ("sales", SaleOut, selectors.sales, "产品销售 Sales"),
    ("benefits", BenefitOut, selectors.benefit_links, "主体带贫户 Benefiting households"),
)


def _route(slug: str, schema, selector, summary: str) -> None:
    def listing(request):
        return selector(scope=scope_for(request.user))

    listing.__name__ = f"markets_{slug.replace('-', '_')}"
    listing.__doc__ = f"本人数据范围内的{summary.split()[0]}。"
    router.get(f"/markets/{slug}/", response=list[schema], summary=summary)(paginate(Pages)(listing))


for entry in LISTS:
    _route(*entry)


@router.get("/markets/summary/", response=SummaryOut, summary="就业消费帮扶汇总 Summary")
def markets_summary(request):
    """本人数据范围内的培训、招聘会、转移就业、扶贫产品、销售额和受益户。"""
    return selectors.summary(scope=scope_for(request.user))
