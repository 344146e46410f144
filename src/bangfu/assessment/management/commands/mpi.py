"""``bangfu mpi --year Y``: Alkire–Foster H, A and M0, by county and by indicator."""

from __future__ import annotations

import dataclasses
import json
import unicodedata

from django.core.management.base import BaseCommand

from bangfu.assessment import cli
from bangfu.assessment.selectors import MpiReport, mpi_report
from bangfu.core.progress import ProgressPrinter

COUNTY_COLUMNS = (("人数 n", 12), ("贫困 q", 10), ("H", 9), ("A", 9), ("M0", 9), ("贡献 share", 12))
INDICATOR_COLUMNS = (("权重 w", 8), ("h", 9), ("未删减 raw", 12), ("贡献 share", 12))


class Command(BaseCommand):
    help = (
        "计算“两不愁三保障”多维贫困指数（Alkire–Foster 方法）：H（贫困发生率，按人计）、A（贫困人口的平均剥夺"
        "份额）、M0 = H×A，并按县区和按指标（删减后的剥夺发生率及其对 M0 的贡献）分解。权重和临界值见 mpi 标准文件。"
        " / Compute the Alkire–Foster multidimensional poverty figures over the two assurances and three"
        " guarantees: H (headcount ratio, over people), A (mean deprivation share of the poor) and M0 = H×A,"
        " decomposed by county and by indicator (censored headcount ratios and their contributions to M0)."
        " Weights and the cutoff are in the mpi standard file."
    )

    def add_arguments(self, parser):
        cli.add_year(parser)
        cli.add_scope(parser)
        cli.add_standard(parser, default="mpi", ids="mpi")
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="输出格式（默认 text）/ output format"
        )

    def handle(self, *args, year: int, scope, standard, format: str, **options):
        cli.check_year(year)
        with cli.command_errors(lambda: "已中断 / interrupted"):
            report = mpi_report(
                area=cli.area_of(scope),
                standard_id=standard,
                year=year,
                progress=ProgressPrinter(self.stderr),
            )
        if format == "json":
            self.stdout.write(json.dumps(dataclasses.asdict(report), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(report_lines(report)))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _left(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (Chinese characters take two)."""
    return text + " " * max(0, width - _width(text))


def _right(text: str, width: int) -> str:
    return " " * max(0, width - _width(text)) + text


def _share(value: float) -> str:
    return f"{value * 100:.1f}%"


def report_lines(report: MpiReport) -> list[str]:
    total = report.total
    where = f"范围 {report.scope}" if report.scope else "全部档案 whole register"
    lines = [
        f"多维贫困指数 Multidimensional poverty index (Alkire–Foster) · {report.standard_id}（{report.standard_title}）"
        f" · {report.year} 年 · {where}",
        f"按人计算 Counted over people. 剥夺分数 = Σ 权重 / {report.denominator}；"
        f"贫困 poor: 分数 score ≥ {report.cutoff}/{report.denominator}",
        "",
        f"人数 n = {total.people:,}（{total.households:,} 户 households）  "
        f"多维贫困人数 q = {total.poor_people:,}（{total.poor_households:,} 户）",
        f"H = {total.H:.4f}   A = {total.A:.4f}   M0 = H×A = {total.M0:.4f}",
        "",
        "按县区 By county:",
        "  "
        + _left("县区代码 code", 16)
        + _left("名称 name", 22)
        + "".join(_right(title, width) for title, width in COUNTY_COLUMNS),
    ]
    for group in report.counties:
        name = report.county_names.get(group.county_code or "", "")
        lines.append(
            f"  {group.county_code or '-':<16}{_left(name, 22)}{group.people:>12,}{group.poor_people:>10,}"
            f"{group.H:>9.4f}{group.A:>9.4f}{group.M0:>9.4f}{_share(group.contribution):>12}"
        )
    lines += [
        "",
        "按指标 By indicator (h = 删减后的剥夺发生率 censored headcount ratio):",
        "  "
        + _left("指标 id", 22)
        + "".join(_right(title, width) for title, width in INDICATOR_COLUMNS)
        + "  名称 title",
    ]
    for indicator_id, title, weight, _ in report.indicators:
        lines.append(
            f"  {indicator_id:<22}{f'{weight}/{report.denominator}':>8}{total.censored[indicator_id]:>9.4f}"
            f"{total.uncensored[indicator_id]:>12.4f}{_share(total.indicator_contribution[indicator_id]):>12}"
            f"  {title}"
        )
    return lines
