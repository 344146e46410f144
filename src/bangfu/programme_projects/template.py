"""The empty programme workbook (对口帮扶导入模板): an instructions sheet, then one sheet per entity with headers."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from bangfu.core.errors import ApplicationError
from bangfu.programme import contract
from bangfu.programme_projects.bulk.spec import ENTITIES

INSTRUCTIONS = "说明"
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_TEXT_KINDS = (contract.Kind.TEXT, contract.Kind.DIVISION, contract.Kind.ID_NUMBER, contract.Kind.CODE)


def programme_template(path: Path | str) -> Path:
    """Write the template to ``path`` (.xlsx); returns the path."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ApplicationError(f"模板文件应以 .xlsx 结尾：{path.name} / the template must be an .xlsx file")
    workbook = Workbook()
    notes = workbook.active
    notes.title = INSTRUCTIONS
    notes.append(["工作表", "列", "必填", "格式或可选值"])
    for cell in notes[1]:
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
    for width, letter in zip((14, 20, 6, 90), "ABCD", strict=True):
        notes.column_dimensions[letter].width = width
    notes.append(["", "", "", "对口帮扶表只填一行；其余各表可选，可删除不用的表。引用：单位用名称或统一社会信用代码，"
                  "村用12位区划代码，户用户编号，干部用干部编号，项目用项目编号。必填列标为橙色。"])  # fmt: skip
    for entity, sheet in [("programme", contract.PROGRAMME), *contract.ENTITY_SHEETS.items()]:
        choices = {field.name: field.choices for field in ENTITIES.get(entity, ())}
        data = workbook.create_sheet(sheet.name)
        data.append(sheet.headers)
        for index, column in enumerate(sheet.columns, start=1):
            cell = data.cell(row=1, column=index)
            cell.font, cell.fill = Font(bold=True), _REQUIRED_FILL if column.required else _HEADER_FILL
            letter = cell.column_letter
            data.column_dimensions[letter].width = max(12, 2 * len(column.header) + 2)
            if (
                column.kind in _TEXT_KINDS
            ):  # digits typed in this column stay text: long codes keep every digit
                data.column_dimensions[letter].number_format = "@"
            note = contract.KIND_NOTES[contract.Kind(column.kind)].format(
                codes="、".join(choices.get(column.field, ()))
            )
            notes.append([sheet.name, column.header, "是" if column.required else "", note])
        data.freeze_panes = "A2"
    try:
        workbook.save(path)
    except OSError as error:
        raise ApplicationError(
            f"无法写入 {path}：{error.strerror or error} / cannot write the file"
        ) from None
    return path
