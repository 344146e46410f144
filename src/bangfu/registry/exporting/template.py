"""``register_template``: an empty workbook in the contract layout, for data entry, with a 说明 sheet first.

The instructions are generated from ``registry/contract.py`` and the code lists (``exporting/rules.py``):
a change to the contract changes the template.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from bangfu.core.errors import ApplicationError
from bangfu.registry import contract
from bangfu.registry.exporting import rules, workbook
from bangfu.registry.exporting.outputs import Workbook

INSTRUCTIONS = "说明"
TITLE = "建档立卡档案导入模板 填写说明"
#: General rules, from shared/contracts/registry-template.md.
GENERAL = (
    "本工作簿的每个工作表对应档案的一部分："
    + "、".join(sheet.name for sheet in contract.SHEETS)
    + f"。导入时按工作表名称识别；“{contract.VILLAGE_STATS.name}”可以不填，“{INSTRUCTIONS}”表不导入。",
    "每个表的第一行是列名，请不要修改列名；列的顺序可以调整；表中多出的列作为附加属性保存（导入时提示）。"
    "非必填的列可以整列删去：删去的列，档案库中已有的值保持不变；保留该列而单元格留空，则清空已有的值。",
    "列名为红色的列必填；“条件必填”的列在说明所写的情况下必填。把鼠标移到列名上可以看到该列的要求。",
    "带下拉箭头的列请从列表中选择。证件号码、行政区划代码、户编号和电话已设为文本格式，请不要改成数字格式。",
    "是/否 列也接受 Y/N、1/0；日期也接受 YYYY/MM/DD、YYYYMMDD 和 Excel 日期；金额可以带千位分隔符和“元”；"
    "全角数字和字母会自动转换为半角。",
    "证件号码为18位居民身份证号码，校验位须正确，前6位须为县级行政区划代码，出生日期在1900年1月1日至今天之间；"
    "15位旧号码请先换成18位。性别和出生日期须与证件号码一致。",
    "也可以用 CSV 文件导入：每个表一个文件，文件名为表名（如 村.csv），UTF-8 或 GB18030 编码，"
    "放在同一个文件夹或 zip 文件中。",
    "导入时检查全部数据：有任何错误则什么都不导入，并列出每个错误所在的表、行、列、所填的值和原因；"
    "改正后重新导入即可。按户编号和证件号码匹配已有记录，重复导入同一文件不会产生重复数据。",
)
TABLE_HEADERS = ("列名", "是否必填", "格式和可选值", "说明")
WIDTHS = (16, 10, 60, 60)


def register_template(path: Path | str) -> Path:
    """Write the empty template workbook to ``path`` (``.xlsx``); returns the path written."""
    output = Workbook(Path(path).expanduser())
    if output.target.suffix.lower() != ".xlsx":
        raise ApplicationError(f"模板是 xlsx 工作簿，文件名应以 .xlsx 结尾：{path}")
    output.open()
    try:
        _instructions(output.book.create_sheet(INSTRUCTIONS))
        for sheet in contract.SHEETS:
            output.write_sheet(sheet, [], (), lambda done: None)
        output.close()
        output.publish()
    except BaseException:
        output.discard()
        raise
    return output.target


def _instructions(ws) -> None:
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[chr(ord("A") + index - 1)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")

    def styled(value: str, *, font: Font | None = None, fill=None) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=value)
        cell.alignment = wrap
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        return cell

    ws.append([styled(TITLE, font=Font(bold=True, size=14))])
    ws.append([])
    for number, text in enumerate(GENERAL, start=1):
        ws.append([styled(f"{number}.", font=Font(bold=True)), styled(text)])
    for sheet in contract.SHEETS:
        ws.append([])
        ws.append(
            [
                styled(f"工作表“{sheet.name}”", font=Font(bold=True, size=12)),
                styled(rules.SHEET_NOTES[sheet.name]),
            ]
        )
        ws.append(
            [styled(header, font=workbook.HEADER_FONT, fill=workbook.HEADER_FILL) for header in TABLE_HEADERS]
        )
        for column in sheet.columns:
            required = rules.column_required(sheet, column)
            ws.append(
                [
                    styled(column.header, font=workbook.REQUIRED_FONT if column.required else None),
                    styled(required),
                    styled(rules.column_format(column)),
                    styled(rules.column_note(sheet, column)),
                ]
            )
