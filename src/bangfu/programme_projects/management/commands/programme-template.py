"""``bangfu programme-template --out FILE``: the empty programme workbook, with its instructions sheet."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bangfu.core.errors import ApplicationError
from bangfu.programme_projects.template import programme_template


class Command(BaseCommand):
    help = (
        "写出空白的对口帮扶导入模板（.xlsx）：第一个表“说明”解释每个表和每一列（是否必填、格式、可选值），"
        "其后是对口帮扶、帮扶单位、结对、帮扶干部、干部派驻、走访、一户一策、项目、项目状态、项目产出、利益联结、"
        "帮扶措施、资金、产业园区、招商项目、年度考核各表的列名，填写后用 bangfu programme-import 导入。"
        " / Write the empty programme workbook (.xlsx): a first sheet 说明 explaining every sheet and column "
        "(required or not, format, accepted codes), then one sheet per kind of record with its headers; fill it "
        "in and load it with bangfu programme-import."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            type=Path,
            required=True,
            metavar="FILE",
            help="输出的 .xlsx 文件 / the .xlsx file to write",
        )

    def handle(self, *args, out: Path, **options):
        try:
            written = programme_template(out)
        except ApplicationError as error:
            raise CommandError(str(error), returncode=1) from None
        self.stdout.write(f"已写出对口帮扶导入模板 → {written}")
