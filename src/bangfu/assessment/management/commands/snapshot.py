"""``bangfu snapshot OUT_DIR``: write the register's snapshot tables as Parquet with a checked manifest."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from bangfu.assessment import cli
from bangfu.core.progress import ProgressPrinter
from bangfu.engine.snapshot import snapshot_write_folder


class Command(BaseCommand):
    help = (
        "把档案快照（村、村年度、户、成员、收入，即评估引擎读取的表和列）写成 Parquet 文件夹：户、成员、收入按县区分目录，"
        "另有 manifest.json（结构版本、数据日期、Bangfu 版本、行数、每个文件的 SHA-256）。"
        "可用 bangfu assess --snapshot DIR 评估，或带到 Spark 集群上运行（python -m bangfu.spark_job）。"
        " / Write the register's snapshot tables (the engine's tables and columns) as a Parquet folder,"
        " households, members and incomes split by county, with manifest.json (schema version, as-of date,"
        " Bangfu version, row counts, SHA-256 of every file). Assess it with `bangfu assess --snapshot DIR`"
        " or take it to a Spark cluster (python -m bangfu.spark_job)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "out_dir", type=Path, metavar="OUT_DIR", help="新的或空的文件夹 / a new or empty folder"
        )
        parser.add_argument(
            "--as-of",
            type=cli.date_argument,
            metavar="YYYY-MM-DD",
            help="快照所描述的日期，记入清单，质量检查默认按它计算年龄（默认今天）"
            " / the date the register describes, recorded in the manifest (default: today)",
        )
        cli.add_scope(parser)

    def handle(self, *args, out_dir: Path, as_of, scope, **options):
        progress = ProgressPrinter(self.stderr)

        def interrupted() -> str:
            return f"已中断：{out_dir} 不完整（没有清单），请删除 / interrupted: {out_dir} is incomplete"

        with cli.command_errors(interrupted):
            manifest = snapshot_write_folder(out_dir, scope=scope, as_of=as_of, progress=progress)
        counts = "，".join(f"{table} {rows:,}" for table, rows in manifest["row_counts"].items())
        self.stderr.write(
            f"快照已写入 {out_dir}：{counts}；{len(manifest['files'])} 个文件，数据日期 {manifest['as_of']}"
        )
