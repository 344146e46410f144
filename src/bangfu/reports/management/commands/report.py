"""``bangfu report results``: the programme results report, computed from records."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import translation

from bangfu.programme.models import Programme
from bangfu.reports.results import results_report
from bangfu.reports.workbook import results_workbook

REPORTS = {"results": results_report}
LANGUAGES = {"zh": "zh-hans", "en": "en"}


class Command(BaseCommand):
    help = (
        "计算并输出帮扶成效报告：贫困村出列、脱贫户数和人数、收入、结对、干部、资金、项目、园区招商、考核等，"
        "每次都由档案记录算出。 / Compute the programme results report from the register's and programme's records."
    )

    def add_arguments(self, parser):
        parser.add_argument("report", choices=sorted(REPORTS), help="报告名称 / which report (results)")
        parser.add_argument(
            "--format",
            choices=["json", "md", "xlsx"],
            default="json",
            help="输出格式：json、md 或 xlsx（xlsx 需要 --out）/ output format (xlsx needs --out)",
        )
        parser.add_argument("--year", type=int, default=2020, help="统计截至年度（默认2020）/ report year")
        parser.add_argument(
            "--lang", choices=sorted(LANGUAGES), default="zh", help="md 的语言 / language of md"
        )
        parser.add_argument(
            "--programme",
            help="只统计这个对口帮扶（名称）；默认全部 / only this programme (name); default all",
        )
        parser.add_argument("--out", type=Path, help="写入文件而不是屏幕 / write to this file instead")

    def handle(self, *args, **options):
        if not 1949 <= options["year"] <= 2100:
            raise CommandError(f"年度 {options['year']} 不合理：请给出四位年份，例如 2020")
        if options["format"] == "xlsx" and not options["out"]:
            raise CommandError("Excel 格式需要用 --out 指定输出文件，例如 --out 成效报告.xlsx")
        programme = options["programme"]
        if programme and not Programme.objects.filter(name=programme).exists():
            names = "、".join(Programme.objects.order_by("name").values_list("name", flat=True)) or "（无）"
            raise CommandError(f"没有名为“{programme}”的对口帮扶；现有：{names}")
        figures = REPORTS[options["report"]](year=options["year"], programme=programme)
        if options["format"] == "xlsx":
            self._workbook(figures, options["out"], programme)
            return
        if options["format"] == "json":
            text = json.dumps(figures, ensure_ascii=False, indent=2)
        else:
            language = LANGUAGES[options["lang"]]
            with translation.override(language):
                text = render_to_string(f"reports/{options['report']}.{language}.md", {"r": figures})
        if options["out"]:
            try:
                options["out"].write_text(text + "\n", encoding="utf-8")
            except OSError as error:
                raise CommandError(f"无法写入 {options['out']}：{error.strerror}") from None
        else:
            self.stdout.write(text)

    def _workbook(self, figures: dict, out: Path, programme: str | None) -> None:
        try:
            results_workbook(figures, out, programme=programme)
        except OSError as error:
            raise CommandError(f"无法写入 {out}：{error.strerror}") from None
        self.stdout.write(f"已写入 {out}")
