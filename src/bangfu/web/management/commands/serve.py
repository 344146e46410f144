"""``bangfu serve``: serve the web application."""

from django.core.management.base import BaseCommand, CommandError

from bangfu.web.server import DEFAULT_THREADS, serve


class Command(BaseCommand):
    help = (
        "启动网站（waitress，生产级 WSGI 服务器）和一个后台任务进程（bangfu worker：运行网页上开始的导入、检查、"
        "评估、导出），按 Ctrl-C 停止。 / Serve the web application with waitress, and one worker process"
        " (bangfu worker) that runs the imports, checks, assessments and exports started on the pages."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）/ address to listen on"
        )
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）/ port")
        parser.add_argument(
            "--threads",
            type=int,
            default=DEFAULT_THREADS,
            help=f"每个进程的工作线程数（默认 {DEFAULT_THREADS}）/ threads per process (default {DEFAULT_THREADS})",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="进程数（默认 1；多核机器可设为核数）/ server processes (default 1; up to the number of cores)",
        )

        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="不启动后台任务进程（另行运行 bangfu worker）/ start no task worker (run bangfu worker yourself)",
        )

    def handle(self, *args, host: str, port: int, threads: int, workers: int, no_worker: bool, **options):
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be 1 or more")
        processes = f"，{workers} 个进程 {workers} processes" if workers > 1 else ""
        self.stdout.write(f"网站地址 Serving at http://{host}:{port}/{processes} （Ctrl-C 停止 to stop）")
        self.stdout.flush()
        serve(host=host, port=port, threads=threads, workers=workers, task_worker=not no_worker)
