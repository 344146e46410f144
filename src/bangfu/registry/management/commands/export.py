"""``bangfu export PATH``: the register (or one area of it) in the workbook contract's layout."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from bangfu.core.errors import ApplicationError
from bangfu.core.personal_data import PERMISSION
from bangfu.core.progress import ProgressPrinter
from bangfu.registry.exporting import ExportSummary, register_export

INTERRUPTED = "已中断，未写入任何文件 / interrupted, nothing written"


class Command(BaseCommand):
    help = (
        "按导入模板的格式导出档案：村、户、成员、收入（有村年度统计时加上村年度）。导出的文件可以修改后再导入。"
        "证件号码和电话默认遮蔽；要导出完整号码，加 --unmask 并用 --user 指明有权限的用户，每次都会记录。"
        " / Export the register in the import template's layout (sheets 村 户 成员 收入, and 村年度 when there "
        "are village statistics); the file can be edited and imported again. ID numbers and phones are masked "
        "unless --unmask is given with --user naming a user allowed to see them; such exports are logged."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            type=Path,
            help="输出：.xlsx 工作簿、.zip 文件或文件夹（CSV）/ output: an .xlsx workbook, a .zip, or a folder (CSV)",
        )
        parser.add_argument(
            "--scope",
            metavar="DIVISION_PREFIX",
            help="只导出行政区划代码以此开头的村，如 441521（海丰县）；也可以是完整的12位区划代码"
            " / only villages whose division code starts with this, e.g. 441521; or a full 12-digit code",
        )
        parser.add_argument(
            "--format",
            dest="fmt",
            choices=["xlsx", "csv"],
            help="xlsx 或 csv；默认按文件名：.xlsx 为工作簿，.zip 和文件夹为 CSV"
            " / xlsx or csv; by default from the path: .xlsx a workbook, .zip or a folder CSV files",
        )
        parser.add_argument(
            "--unmask",
            action="store_true",
            help="导出完整的证件号码和电话（需要 --user，且该用户有权限；会记录）"
            " / write full ID numbers and phones (needs --user with the permission; logged)",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help=f"导出人的用户名，--unmask 时必填（须有 {PERMISSION} 权限）"
            f" / who exports; required with --unmask (needs {PERMISSION})",
        )

    def handle(self, *args, path: Path, scope, fmt, unmask: bool, user, **options):
        fmt = fmt or ("xlsx" if path.suffix.lower() == ".xlsx" else "csv")
        account = None
        if unmask:
            if not user:
                raise CommandError("--unmask 需要用 --user 指明导出人（须有查看未遮蔽证件号码和电话的权限）")
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"找不到用户 {user}")
        printer = ProgressPrinter(self.stderr)
        try:
            summary = register_export(
                path=path,
                scope=scope,
                fmt=fmt,
                unmask=unmask,
                user=account,
                progress=lambda sheet, done, total: printer(f"导出{sheet}", done, total, final=done == total),
            )
        except ApplicationError as error:
            raise CommandError(f"{error}（未写入任何文件）") from None
        except KeyboardInterrupt:
            raise CommandError(INTERRUPTED) from None
        except OSError as error:
            raise CommandError(
                f"无法写入 {path}：{error.strerror or error} / cannot write the file"
            ) from None
        self.stdout.write(summary_line(summary))


def summary_line(summary: ExportSummary) -> str:
    counts = (
        f"{summary.villages:,} 个村、{summary.households:,} 户、{summary.members:,} 名成员、"
        f"{summary.income_records:,} 条收入记录"
    )
    if summary.village_stats:
        counts += f"、{summary.village_stats:,} 条村年度统计"
    masking = "证件号码和电话已遮蔽" if summary.masked else "含完整证件号码和电话，已记录"
    scope = f"范围 {summary.scope}，" if summary.scope else ""
    return f"已导出 {counts}（{scope}{masking}）→ {summary.path}"
