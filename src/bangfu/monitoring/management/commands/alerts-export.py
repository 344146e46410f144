"""``bangfu alerts-export FILE.csv``: every alert as CSV (UTF-8 with BOM), in the contract's columns."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bangfu.monitoring.alerts.exporting import alerts_export_csv


class Command(BaseCommand):
    help = (
        "把全部部门预警（达到阈值的行，新的在前）导出为 CSV（UTF-8 带 BOM），列为 预警编号、户编号、来源部门、预警事项、"
        "发生日期、金额、状态；不含证件号码。 / Write every department alert (rows that crossed the threshold, newest "
        "first) to a CSV file (UTF-8 with BOM) with the columns 预警编号, 户编号, 来源部门, 预警事项, 发生日期, 金额, "
        "状态; no ID numbers are written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="要写出的 .csv 文件 / the .csv file to write")

    def handle(self, *args, path: Path, **options):
        if path.suffix.lower() != ".csv":
            raise CommandError(f"导出文件应以 .csv 结尾：{path} / the file must end in .csv", returncode=1)
        try:
            count = alerts_export_csv(actor=None, path=path)
        except OSError as error:
            raise CommandError(f"无法写入 {path}：{error.strerror or error}", returncode=1) from None
        self.stdout.write(f"已导出 {count} 条预警到 {path} / {count} alerts written to {path}")
