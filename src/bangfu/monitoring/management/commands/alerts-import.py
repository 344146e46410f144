"""``bangfu alerts-import FILE``: check a department cross-check file, then import it all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from bangfu.core.errors import ApplicationError
from bangfu.monitoring.alerts.services import AlertsRefused, alerts_import
from bangfu.registry.importing.report import issue_line

LINES = (
    ("rows_read", "读取行数 rows read"),
    ("matched", "匹配档案成员 matched"),
    ("raised", "产生预警 alerts raised"),
    ("under_threshold", "未达阈值 under threshold"),
    ("unmatched_leads", "未匹配，转为线索 unmatched leads"),
    ("unchanged", "此前已导入，未变 already imported, unchanged"),
)


class Command(BaseCommand):
    help = (
        "导入部门筛查预警数据（.xlsx 或 .csv，格式见 shared/contracts/department-alerts.md）。先检查全部内容："
        "有任何错误，就逐条列出（工作表或文件、行、列、值、原因）并且什么都不写入（退出码 1）。没有错误，就按"
        "证件号码匹配档案成员：达到监测标准阈值的产生预警，未达阈值的只保存，档案中没有的人转为线索。同一行再导入"
        "不会有任何变化。 / Import a department cross-check file (.xlsx or .csv). The whole file is checked "
        "first: with any error, every error is listed (sheet or file, row, column, value, reason) and nothing "
        "is written (exit code 1). Otherwise rows are matched to registered members by ID number; rows over "
        "the monitoring standard's threshold raise alerts, others are stored, people not in the register "
        "become leads. Importing the same rows again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="部门文件 .xlsx 或 .csv / the department file")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="以此用户的身份导入（只导入其管辖范围；默认整个档案）/ import as this user, within their area (default: the whole register)",
        )
        parser.add_argument(
            "--lang", choices=["zh", "en"], default="zh", help="消息语言 / language of the messages"
        )

    def handle(self, *args, path: Path, user: str | None, lang: str, **options):
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"没有用户名为 {user} 的用户 / no user named {user}")
        try:
            result = alerts_import(actor=account, path=path, lang=lang)
        except AlertsRefused as refused:
            for issue in refused.issues:
                self.stdout.write(issue_line(issue, lang) if issue.sheet else issue.message)
            raise CommandError(
                f"文件有 {refused.errors} 个错误，未写入任何数据 / {refused.errors} errors, nothing was written",
                returncode=1,
            ) from None
        except ApplicationError as error:
            raise CommandError(str(error), returncode=1) from None
        for issue in result.warnings:
            self.stdout.write(issue_line(issue, lang))
        for name, label in LINES:
            self.stdout.write(f"{label}: {getattr(result, name)}")
