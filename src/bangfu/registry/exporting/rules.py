"""What each contract column accepts, in plain Chinese: for the template's 说明 sheet and the header notes.

Formats and code lists are derived from ``registry/contract.py`` and the code lists (``values.CODE_LISTS``),
so they follow any change there. The conditional rules that ``contract.py`` does not hold as data (which
columns are required only for registered poor households, which two columns exclude each other, …) are
written here once, from shared/contracts/registry-template.md, keyed by sheet and header; a test checks that
every key names a real column.
"""

from __future__ import annotations

from bangfu.registry import contract
from bangfu.registry.contract import FALSE, TRUE, Column, Kind
from bangfu.registry.values import CODE_LISTS

#: A sentence about each sheet, in the order the sheets appear.
SHEET_NOTES = {
    contract.VILLAGES.name: "村的基本信息，每个村一行。",
    contract.HOUSEHOLDS.name: "农户（建档立卡贫困户和一般农户），每户一行。",
    contract.MEMBERS.name: "家庭成员，每人一行；每户有且只有一名“户主”。",
    contract.INCOMES.name: "农户的年度收入，每户每年一行。纯收入 = 四项收入之和 − 生产经营性支出。",
    contract.VILLAGE_STATS.name: "村的年度统计（Bangfu 的扩展表，可以不填），每村每年一行。",
}

#: Rules beyond the column's format, from the contract, keyed by (sheet, header).
COLUMN_NOTES = {
    ("村", "识别年度"): "贫困村必填",
    ("村", "出列年度"): "未出列的留空",
    ("户", "户编号"): "在档案中唯一",
    ("户", "行政区划代码"): "须是“村”表中或系统中已有的村",
    ("户", "户主证件号码"): "须与“成员”表中与户主关系为“户主”的成员的证件号码相同",
    ("户", "识别年度"): "建档立卡贫困户必填",
    ("户", "脱贫年度"): "未脱贫的留空",
    ("户", "主要致贫原因"): "建档立卡贫困户必填",
    ("户", "危房改造"): "只在住房安全等级为 C 或 D 时填写",
    ("户", "联系电话"): "11位手机号码或固定电话",
    ("成员", "户编号"): "须是“户”表中的户编号",
    ("成员", "证件号码"): "在档案中唯一",
    ("成员", "性别"): "可不填（由证件号码得出）；填写时须与证件号码一致",
    ("成员", "出生日期"): "可不填（由证件号码得出）；填写时须与证件号码一致",
    ("成员", "文化程度"): "不在校的成员填写；与“在校生状况”二者必须填一个，且只填一个",
    ("成员", "在校生状况"): "在校生和学龄前儿童填写；与“文化程度”二者必须填一个，且只填一个",
    ("成员", "务工月数"): "0 到 12",
    ("成员", "失学辍学"): "任何年龄都可以填“是”（教育指标只看 6–15 岁）",
    ("成员", "辍学原因"): "失学辍学为“是”时必填",
    ("收入", "户编号"): "须是“户”表中的户编号；同一户同一年度只有一行",
    ("村年度", "行政区划代码"): "须是“村”表中或系统中已有的村；同一村同一年度只有一行",
}

#: Columns that are required only under a condition (their note says which).
CONDITIONAL = {
    ("村", "识别年度"),
    ("户", "识别年度"),
    ("户", "主要致贫原因"),
    ("成员", "文化程度"),
    ("成员", "在校生状况"),
    ("成员", "辍学原因"),
}

_KIND_FORMATS = {
    Kind.TEXT: "文字",
    Kind.DIVISION: "12位统计用行政区划代码（前6位是县级代码），按文本填写",
    Kind.ID_NUMBER: "18位居民身份证号码，末位可以是 X；校验位须正确；按文本填写",
    Kind.BOOL: f"{TRUE} / {FALSE}",
    Kind.YEAR: "四位年份，如 2016",
    Kind.INT: "不小于 0 的整数",
    Kind.MONEY: "金额（元），不小于 0，最多两位小数",
    Kind.DATE: "日期，格式 YYYY-MM-DD（也可以是 Excel 日期）",
}

#: Text columns holding codes or numbers, which must stay text.
_TEXT_CODES = {
    "code": "文字（编号，如 4415211012010001），按文本填写",
    "household_code": "文字（“户”表中的户编号），按文本填写",
    "phone": "文字（电话号码），按文本填写",
}


def codes(column: Column) -> tuple[str, ...]:
    """The values a drop-down list offers for ``column``: its codes, 是/否, or nothing."""
    if column.kind is Kind.CODE:
        return CODE_LISTS[column.field][0]
    if column.kind is Kind.BOOL:
        return (TRUE, FALSE)
    return ()


def column_format(column: Column) -> str:
    """The format or the accepted codes of a column, in Chinese."""
    if column.field in _TEXT_CODES:
        return _TEXT_CODES[column.field]
    if column.kind is not Kind.CODE:
        return _KIND_FORMATS[column.kind]
    accepted, aliases = CODE_LISTS[column.field]
    text = "从下拉列表中选择：" + "、".join(accepted)
    if aliases:
        text += "（" + "；".join(f"“{alias}”按“{code}”处理" for alias, code in aliases.items()) + "）"
    return text


def column_required(sheet: contract.Sheet, column: Column) -> str:
    if column.required:
        return "必填"
    if (sheet.name, column.header) in CONDITIONAL:
        return "条件必填"
    return "选填"


def column_note(sheet: contract.Sheet, column: Column) -> str:
    return COLUMN_NOTES.get((sheet.name, column.header), "")


def column_summary(sheet: contract.Sheet, column: Column) -> str:
    """All of the above in one text, for the note on a header cell."""
    parts = [column_required(sheet, column), column_format(column), column_note(sheet, column)]
    return "。".join(part for part in parts if part) + "。"
