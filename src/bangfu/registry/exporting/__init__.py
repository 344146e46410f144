"""Export of the register in the workbook contract's layout, and the empty template for data entry.

    from bangfu.registry.exporting import register_export, register_template
    summary = register_export(path="海丰县.xlsx", scope="441521")            # ID numbers and phones masked
    register_export(path="out.zip", fmt="csv", unmask=True, user=officer)     # needs core.view_personal_data; logged
    register_template("模板.xlsx")

Sheets 村 户 成员 收入 (and 村年度 when the villages have statistics), columns in the contract's order then
the extra attributes, rows in a fixed order, cells in their canonical text: export → import → export gives
the same files. See docs/export.md.
"""

from bangfu.registry.exporting.services import ExportSummary, register_export
from bangfu.registry.exporting.template import register_template

__all__ = ["ExportSummary", "register_export", "register_template"]
