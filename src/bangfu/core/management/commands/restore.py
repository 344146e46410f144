"""``bangfu restore FILE``: restore a backup into an empty home or database, after checking all of it."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bangfu.core.backup import backup_restore
from bangfu.core.errors import ApplicationError
from bangfu.core.progress import ProgressPrinter


class Command(BaseCommand):
    help = (
        "把 bangfu backup 写出的备份恢复到空的环境（BANGFU_HOME）或空的数据库。先核对每一部分的校验和、数据库副本"
        "和数据库结构版本：文件损坏、来自更新的 Bangfu 或数据库种类不同时拒绝，不做任何更改；来自较早版本的备份恢复后"
        "自动升级。目标已有数据时拒绝，除非加 --force（替换现有数据）。恢复前请先停止网站。"
        " / Restore a backup written by bangfu backup into an empty home or database. Every part is checked"
        " first (checksums, the database copy, the schema version): a damaged file, one from a newer Bangfu or"
        " from another kind of database is refused and nothing is changed; an older backup is migrated after"
        " restoring. A target that holds data is refused unless --force (which replaces it). Stop the site first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="备份文件 / the backup file")
        parser.add_argument(
            "--force",
            action="store_true",
            help="目标已有数据时也恢复，替换现有的数据库和文件 / replace a database and files that hold data",
        )

    def handle(self, *args, file: Path, force: bool, **options):
        self.stderr.write(f"恢复到 Restoring into: {settings.DATABASES['default']['NAME']}")
        try:
            summary = backup_restore(source=file, force=force, progress=ProgressPrinter(self.stderr))
        except ApplicationError as error:
            raise CommandError(str(error)) from None
        except KeyboardInterrupt:
            raise CommandError("已中断：请检查目标，必要时加 --force 重新恢复 / interrupted") from None
        counts, manifest = summary.counts, summary.manifest
        upgraded = "，已升级数据库结构" if summary.migrated else ""
        self.stdout.write(
            f"已恢复 {manifest['created_at']} 的备份（Bangfu {manifest['bangfu_version']}）：{counts['households']:,} 户、"
            f"{counts['users']:,} 个用户{upgraded}，用时 {summary.seconds:.1f} 秒"
        )
