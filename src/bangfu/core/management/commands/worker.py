"""``bangfu worker``: run the queued background tasks (imports, checks, assessments, exports)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from bangfu.core.jobs.worker import Worker


class Command(BaseCommand):
    help = (
        "运行后台任务（网页上开始的导入、检查、评估、导出）：逐个取出排队的任务并执行，直到按 Ctrl-C 或收到 SIGTERM。"
        "停止时正在执行的任务全部回滚，标记为已中断。bangfu serve 和 bangfu demo 默认已启动一个。"
        " / Run the background tasks started on the web pages (imports, checks, assessments, exports): takes"
        " the queued tasks one by one and runs them until Ctrl-C or SIGTERM. A task in progress when it stops"
        " is rolled back and its job marked interrupted. bangfu serve and bangfu demo start one by default."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=0.5,
            help="队列为空时每隔多少秒查看一次（默认 0.5）/ seconds between looks at an empty queue (0.5)",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="执行完已排队的任务后退出 / run the tasks already queued, then stop",
        )

    def handle(self, *args, interval: float, batch: bool, **options):
        if interval < 0:
            raise CommandError("--interval must be 0 or more")
        try:
            Worker(interval=interval, batch=batch).run()
        except DatabaseError as error:
            raise CommandError(f"the task queue cannot be read: {error}".splitlines()[0]) from None
