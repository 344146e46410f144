"""``bangfu quality [--scope …] --out FILE``: run the data-quality checks, store and write the findings."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

from django.core.management.base import BaseCommand

from bangfu.assessment import cli, readable
from bangfu.assessment.output import write_output, write_rows
from bangfu.assessment.selectors import FINDING_COLUMNS, run_finding_rows
from bangfu.assessment.services import quality_check_run
from bangfu.codes.area import Area
from bangfu.core.progress import ProgressPrinter


class Command(BaseCommand):
    help = (
        "检查档案的数据质量（如一人同时参加两种基本医保、缺劳动力户中劳动力过多），保存这次检查，"
        "并把发现的问题写成 CSV：检查项、户编号、成员证件号码（中间已隐去）、问题说明，UTF-8 带 BOM，Excel 可直接打开；"
        "--headers en 写给程序用的 check,household_code,member,message（检查项为编号，无 BOM）。"
        " / Run the data-quality checks over the register, store the run and write the findings as CSV for"
        " Excel (Chinese headers, checks by title, UTF-8 with BOM); --headers en writes"
        " check,household_code,member,message with check ids and no BOM, for programs (ID numbers masked)."
    )

    def add_arguments(self, parser):
        cli.add_scope(parser)
        cli.add_engine(parser)
        parser.add_argument(
            "--out", type=Path, required=True, metavar="FILE", help="结果 CSV 文件 / the CSV file to write"
        )
        parser.add_argument(
            "--as-of",
            type=_date,
            metavar="YYYY-MM-DD",
            help="按这一天计算年龄（默认今天）/ the date ages are counted on (default: today)",
        )
        cli.add_standard(parser, default="quality", ids="quality")
        readable.add_headers_option(parser)

    def handle(self, *args, scope, out: Path, standard, as_of: datetime.date | None, headers: str, **options):
        progress = ProgressPrinter(self.stderr)
        run = None

        def interrupted() -> str:
            if run is None:
                return "已中断，未保存任何检查结果 / interrupted, nothing stored"
            return f"已中断：检查已保存（编号 {run.pk}），未写出文件 / interrupted after the run was stored"

        with cli.command_errors(interrupted):
            run = quality_check_run(
                standard_id=standard,
                scope=scope,
                as_of=as_of,
                progress=progress,
                engine=cli.engine_options(options),
            )
            rows = run_finding_rows(run, area=Area.everything())
            if headers == "zh":
                header, rows = readable.headers(FINDING_COLUMNS), readable.finding_rows(run, rows)
            else:
                header = None
            written = write_output(
                out, None, lambda stream: write_rows(stream, FINDING_COLUMNS, rows, "csv", header=header)
            )
        by_check = "，".join(f"{check} {count:,}" for check, count in run.result_counts.items())
        where = f"范围 {run.scope}" if run.scope else "全部档案"
        self.stderr.write(f"检查编号 {run.pk}：{where}，发现 {written:,} 个问题（{by_check or '无'}）→ {out}")


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 YYYY-MM-DD，例如 2021-08-31，而不是 {text}") from None
