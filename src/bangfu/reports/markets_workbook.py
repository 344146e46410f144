"""The results workbook's sheet 就业消费帮扶 (R23): every employment and consumption figure, one row each."""

from __future__ import annotations

from openpyxl.styles import Font

COUNT, MONEY, RATE = "#,##0", "#,##0", "0.00%"

ROWS = (
    ("training_sessions", "技能培训班", "期", COUNT, "开始日期 ≤ 报告年度年底的培训班"),
    ("trainees", "培训人数", "人", COUNT, "上述培训班的学员，一人多次只计一次"),
    ("trainees_registered_poor", "其中建档立卡贫困户成员", "人", COUNT, "学员所在户为建档立卡贫困户"),
    ("trainees_registered_poor_share", "贫困户成员占比", "", RATE, "上两者之比"),
    ("job_fairs", "招聘会", "场", COUNT, "举办日期 ≤ 报告年度年底"),
    ("job_fair_posts", "招聘会提供岗位", "个", COUNT, "上述招聘会的岗位数之和"),
    ("job_placements", "转移就业", "人次", COUNT, "开始日期 ≤ 报告年度年底的就业记录"),
    ("certified_products", "认定扶贫产品", "个", COUNT, "认定日期 ≤ 报告年度年底"),
    ("consumption_sales_yuan", "消费扶贫销售额", "元", MONEY, "销售日期 ≤ 报告年度年底的销售记录金额之和"),
    ("households_benefiting", "带动受益户", "户", COUNT, "开始年度 ≤ 报告年度的利益联结户，不重复计数"),
)

BREAKDOWNS = (
    ("job_placements_by_destination", "转移就业：", "人次", COUNT, "按就业地点"),
    ("people_in_work_by_year", "在岗人数 ", "人", COUNT, "该年内有就业记录覆盖的成员，不重复计数"),
    ("consumption_sales_by_channel", "销售额：", "元", MONEY, "按销售渠道"),
    ("consumption_sales_by_year", "销售额 ", "元", MONEY, "按销售年度"),
)


def markets_sheet(sheet, figures: dict) -> None:
    """Fill ``sheet`` with the R23 figures of ``figures`` (from ``results_report``)."""
    sheet.append(["指标", "数值", "单位", "计算口径"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rows = [
        (label, figures.get(key), unit, number_format, note) for key, label, unit, number_format, note in ROWS
    ]
    for key, prefix, unit, number_format, note in BREAKDOWNS:
        rows += [
            (f"{prefix}{name}", value, unit, number_format, note)
            for name, value in figures.get(key, {}).items()
        ]
    for label, value, unit, number_format, note in rows:
        sheet.append([label, value, unit, note])
        sheet.cell(row=sheet.max_row, column=2).number_format = number_format
    for letter, width in zip("ABCD", (28, 16, 8, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
