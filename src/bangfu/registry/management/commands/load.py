"""``bangfu load DIR``: load a register folder written by ``bangfu generate`` into an empty register."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bangfu.core.errors import ApplicationError
from bangfu.core.progress import ProgressPrinter
from bangfu.registry.loading import register_load_folder


class Command(BaseCommand):
    help = (
        "把 bangfu generate 生成的档案文件夹（村.csv 户.csv 成员.csv 收入.csv 村年度.csv）载入空的档案库；"
        "出错则什么都不写入。 / Load a register folder written by `bangfu generate` into an empty register, "
        "all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="档案文件夹 / folder with the CSV files")

    def handle(self, *args, folder: Path, **options):
        if not folder.is_dir():
            raise CommandError(f"找不到文件夹 {folder}")
        progress = ProgressPrinter(self.stderr)
        try:
            summary = register_load_folder(folder, progress=lambda stage, n: progress(f"载入{stage}", n))
        except ApplicationError as error:
            raise CommandError(f"{error}（未载入任何数据）") from None
        except KeyboardInterrupt:
            raise CommandError("已中断，未载入任何数据 / interrupted, nothing loaded") from None
        self.stdout.write(
            f"已载入 {summary.villages:,} 个村、{summary.households:,} 户、{summary.members:,} 名成员、"
            f"{summary.income_records:,} 条收入记录、{summary.village_stats:,} 条村年度统计"
        )
