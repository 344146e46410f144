"""``bangfu serve``: serve the web application."""

from django.core.management.base import BaseCommand

from bangfu.web.server import serve


class Command(BaseCommand):
    help = "启动网站（waitress，生产级 WSGI 服务器），按 Ctrl-C 停止。 / Serve the web application with waitress."

    def add_arguments(self, parser):
        parser.add_argument(
            "--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）/ address to listen on"
        )
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）/ port")
        parser.add_argument("--threads", type=int, default=8, help="工作线程数 / worker threads")

    def handle(self, *args, host: str, port: int, threads: int, **options):
        self.stdout.write(f"网站地址 Serving at http://{host}:{port}/ （Ctrl-C 停止 to stop）")
        serve(host=host, port=port, threads=threads)
