"""``bangfu assess``: assess every household or village against a standard for a year, store and print it."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from django.core.management.base import BaseCommand

from bangfu.assessment import cli, readable
from bangfu.assessment.output import write_output, write_rows
from bangfu.assessment.selectors import HOUSEHOLD_COLUMNS, VILLAGE_COLUMNS, run_result_rows
from bangfu.assessment.services import assessment_run
from bangfu.codes.area import Area
from bangfu.core.progress import ProgressPrinter


class Command(BaseCommand):
    help = (
        "按标准评估档案中的每一户（或每个村）某一年是否达标，保存这次评估，并输出结果。CSV 默认给人看："
        "中文表头（户编号、结论、未达标指标、监测类别；村级为村行政区划代码、结论、贫困发生率、未达标指标），结论和指标写成文字，"
        "UTF-8 带 BOM，Excel 可直接打开。--headers en（或 --format json）给程序用："
        "户级列为 household_code,result,criteria,category；村级列为 village_code,result,incidence,criteria。"
        "result 为 pass/fail（退出标准）或 flag/clear（监测标准）；criteria 为未通过的指标，按字母排序、用 ; 连接；"
        "incidence 为贫困发生率（小数，如 0.0125）。进度和一行摘要写到标准错误。"
        " / Assess every household (or village) against a standard for a year, store the run and print the"
        " results. CSV is for people by default: Chinese headers, results and criteria in words, UTF-8 with a BOM"
        " so that Excel opens it. --headers en (or --format json) is for programs:"
        " household_code,result,criteria,category (household level) or"
        " village_code,result,incidence,criteria (village level). result is pass/fail (exit standards) or"
        " flag/clear (monitoring); criteria are the failed criterion ids, sorted and joined by ';';"
        " incidence is a fraction (0.0125). Progress and a one-line summary go to stderr."
    )

    def add_arguments(self, parser):
        cli.add_standard(parser)
        cli.add_year(parser)
        parser.add_argument(
            "--level",
            choices=["household", "village"],
            default="household",
            help="评估户（默认）或村 / assess households (default) or villages",
        )
        cli.add_scope(parser)
        cli.add_engine(parser)
        parser.add_argument(
            "--format", choices=["csv", "json"], default="csv", help="输出格式（默认 csv）/ output format"
        )
        parser.add_argument(
            "--out",
            type=Path,
            metavar="FILE",
            help="写入文件而不是屏幕 / write to this file instead of stdout",
        )
        readable.add_headers_option(parser)

    def handle(
        self,
        *args,
        standard,
        year: int,
        level: str,
        scope,
        format: str,
        out: Path | None,
        headers: str,
        **options,
    ):
        cli.check_year(year)
        progress = ProgressPrinter(self.stderr)
        run = None

        def interrupted() -> str:
            if run is None:
                return "已中断，未保存任何评估结果 / interrupted, nothing stored"
            return f"已中断：评估已保存（编号 {run.pk}），输出未写完，未留下文件 / interrupted after the run was stored"

        with cli.command_errors(interrupted):
            run = assessment_run(
                standard_id=standard,
                year=year,
                level=level,
                scope=scope,
                progress=progress,
                engine=cli.engine_options(options),
            )
            columns = VILLAGE_COLUMNS if level == "village" else HOUSEHOLD_COLUMNS
            rows, header = run_result_rows(run, area=Area.everything()), None
            if format == "csv" and headers == "zh":
                rows, header = readable.result_rows(run, columns, rows), readable.headers(columns)
            write_output(
                out,
                cli.Raw(self.stdout),
                partial(write_rows, columns=columns, rows=rows, fmt=format, header=header),
            )
        counts = "，".join(f"{key} {value:,}" for key, value in run.result_counts.items()) or "无结果"
        total = sum(
            run.result_counts.get(key, 0) for key in ("pass", "fail", "undecided", "flag", "clear", "missing")
        )
        where = f"范围 {run.scope}" if run.scope else "全部档案"
        self.stderr.write(
            f"评估编号 {run.pk}：{run.standard} {run.year} 年，{where}，{total:,} 个{'村' if level == 'village' else '户'}："
            f"{counts}；用时 {(run.finished_at - run.started_at).total_seconds():.1f} 秒"
        )
