"""``bangfu template PATH``: the empty import workbook, with its instructions sheet."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bangfu.core.errors import ApplicationError
from bangfu.registry.exporting import register_template


class Command(BaseCommand):
    help = (
        "写出空白的导入模板（.xlsx）：第一个表“说明”解释每个表和每一列（是否必填、格式、可选值），"
        "其后是村、户、成员、收入、村年度各表的列名，带下拉列表，可直接填写后导入。"
        " / Write the empty import workbook (.xlsx): a first sheet 说明 explaining every sheet and column "
        "(required or not, format, accepted codes), then the sheets with their headers and drop-down lists, "
        "ready to fill in and import."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="输出的 .xlsx 文件 / the .xlsx file to write")

    def handle(self, *args, path: Path, **options):
        try:
            written = register_template(path)
        except ApplicationError as error:
            raise CommandError(str(error)) from None
        except KeyboardInterrupt:
            raise CommandError("已中断，未写入任何文件 / interrupted, nothing written") from None
        except OSError as error:
            raise CommandError(
                f"无法写入 {path}：{error.strerror or error} / cannot write the file"
            ) from None
        self.stdout.write(f"已写出导入模板 → {written}")
