"""``bangfu figures-refresh``: rebuild the dashboard's pre-aggregated figures from the register."""

from django.core.management.base import BaseCommand

from bangfu.indicators.services import figures_refresh


class Command(BaseCommand):
    help = (
        "从档案重新计算首页的预汇总指标（村×年度指标、收入分布、三保障缺口）。载入、导入和退出评估之后会自动计算，"
        "在管理后台修改档案后可手动运行。 / Rebuild the dashboard's pre-aggregated figures (village × year figures,"
        " income bands, three-guarantee gaps). Loads, imports and exit assessments do it themselves; run it after"
        " changing the register in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--gaps-only", action="store_true", help="只重新计算三保障缺口 / only the three-guarantee gaps"
        )

    def handle(self, *args, gaps_only: bool, **options):
        refresh = figures_refresh(gaps_only=gaps_only, reason="bangfu figures-refresh")
        rows = "、".join(f"{name} {count:,}" for name, count in refresh.counts.items())
        self.stdout.write(f"已刷新指标 Figures refreshed in {refresh.seconds:.2f} s: {rows}")
