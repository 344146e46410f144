"""``bangfu demo``: one command from nothing to the Shanwei programme's register in a working system."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from bangfu.core.errors import ApplicationError
from bangfu.core.progress import ProgressPrinter
from bangfu.demo import services
from bangfu.demo.context_processors import demo_install_mark
from bangfu.reports.results import results_report
from bangfu.web.server import serve


class Command(BaseCommand):
    help = (
        "建库并升级数据库，生成并载入“汕尾 2013–2020”演示档案，创建管理员 admin，然后启动网站。"
        " / Create the database, generate and load the Shanwei 2013–2020 demo register, create the admin"
        " user, then serve the web application with one task worker (bangfu worker) beside it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help="载入后退出，不启动网站 / stop after loading"
        )
        parser.add_argument("--port", type=int, default=8000, help="网站端口（默认 8000）/ port to serve on")
        parser.add_argument("--seed", type=int, default=2013, help="随机种子（默认 2013）/ generator seed")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="删除已有档案后重新生成 / replace a register that is already loaded",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="不启动后台任务进程（另行运行 bangfu worker）/ start no task worker (run bangfu worker yourself)",
        )

    def handle(self, *args, no_serve: bool, port: int, seed: int, reset: bool, no_worker: bool, **options):
        progress = ProgressPrinter(self.stderr)
        self.stdout.write(f"数据库 Database: {settings.DATABASES['default']['NAME']}")
        call_command("migrate", interactive=False, verbosity=0)
        try:
            self._load(progress, seed=seed, reset=reset)
        except ApplicationError as error:
            raise CommandError(str(error)) from None
        except KeyboardInterrupt:
            raise CommandError("已中断，档案库未改变 / interrupted, the register is unchanged") from None
        demo_install_mark()  # the 演示数据 banner on every page of this installation
        if password := services.demo_users_ensure():
            self.stdout.write(
                f"演示用户 Demo users: {'、'.join(services.DEMO_USERS)}  密码 password: {password}"
            )
        figures = results_report(year=2020)
        self.stdout.write(
            f"{figures['region']}：贫困村 {figures['poor_villages']} 个，出列 {figures['poor_villages_exited']} 个；"
            f"累计减贫 {figures['households_lifted']:,} 户 {figures['people_lifted']:,} 人"
        )
        if figures["paired_villages"]:
            self.stdout.write(
                f"对口帮扶：结对贫困村 {figures['paired_villages']} 个，帮扶干部 {figures['cadres_dispatched']} 名，"
                f"帮扶资金 {figures['funds_total_yuan'] / 1e8:.1f} 亿元"
            )
        self.stdout.write("成效报告 Results report: bangfu report results --format md")
        if no_serve:
            return
        self.stdout.write(f"网站地址 Open http://127.0.0.1:{port}/ （Ctrl-C 停止 to stop）")
        serve(host="127.0.0.1", port=port, task_worker=not no_worker)

    def _load(self, progress: ProgressPrinter, *, seed: int, reset: bool) -> None:
        if services.demo_register_present() and not reset:
            self.stdout.write("演示档案已载入，跳过生成（重新生成请加 --reset）/ register already loaded")
            if not services.demo_programme_present():
                self._load_programme(progress, seed=seed)
            if not services.demo_assessments_present():
                self._assess(progress)
            return
        if reset:
            services.demo_register_clear()
        folder = settings.BANGFU_HOME / "demo"
        _, loaded = services.demo_register_load(folder=folder, seed=seed, progress=progress)
        self.stdout.write(
            f"已生成并载入 {loaded.villages:,} 个村、{loaded.households:,} 户、{loaded.members:,} 人、"
            f"{loaded.income_records:,} 条收入记录（CSV 文件在 {folder}）"
        )
        self._load_programme(progress, seed=seed)
        self._assess(progress)

    def _assess(self, progress: ProgressPrinter) -> None:
        runs, skipped = services.demo_assessments_run(progress=progress)
        self.stdout.write(f"已保存 {len(runs)} 次评估（脱贫、出列、监测、数据质量）/ assessment runs stored")
        for reason in skipped:
            self.stdout.write(f"  未评估 skipped: {reason}")

    def _load_programme(self, progress: ProgressPrinter, *, seed: int) -> None:
        counts = services.demo_programme_load(seed=seed, progress=progress)
        self.stdout.write(
            f"已载入帮扶记录：{counts['units']} 个帮扶单位、{counts['pairings']} 个结对村、{counts['cadres']} 名干部、"
            f"{counts['projects']} 个项目、{counts['fund_flows']:,} 条资金流、{counts['investments']} 个招商项目"
        )
        self.stdout.write(
            f"已载入防返贫监测记录（2021–2023年）：{counts['monitoring_cases']} 个监测对象、"
            f"{counts['monitoring_measures']} 项帮扶措施、{counts['monitoring_leads']} 条待核实线索"
        )
