"""``bangfu import PATH``: check a register file completely, then apply it to the register, all or nothing.

The work is ``registry.importing.service.register_import``, the service the upload page's tasks call too;
this command parses the options and prints the issues and the summary."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from bangfu.core.errors import ApplicationError
from bangfu.core.progress import ProgressPrinter
from bangfu.registry.importing.report import issue_line, report_write
from bangfu.registry.importing.service import register_import

#: How many issues are printed on screen; the report file has them all (the first
#: ``BANGFU_IMPORT_ERROR_LIMIT`` errors in full, then one line per kind: 还有 N 条同类错误).
SHOWN = 50
REPORT_SUFFIXES = (".csv", ".xlsx")

TEXT = {
    "unknown_user": {"zh": "没有用户名为 {name} 的用户", "en": "No user named {name}"},
    "report_suffix": {
        "zh": "报告文件应以 .csv 或 .xlsx 结尾：{path}",
        "en": "The report file must end in .csv or .xlsx: {path}",
    },
    "report_unwritable": {
        "zh": "无法写入报告文件 {path}：{reason}",
        "en": "Cannot write the report {path}: {reason}",
    },
    "validating": {"zh": "校验", "en": "checking "},
    "applying": {"zh": "写入", "en": "writing "},
    "dry_applying": {"zh": "试算", "en": "computing "},
    "more": {
        "zh": "… 另有 {count:,} 条，见 --report 报告文件",
        "en": "… and {count:,} more, see --report",
    },
    "more_written": {
        "zh": "… 另有 {count:,} 条，见报告 {path}",
        "en": "… and {count:,} more, see the report {path}",
    },
    "report_written": {"zh": "报告已写入 {path}", "en": "Report written to {path}"},
    "refused": {
        "zh": "文件有 {count:,} 个错误，未写入任何数据",
        "en": "The file has {count:,} errors; nothing was written",
    },
    "warnings": {
        "zh": "{count:,} 条提示（不影响导入）",
        "en": "{count:,} warnings (they do not block the import)",
    },
    "nothing_written": {"zh": "未写入任何数据", "en": "nothing was written"},
    "interrupted": {
        "zh": "已中断，档案库保持原样，未写入任何数据",
        "en": "Interrupted; the register is as it was, nothing was written",
    },
}


def text(key: str, lang: str, **values) -> str:
    return TEXT[key][lang].format(**values)


class Command(BaseCommand):
    help = (
        "导入档案文件（.xlsx 工作簿，或 CSV 文件的文件夹、.zip 压缩包）。先检查文件的全部内容：有任何错误，"
        "就逐条列出（工作表、行、列、值、原因）并且什么都不写入（退出码 1）；没有错误，就按户编号匹配户、"
        "按证件号码匹配成员，新增和更新档案，打印并记录变更汇总，每项变更都保留历史。文件中已没有的记录只报告，"
        "不删除。 / Import a register file (.xlsx workbook, or a folder or .zip of CSV files). The whole file is "
        "checked first: with any error, every error is listed (sheet, row, column, value, reason) and nothing "
        "is written (exit code 1). Otherwise households are matched by 户编号 and members by 证件号码, records "
        "are added and updated, a summary is printed and recorded, and every change keeps its history. Records "
        "no longer in the file are reported, never deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            type=Path,
            help="档案文件：.xlsx、CSV 文件夹或 .zip / the register file: .xlsx, folder or .zip",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="试运行：检查并显示将做的变更，不写入任何数据 / check and show the changes, write nothing",
        )
        parser.add_argument(
            "--report",
            type=Path,
            metavar="FILE",
            help="把全部错误和提示写入此文件（.csv 或 .xlsx）/ write every error and warning to FILE (.csv or .xlsx)",
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
            help="以此用户记录导入和变更历史 / record the import and its changes as done by this user",
        )

    def handle(self, *args, path: Path, dry_run: bool, report: Path | None, lang: str, user: str | None, **_):
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(text("unknown_user", lang, name=user))
        if report is not None and report.suffix.lower() not in REPORT_SUFFIXES:
            raise CommandError(text("report_suffix", lang, path=report))
        printer = ProgressPrinter(self.stderr)
        words = {"check": text("validating", lang), "preview": text("dry_applying", lang),
                 "write": text("applying", lang)}  # fmt: skip

        def progress(stage: str, done: int, total: int | None = None) -> None:
            step, _sep, sheet = stage.partition(":")
            printer(f"{words.get(step, step)}{sheet}", done)

        try:
            outcome = register_import(
                path=path, user=account, file_name=path.name, lang=lang, dry_run=dry_run, progress=progress
            )
        except ApplicationError as error:
            raise CommandError(_nothing_written(str(error), lang), returncode=1) from None
        except KeyboardInterrupt:
            raise CommandError(text("interrupted", lang), returncode=130) from None
        result = outcome.report
        if report is not None:
            self._write_report(result.issues, report, lang)
        if outcome.source_error is not None:
            self.stdout.write(issue_line(result.errors[0], lang))
            raise CommandError(text("refused", lang, count=1), returncode=1)
        if result.errors:
            self._show(result.errors, report, lang)
            raise CommandError(text("refused", lang, count=result.error_count), returncode=1)
        if result.warnings:
            self.stdout.write(text("warnings", lang, count=len(result.warnings)))
            self._show(result.warnings, report, lang, limit=10)
        self.stdout.write("\n".join(outcome.summary.lines(lang)))

    def _show(self, issues, report: Path | None, lang: str, limit: int = SHOWN) -> None:
        for issue in issues[:limit]:
            self.stdout.write(issue_line(issue, lang))
        if len(issues) > limit:
            rest = len(issues) - limit
            key = {"count": rest}
            if report is not None:
                self.stdout.write(text("more_written", lang, path=report, **key))
            else:
                self.stdout.write(text("more", lang, **key))

    def _write_report(self, issues, report: Path, lang: str) -> None:
        try:
            report_write(issues, report)
        except OSError as error:
            raise CommandError(text("report_unwritable", lang, path=report, reason=error.strerror)) from None
        self.stderr.write(text("report_written", lang, path=report))


def _nothing_written(message: str, lang: str) -> str:
    note = text("nothing_written", lang)
    return message if note in message or "未写入任何数据" in message else f"{message}（{note}）"
