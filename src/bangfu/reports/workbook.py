"""The results report as an Excel workbook (``bangfu report results --format xlsx --out FILE``).

Sheets, with Chinese headers: 汇总 (figure, value, unit, definition — every key of the JSON report),
资金 (funds by budget year, category and source), 项目 (projects by category and status at the end of the
year), 招商项目 (investment projects by park), 就业消费帮扶 (R23: training, job fairs, placements, products, sales). Numbers are written as numbers with number formats.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from bangfu.core.spreadsheet import xlsx_row
from bangfu.projects.choices import PROJECT_STATUS_ORDER
from bangfu.reports.markets_workbook import markets_sheet
from bangfu.reports.programme_results import funds_table, parks_table, programmes_in_scope, projects_table

COUNT, MONEY, RATE, TEXT = "#,##0", "#,##0", "0.00%", "@"

#: The summary sheet: key, figure (中文), unit, number format, definition. Order follows the report.
SUMMARY = (
    ("poor_villages", "贫困村", "个", COUNT, "标记为贫困村的村（R1）"),
    ("poor_villages_exited", "已出列贫困村", "个", COUNT, "出列年度 ≤ 报告年度的贫困村（R1）"),
    ("poor_households", "建档立卡贫困户", "户", COUNT, "识别年度 ≤ 报告年度的一般、低保、特困供养贫困户"),
    ("poor_households_exit_rate", "贫困户脱贫率", "", RATE, "脱贫年度 ≤ 报告年度的户 ÷ 建档立卡贫困户（R2）"),
    ("households_lifted", "累计减贫户数", "户", COUNT, "脱贫年度 ≤ 报告年度的建档立卡贫困户（R3）"),
    ("people_lifted", "累计减贫人数", "人", COUNT, "上述户的成员（R4）"),
    (
        "village_income_per_capita",
        "贫困村居民年人均可支配收入",
        "元",
        MONEY,
        "贫困村当年统计，按户籍人口加权（R5）",
    ),
    (
        "labour_household_income_per_capita",
        "有劳动力贫困户年人均收入",
        "元",
        MONEY,
        "Σ纯收入 ÷ Σ成员数（R6）",
    ),
    ("labour_household_income_before", "帮扶前人均收入", "元", MONEY, "同一批户，识别年度前一年"),
    ("labour_household_income_increase", "比帮扶前增加", "元", MONEY, "两者之差（R7）"),
    ("paired_villages", "对口帮扶贫困村", "个", COUNT, "报告年度底前开始结对的村，不重复计数（R8）"),
    (
        "industry_projects_in_paired_villages",
        "结对村产业扶贫项目",
        "个",
        COUNT,
        "位于结对村、开始年度 ≤ 报告年度的产业类项目（R9）",
    ),
    (
        "cadres_dispatched",
        "选派帮扶干部",
        "名",
        COUNT,
        "报告年度底前开始派驻的干部人数，一人多次派驻只计一次（R10）",
    ),
    (
        "funds_total_yuan",
        "累计安排帮扶资金",
        "元",
        MONEY,
        "资金年度 ≤ 报告年度的下达资金，不含地方财政配套（R11）",
    ),
    ("funds_livelihood_yuan", "民生帮扶资金", "元", MONEY, "同上，资金类别为民生（R12）"),
    (
        "livelihood_beneficiary_times",
        "民生项目受益人次",
        "人次",
        COUNT,
        "开始年度 ≤ 报告年度的民生项目受益人口之和；按项目相加，同一人受益于两个项目计两次（R13）",
    ),
    ("beds_added", "提升改造病床", "张", COUNT, "报告年度底前完工或验收项目的产出：病床（R14）"),
    ("school_places_added", "中小学学位", "个", COUNT, "同上，产出：学位（R15）"),
    (
        "funds_in_year_yuan",
        "报告年度新增帮扶资金",
        "元",
        MONEY,
        "资金年度 = 报告年度的下达资金，不含地方财政配套（R16）",
    ),
    ("funds_donor_finance_yuan", "其中：帮扶方财政资金", "元", MONEY, "累计帮扶资金中资金来源为帮扶方财政"),
    ("funds_enterprise_yuan", "其中：企业帮扶资金", "元", MONEY, "累计帮扶资金中资金来源为企业"),
    ("funds_social_yuan", "其中：社会捐赠资金", "元", MONEY, "累计帮扶资金中资金来源为社会捐赠"),
    ("park_projects", "产业园区招商项目", "个", COUNT, "报告年度底前签约的招商项目（R17）"),
    ("park_investment_yuan", "招商项目总投资", "元", MONEY, "上述项目投资额之和（R18）"),
    ("park_projects_from_shenzhen", "来源于帮扶城市的项目", "个", COUNT, "投资方来源城市为帮扶城市（R19）"),
    ("park_projects_over_1bn", "超10亿元项目", "个", COUNT, "投资额 > 10亿元（R20）"),
)

HEADER = Font(bold=True)


def results_workbook(figures: dict, path: Path, *, programme: str | None = None) -> None:
    """Write the workbook of ``figures`` (from ``results_report``) to ``path``; tables are queried here."""
    year = figures["year"]
    programmes = programmes_in_scope(programme)
    book = Workbook()
    summary = book.active
    summary.title = "汇总"
    rows = [
        ("报告年度", year, "年", "0", "统计截至该年年底"),
        ("地区", figures.get("region") or "", "", TEXT, "档案中全部村所在的最小行政区划"),
    ]
    rows += [
        (label, figures.get(key), unit, number_format, definition)
        for key, label, unit, number_format, definition in SUMMARY
    ]
    rows += [
        (f"{evaluated}年度考核等次", grade, "", TEXT, "年度考核记录（R21）")
        for evaluated, grade in figures.get("evaluation_grades", {}).items()
    ]
    rows.append(
        ("乡村振兴示范点", "、".join(figures["demonstration_villages"]), "", TEXT, "示范村 = 是（R22）")
    )
    _table(summary, ["指标", "数值", "单位", "计算口径"], [(r[0], r[1], r[2], r[4]) for r in rows])
    for index, row in enumerate(rows, start=2):
        summary.cell(row=index, column=2).number_format = row[3]

    funds = book.create_sheet("资金")
    _table(
        funds,
        ["资金年度", "资金类别", "资金来源", "下达（元）", "拨付（元）", "支出（元）"],
        [
            (row["year"], row["category"], row["source"], row["allocated"], row["disbursed"], row["spent"])
            for row in funds_table(year=year, programmes=programmes)
        ],
        formats={4: MONEY, 5: MONEY, 6: MONEY},
    )
    projects = book.create_sheet("项目")
    _table(
        projects,
        ["项目类别", *PROJECT_STATUS_ORDER, "合计"],
        [
            (
                row["category"],
                *(row[s] for s in PROJECT_STATUS_ORDER),
                sum(row[s] for s in PROJECT_STATUS_ORDER),
            )
            for row in projects_table(year=year, programmes=programmes)
        ],
        formats={column: COUNT for column in range(2, len(PROJECT_STATUS_ORDER) + 3)},
    )
    parks = book.create_sheet("招商项目")
    _table(
        parks,
        ["产业园区", "所在地", "项目数", "总投资（元）", "来源于帮扶城市", "超10亿元项目"],
        [
            (row["park"], row["division"], row["projects"], row["amount"], row["from_donor"], row["over_1bn"])
            for row in parks_table(year=year, programmes=programmes)
        ],
        formats={3: COUNT, 4: MONEY, 5: COUNT, 6: COUNT},
    )
    markets_sheet(book.create_sheet("就业消费帮扶"), figures)
    book.save(path)


def _table(sheet, headers: list[str], rows, formats: dict[int, str] | None = None) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = HEADER
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        sheet.append(xlsx_row(sheet, row))  # text is never a formula (core.spreadsheet)
    for column, number_format in (formats or {}).items():
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = number_format
    for column, header in enumerate(headers, start=1):
        width = max(
            [
                len(str(header)) * 2,
                *(
                    len(str(c.value or "")) + 2
                    for (c,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column)
                ),
            ]
        )
        sheet.column_dimensions[get_column_letter(column)].width = min(60, max(10, width))
    sheet.freeze_panes = "A2"
