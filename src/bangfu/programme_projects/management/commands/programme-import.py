"""``bangfu programme-import FILE``: check a programme workbook completely, then load it, all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from bangfu.core.errors import ApplicationError
from bangfu.core.progress import ProgressPrinter
from bangfu.programme.contract import ENTITY_SHEETS
from bangfu.programme_projects.bulk.spec import ENTITIES
from bangfu.programme_projects.importing import programme_import
from bangfu.registry.importing.report import issue_line, report_write

#: How many problems are printed on screen; the report file has them all.
SHOWN = 50

TEXT = {
    "reading": {"zh": "读取 ", "en": "reading "},
    "refused": {
        "zh": "文件有 {count:,} 个错误，未写入任何数据",
        "en": "The file has {count:,} errors; nothing was written",
    },
    "more": {"zh": "… 另有 {count:,} 条，见 --report 报告文件", "en": "… and {count:,} more, see --report"},
    "report_written": {"zh": "报告已写入 {path}", "en": "Report written to {path}"},
    "report_suffix": {
        "zh": "报告文件应以 .csv 或 .xlsx 结尾：{path}",
        "en": "The report file must end in .csv or .xlsx: {path}",
    },
    "programme": {"zh": "对口帮扶：{name}{created}", "en": "Programme: {name}{created}"},
    "created": {"zh": "（新建）", "en": " (new)"},
    "dry_run": {
        "zh": "试运行：文件没有错误，以下记录可以导入，但未写入任何数据",
        "en": "Dry run: the file has no errors and these records can be imported; nothing was written",
    },
    "done": {"zh": "已导入：", "en": "Imported:"},
    "interrupted": {"zh": "已中断，未写入任何数据", "en": "Interrupted; nothing was written"},
    "unknown_user": {"zh": "没有用户名为 {name} 的用户", "en": "No user named {name}"},
}


def text(key: str, lang: str, **values) -> str:
    return TEXT[key][lang].format(**values)


class Command(BaseCommand):
    help = (
        "导入对口帮扶工作簿（.xlsx，或以表名命名的 CSV 文件的文件夹、.zip）：帮扶单位、结对、帮扶干部和派驻、走访、"
        "一户一策和帮扶措施、项目及其状态、产出和利益联结、资金、产业园区和招商项目、年度考核。先检查全部内容："
        "有任何错误，就逐条列出（工作表、行、列、值、原因），什么都不写入（退出码 1）；没有错误，就在一个事务中"
        "全部写入。空白模板见 bangfu programme-template。 / Import a programme workbook (.xlsx, or a folder or .zip "
        "of CSV files named after the sheets): assisting units, pairings, cadres and their postings, visits, "
        "household plans and measures, projects with their status log, outputs and beneficiaries, funds, parks and "
        "investment, annual evaluations. Everything is checked first: with any error, every error is listed "
        "(sheet, row, column, value, reason) and nothing is written (exit code 1); otherwise all is written in one "
        "transaction. For the empty workbook, see bangfu programme-template."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            type=Path,
            help="工作簿（.xlsx）、CSV 文件夹或 .zip / the workbook (.xlsx), folder or .zip",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="试运行：全面检查并显示将导入的记录数，不写入任何数据 / check everything, show the counts, write nothing",
        )
        parser.add_argument(
            "--report",
            type=Path,
            metavar="FILE",
            help="把全部错误写入此文件（.csv 或 .xlsx）/ write every error to FILE (.csv or .xlsx)",
        )
        parser.add_argument(
            "--lang",
            choices=["zh", "en"],
            default="zh",
            help="消息语言：zh 中文（默认）或 en 英文 / language of the messages: zh (default) or en",
        )

        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="以此用户记录导入（须为管理员）/ record the import as done by this user (an administrator)",
        )

    def handle(
        self, *args, path: Path, dry_run: bool, report: Path | None, lang: str, user: str | None, **options
    ):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(text("unknown_user", lang, name=user))
        if report is not None and report.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError(text("report_suffix", lang, path=report))
        printer = ProgressPrinter(self.stderr)
        reading = text("reading", lang)

        def progress(name: str, done: int) -> None:
            printer(f"{reading}{name}", done, final=True)

        try:
            result = programme_import(
                path=path, actor=actor, file_name=path.name, dry_run=dry_run, lang=lang, progress=progress
            )
        except ApplicationError as error:
            raise CommandError(str(error), returncode=1) from None
        except KeyboardInterrupt:
            raise CommandError(text("interrupted", lang), returncode=130) from None
        if result.issues:
            for issue in result.issues[:SHOWN]:
                self.stdout.write(issue_line(issue, lang) if issue.sheet else issue.message)
            if len(result.issues) > SHOWN:
                self.stdout.write(text("more", lang, count=len(result.issues) - SHOWN))
            if report is not None:
                try:
                    report_write(result.issues, report)
                except OSError as error:
                    raise CommandError(f"{report}: {error.strerror or error}", returncode=1) from None
                self.stderr.write(text("report_written", lang, path=report))
            raise CommandError(text("refused", lang, count=len(result.issues)), returncode=1)
        created = text("created", lang) if result.programme_created else ""
        self.stdout.write(text("programme", lang, name=result.programme, created=created))
        self.stdout.write(text("dry_run" if dry_run else "done", lang))
        for entity, sheet in ENTITY_SHEETS.items():
            if entity in ENTITIES and result.rows_read.get(sheet.name):
                self.stdout.write(f"  {sheet.name}: {result.rows_read[sheet.name]:,}")
