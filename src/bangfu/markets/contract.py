"""The markets' sheets of the programme workbook (就业帮扶、消费帮扶), added to ``programme/contract.py`` by
the extension in ``markets/bulk.py``. Pure data: sheet names, Chinese headers, loader fields, value kinds.

References: a course by 培训班编号, a member by 证件号码 (a member of the register), a producer by 主体编号,
a product by 认定证书编号, a village or a division by its 12-digit code, a household by 户编号.
"""

from __future__ import annotations

from bangfu.programme.contract import Kind, _c
from bangfu.registry.contract import Sheet

SHEETS: dict[str, Sheet] = {
    "courses": Sheet(
        "培训班",
        (
            _c("培训班编号", "code", required=True),
            _c("培训班名称", "name", required=True),
            _c("培训品牌", "brand", Kind.CODE, True),
            _c("培训工种", "skill"),
            _c("培训机构", "provider"),
            _c("培训地点", "place"),
            _c("行政区划代码", "division", Kind.DIVISION, True),
            _c("开始日期", "start_date", Kind.DATE, True),
            _c("结束日期", "end_date", Kind.DATE),
            _c("培训经费", "funding", Kind.MONEY),
            _c("经费来源", "funding_source", Kind.CODE),
        ),
    ),
    "trainees": Sheet(
        "培训学员",
        (
            _c("培训班编号", "course", required=True),
            _c("证件号码", "member", Kind.ID_NUMBER, True),
            _c("是否结业", "completed", Kind.BOOL),
            _c("证书编号", "certificate_number"),
        ),
    ),
    "job_fairs": Sheet(
        "招聘会",
        (
            _c("招聘会名称", "name", required=True),
            _c("品牌", "brand", Kind.CODE, True),
            _c("举办日期", "date", Kind.DATE, True),
            _c("举办地点", "place"),
            _c("行政区划代码", "division", Kind.DIVISION, True),
            _c("参会企业数", "employers", Kind.INT),
            _c("提供岗位数", "posts", Kind.INT),
            _c("参会人数", "attendance", Kind.INT),
        ),
    ),
    "placements": Sheet(
        "转移就业",
        (
            _c("证件号码", "member", Kind.ID_NUMBER, True),
            _c("就业单位", "employer", required=True),
            _c("就业地点", "destination", Kind.CODE, True),
            _c("岗位类别", "job_kind", Kind.CODE, True),
            _c("开始日期", "start_date", Kind.DATE, True),
            _c("结束日期", "end_date", Kind.DATE),
            _c("月工资", "monthly_wage", Kind.MONEY),
        ),
    ),
    "subsidies": Sheet(
        "就业补贴",
        (
            _c("证件号码", "member", Kind.ID_NUMBER, True),
            _c("补贴类别", "kind", Kind.CODE, True),
            _c("金额", "amount", Kind.MONEY, True),
            _c("发放日期", "date", Kind.DATE, True),
        ),
    ),
    "producers": Sheet(
        "经营主体",
        (
            _c("主体编号", "code", required=True),
            _c("主体名称", "name", required=True),
            _c("主体类别", "kind", Kind.CODE, True),
            _c("村行政区划代码", "village", Kind.DIVISION, True),
        ),
    ),
    "products": Sheet(
        "扶贫产品",
        (
            _c("主体编号", "producer", required=True),
            _c("产品名称", "name", required=True),
            _c("产品类别", "category", Kind.CODE, True),
            _c("认定证书编号", "certificate_number", required=True),
            _c("认定日期", "certified_date", Kind.DATE, True),
            _c("有效期至", "valid_until", Kind.DATE),
        ),
    ),
    "sales": Sheet(
        "产品销售",
        (
            _c("认定证书编号", "product", required=True),
            _c("销售渠道", "channel", Kind.CODE, True),
            _c("购买方类别", "buyer_type", Kind.CODE, True),
            _c("购买方", "buyer"),
            _c("金额", "amount", Kind.MONEY, True),
            _c("销售日期", "date", Kind.DATE, True),
        ),
    ),
    "benefit_links": Sheet(
        "主体带贫户",
        (
            _c("主体编号", "producer", required=True),
            _c("户编号", "household", required=True),
            _c("联结机制", "mechanism", Kind.CODE, True),
            _c("开始年度", "start_year", Kind.YEAR, True),
        ),
    ),
}
