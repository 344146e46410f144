"""``bangfu results-import DIR``: store the results the Spark job wrote as an assessment run."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from bangfu.assessment import cli
from bangfu.assessment.services import results_import
from bangfu.core.progress import ProgressPrinter


class Command(BaseCommand):
    help = (
        "载入 Spark 作业（python -m bangfu.spark_job）写出的结果文件夹，保存为一次评估：先按清单核对每个文件的校验和，"
        "再检查结果的列和每户（村）一行，全部写入或什么都不写。"
        " / Store a results folder written by the Spark job (python -m bangfu.spark_job) as an assessment run:"
        " every file is checked against the manifest first, then the rows; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, metavar="DIR", help="结果文件夹 / the results folder")

    def handle(self, *args, folder: Path, **options):
        progress = ProgressPrinter(self.stderr)
        with cli.command_errors(lambda: "已中断，未保存任何结果 / interrupted, nothing stored"):
            run = results_import(folder=folder, progress=progress)
        counts = "，".join(f"{key} {value:,}" for key, value in run.result_counts.items()) or "无结果"
        self.stderr.write(f"评估编号 {run.pk}：已载入 {run.standard}（{run.level}）{counts} ← {folder}")
