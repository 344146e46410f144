"""``bangfu backup FILE``: one file holding the database, the uploads, custom standards and a manifest."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bangfu.core.backup import backup_write
from bangfu.core.errors import ApplicationError
from bangfu.core.progress import ProgressPrinter


class Command(BaseCommand):
    help = (
        "把数据库、上传的档案文件、自定义标准（BANGFU_HOME/standards）和密钥备份到一个文件（.tar.gz，只有本人可读）。"
        "网站运行时也可以备份：数据库取一致的快照。恢复用 bangfu restore。"
        " / Back up the database, uploaded files, custom standards (BANGFU_HOME/standards) and the secret key"
        " into one file (.tar.gz, readable by its owner only). Safe while the site is serving: the database is"
        " copied as one consistent snapshot. Restore it with bangfu restore."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, help="备份文件，如 bangfu-2026-12-04.tar.gz / the backup file to write"
        )
        parser.add_argument(
            "--force", action="store_true", help="覆盖已有的同名文件 / replace the file if it exists"
        )

    def handle(self, *args, file: Path, force: bool, **options):
        try:
            summary = backup_write(target=file, force=force, progress=ProgressPrinter(self.stderr))
        except ApplicationError as error:
            raise CommandError(str(error)) from None
        except KeyboardInterrupt:
            raise CommandError("已中断，没有写出备份文件 / interrupted, no backup written") from None
        counts = summary.counts
        self.stdout.write(
            f"已备份 {counts['households']:,} 户、{counts['users']:,} 个用户和 {summary.files - 1} 个文件 → "
            f"{summary.path}（{summary.size / 1e6:.1f} MB，用时 {summary.seconds:.1f} 秒）"
        )
