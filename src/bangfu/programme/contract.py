"""The programme workbook (对口帮扶 导入模板): sheets, Chinese column headers, and the loader fields they fill.

Pure data, no Django: the import (``programme_projects/importing.py``) and the template (``bangfu programme-template``)
read it, so the layout is written down once. One sheet per entity; a folder of CSV files named after the
sheets (``帮扶单位.csv`` …) works too. Every sheet but ``对口帮扶`` is optional. Fields are those of the bulk
loader (``programme_projects/bulk/spec.py``); references are natural keys: a unit by its name or unified social credit
code, a village by its 12-digit division code, a household by 户编号, a cadre by 干部编号, a project by 项目编号.
"""

from __future__ import annotations

from enum import StrEnum

from bangfu.registry.contract import Column, Sheet


class Kind(StrEnum):
    TEXT = "text"
    CODE = "code"  # a value from a code list (see programme/choices.py, projects/choices.py)
    DIVISION = "division"  # 12-digit division code
    ID_NUMBER = "id_number"  # 18-digit resident ID
    YEAR = "year"
    INT = "int"
    MONEY = "money"  # yuan, 2 decimal places
    QUANTITY = "quantity"  # a number ≥ 0, 2 decimal places
    DATE = "date"
    BOOL = "bool"  # 是/否


def _c(header: str, field: str, kind: Kind = Kind.TEXT, required: bool = False) -> Column:
    return Column(header, field, kind, required)  # type: ignore[arg-type]  # our Kind, same shape


PROGRAMME = Sheet(
    "对口帮扶",
    (
        _c("名称", "name", required=True),
        _c("帮扶城市", "donor_city", required=True),
        _c("受援城市", "recipient_city", required=True),
        _c("受援地行政区划代码", "recipient_division", Kind.DIVISION, True),
        _c("起始年度", "start_year", Kind.YEAR, True),
        _c("结束年度", "end_year", Kind.YEAR),
    ),
)

#: Sheet → the loader entity it fills (``programme_records_bulk_load`` keyword), in loading order.
ENTITY_SHEETS: dict[str, Sheet] = {
    "units": Sheet(
        "帮扶单位",
        (
            _c("单位名称", "name", required=True),
            _c("单位类别", "kind", Kind.CODE, True),
            _c("所属区", "district"),
            _c("上级单位", "parent"),
            _c("统一社会信用代码", "uscc"),
        ),
    ),
    "pairings": Sheet(
        "结对",
        (
            _c("帮扶单位", "unit", required=True),
            _c("村行政区划代码", "village", Kind.DIVISION, True),
            _c("开始日期", "start_date", Kind.DATE, True),
            _c("结束日期", "end_date", Kind.DATE),
        ),
    ),
    "cadres": Sheet(
        "帮扶干部",
        (
            _c("干部编号", "code", required=True),
            _c("姓名", "name", required=True),
            _c("派出单位", "unit", required=True),
            _c("性别", "gender", Kind.CODE),
            _c("联系电话", "phone"),
            _c("证件号码", "id_number", Kind.ID_NUMBER),
        ),
    ),
    "assignments": Sheet(
        "干部派驻",
        (
            _c("干部编号", "cadre", required=True),
            _c("岗位", "role", Kind.CODE, True),
            _c("帮扶单位", "unit", required=True),
            _c("开始日期", "start_date", Kind.DATE, True),
            _c("结束日期", "end_date", Kind.DATE),
            _c("村行政区划代码", "village", Kind.DIVISION),
            _c("户编号", "household"),
            _c("县镇行政区划代码", "division", Kind.DIVISION),
        ),
    ),
    "visits": Sheet(
        "走访",
        (
            _c("户编号", "household", required=True),
            _c("干部编号", "cadre", required=True),
            _c("走访日期", "date", Kind.DATE, True),
            _c("走访情况", "notes"),
            _c("发现问题", "findings"),
        ),
    ),
    "plans": Sheet(
        "一户一策",
        (
            _c("户编号", "household", required=True),
            _c("年度", "year", Kind.YEAR, True),
            _c("帮扶计划", "summary"),
        ),
    ),
    "projects": Sheet(
        "项目",
        (
            _c("项目编号", "code", required=True),
            _c("项目名称", "name", required=True),
            _c("项目类别", "category", Kind.CODE, True),
            _c("村行政区划代码", "village", Kind.DIVISION),
            _c("县镇行政区划代码", "division", Kind.DIVISION),
            _c("状态", "status", Kind.CODE),
            _c("预算", "budget", Kind.MONEY, True),
            _c("受益人口", "population_served", Kind.INT),
            _c("开始年度", "start_year", Kind.YEAR, True),
            _c("结束年度", "end_year", Kind.YEAR),
        ),
    ),
    "status_changes": Sheet(
        "项目状态",
        (
            _c("项目编号", "project", required=True),
            _c("原状态", "from_status", Kind.CODE),
            _c("新状态", "to_status", Kind.CODE, True),
            _c("变更日期", "date", Kind.DATE, True),
            _c("原因", "reason"),
        ),
    ),
    "outputs": Sheet(
        "项目产出",
        (
            _c("项目编号", "project", required=True),
            _c("产出类别", "kind", Kind.CODE, True),
            _c("数量", "quantity", Kind.QUANTITY, True),
            _c("说明", "description"),
        ),
    ),
    "beneficiaries": Sheet(
        "利益联结",
        (
            _c("项目编号", "project", required=True),
            _c("户编号", "household", required=True),
            _c("联结方式", "description"),
        ),
    ),
    "measures": Sheet(
        "帮扶措施",
        (
            _c("户编号", "household", required=True),
            _c("年度", "year", Kind.YEAR, True),
            _c("措施类别", "category", Kind.CODE, True),
            _c("措施内容", "description"),
            _c("状态", "status", Kind.CODE),
            _c("开始日期", "start_date", Kind.DATE),
            _c("结束日期", "end_date", Kind.DATE),
            _c("金额", "amount", Kind.MONEY),
            _c("项目编号", "project"),
        ),
    ),
    "fund_flows": Sheet(
        "资金",
        (
            _c("资金环节", "kind", Kind.CODE, True),
            _c("资金来源", "source", Kind.CODE, True),
            _c("资金类别", "category", Kind.CODE),
            _c("项目编号", "project"),
            _c("资金年度", "year", Kind.YEAR, True),
            _c("日期", "date", Kind.DATE),
            _c("金额", "amount", Kind.MONEY, True),
            _c("文号", "reference"),
            _c("备注", "notes"),
        ),
    ),
    "parks": Sheet(
        "产业园区",
        (
            _c("园区名称", "name", required=True),
            _c("行政区划代码", "division", Kind.DIVISION, True),
        ),
    ),
    "investments": Sheet(
        "招商项目",
        (
            _c("园区名称", "park", required=True),
            _c("项目名称", "name", required=True),
            _c("投资方", "investor", required=True),
            _c("投资方来源城市", "investor_origin_city"),
            _c("投资额", "amount", Kind.MONEY, True),
            _c("行业", "sector"),
            _c("进度", "status", Kind.CODE),
            _c("签约日期", "signed_date", Kind.DATE, True),
            _c("开工日期", "started_date", Kind.DATE),
            _c("投产日期", "producing_date", Kind.DATE),
        ),
    ),
    "evaluations": Sheet(
        "年度考核",
        (
            _c("年度", "year", Kind.YEAR, True),
            _c("考核等次", "grade", Kind.CODE, True),
            _c("考核单位", "evaluator"),
            _c("备注", "notes"),
        ),
    ),
}

SHEETS: tuple[Sheet, ...] = (PROGRAMME, *ENTITY_SHEETS.values())

#: Format notes for the template's instructions sheet, by kind.
KIND_NOTES = {
    Kind.TEXT: "文本",
    Kind.CODE: "可选值：{codes}",
    Kind.DIVISION: "12位统计用区划代码（请设为文本格式）",
    Kind.ID_NUMBER: "18位身份证号码（请设为文本格式）",
    Kind.YEAR: "四位年份，如 2016",
    Kind.INT: "非负整数",
    Kind.MONEY: "金额（元），最多两位小数",
    Kind.QUANTITY: "数量，最多两位小数",
    Kind.DATE: "日期，如 2016-03-01",
    Kind.BOOL: "是 或 否",
}
