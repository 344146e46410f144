"""``bangfu generate``: write a synthetic register (the Shanwei demo, or any size) as CSV files."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bangfu.demo.generator import (
    GenerationError,
    GenerationSummary,
    generate_register,
    scaled_profile,
    shanwei_profile,
)

#: Progress is printed every this many percent.
PROGRESS_PERCENT = 5
INTERRUPTED = "已中断，未写入任何文件 / interrupted, nothing written"


class Command(BaseCommand):
    help = (
        "生成合成档案（村、户、成员、收入、村年度 五个 CSV 文件）。不加 --households 时生成“汕尾 2013–2020”"
        "演示档案（与公布数字一致）；加 --households N 时生成 N 户的同形档案，用于测试和性能评估。"
        " / Write a synthetic register as five CSV files. Without --households: the Shanwei 2013–2020 demo,"
        " which reproduces the published figures; with --households N: a register of N households of the"
        " same shape, for tests and benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--households",
            type=int,
            default=None,
            metavar="N",
            help="总户数（含一般农户）；不加则生成演示档案 / total households incl. ordinary; default: the demo",
        )
        parser.add_argument("--seed", type=int, default=2013, help="随机种子（默认 2013）/ random seed")
        parser.add_argument(
            "--out",
            required=True,
            metavar="DIR",
            help="输出文件夹；已有的同名文件会被替换 / output folder; files of the same names are replaced",
        )

    def handle(self, *args, households: int | None, seed: int, out: str, **options):
        if households is not None and households < 1:
            raise CommandError(f"户数必须至少为 1，而不是 {households} / --households must be at least 1")
        out_dir = Path(out).expanduser().resolve()
        _check_writable(out_dir)
        profile = shanwei_profile() if households is None else scaled_profile(households)
        self.stderr.write(f"生成 Generating: {profile.name} → {out_dir}")
        started = time.monotonic()
        try:
            summary = generate_register(profile, out_dir, seed=seed, progress=self._progress())
        except KeyboardInterrupt:
            self.stderr.write(INTERRUPTED)
            sys.exit(130)
        except GenerationError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(
                f"无法写入 {out_dir}：{error.strerror or error} / cannot write the files"
            ) from None
        self.stdout.write(_summary_line(summary, out_dir, time.monotonic() - started))

    def _progress(self):
        next_percent = [PROGRESS_PERCENT]

        def report(done: int, total: int) -> None:
            percent = 100 * done // total if total else 100
            if percent < next_percent[0]:
                return
            self.stderr.write(f"  生成档案 households: {done:,}/{total:,} ({percent}%)")
            self.stderr.flush()
            next_percent[0] = (percent // PROGRESS_PERCENT + 1) * PROGRESS_PERCENT

        return report


def _check_writable(out_dir: Path) -> None:
    """Fail early, with a plain reason, when the folder cannot be created or written."""
    existing = out_dir
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise CommandError(f"输出路径不是文件夹：{existing} / not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise CommandError(f"没有写入权限：{existing} / the output folder is not writable")


def _summary_line(summary: GenerationSummary, out_dir: Path, seconds: float) -> str:
    return (
        f"已生成 {summary.villages:,} 个村（贫困村 {summary.poor_villages:,}）、{summary.households:,} 户"
        f"（建档立卡 {summary.registered_households:,}）、{summary.members:,} 人、"
        f"{summary.income_records:,} 条收入记录、{summary.village_stats:,} 条村年度统计，用时 {seconds:.1f} 秒"
        f" → {out_dir}"
    )
