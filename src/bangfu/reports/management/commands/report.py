"""``bangfu report results``: the programme results report, computed from records."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import translation

from bangfu.reports.results import results_report

REPORTS = {"results": results_report}
LANGUAGES = {"zh": "zh-hans", "en": "en"}


class Command(BaseCommand):
    help = (
        "计算并输出帮扶成效报告：贫困村出列、脱贫户数和人数、收入等，每次都由档案记录算出。"
        " / Compute the programme results report from the register's records."
    )

    def add_arguments(self, parser):
        parser.add_argument("report", choices=sorted(REPORTS), help="报告名称 / which report (results)")
        parser.add_argument(
            "--format", choices=["json", "md"], default="json", help="输出格式：json 或 md / output format"
        )
        parser.add_argument("--year", type=int, default=2020, help="统计截至年度（默认2020）/ report year")
        parser.add_argument(
            "--lang", choices=sorted(LANGUAGES), default="zh", help="md 的语言 / language of md"
        )
        parser.add_argument("--out", type=Path, help="写入文件而不是屏幕 / write to this file instead")

    def handle(self, *args, **options):
        if not 1949 <= options["year"] <= 2100:
            raise CommandError(f"年度 {options['year']} 不合理：请给出四位年份，例如 2020")
        figures = REPORTS[options["report"]](year=options["year"])
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
