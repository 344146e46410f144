"""What the web benchmarks share: ``bangfu`` commands in a scratch home, a ``bangfu serve`` subprocess, and
signed-in HTTP clients (http.client, one keep-alive connection each, cookies by hand)."""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BANGFU = str(ROOT / ".venv" / "bin" / "bangfu") if (ROOT / ".venv" / "bin" / "bangfu").exists() else "bangfu"


def run(*args: str, env: dict, quiet: bool = True) -> str:
    started = time.perf_counter()
    result = subprocess.run([BANGFU, *args], env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"bangfu {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    if not quiet:
        print(f"  bangfu {' '.join(args)}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


#: The servers a benchmark can compare: ``bangfu serve`` (waitress, forked workers) or gunicorn (dev extra)
#: with sync workers (one request at a time per process) or gthread workers (``threads`` threads each).
SERVERS = ("waitress", "gunicorn-sync", "gunicorn-gthread")


def gunicorn_command(port: int, threads: int, workers: int, kind: str) -> list[str]:
    """gunicorn serving ``bangfu.config.wsgi`` (static files must be collected: ``bangfu serve`` did)."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn if gunicorn.exists() else "gunicorn"), "bangfu.config.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--backlog", "1024"]
    if kind == "gunicorn-gthread":
        command += ["--worker-class", "gthread", "--threads", str(threads)]
    return command


class Server:
    """``bangfu serve`` (or gunicorn, ``server``) in a subprocess, stopped when the block ends."""

    def __init__(self, env: dict, threads: int, workers: int = 1, server: str = "waitress"):
        self.env, self.threads, self.workers, self.port = env, threads, workers, free_port()
        self.server = server
        # The server's log goes to a file: a pipe nobody reads would block the server once it is full.
        self.log = Path(env["BANGFU_HOME"]) / "serve.log"

    def __enter__(self) -> Server:
        command = [BANGFU, "serve", "--port", str(self.port), "--threads", str(self.threads)]
        if self.workers != 1:
            command += ["--workers", str(self.workers)]
        if self.server != "waitress":
            run("collectstatic", "--no-input", env=self.env)
            command = gunicorn_command(self.port, self.threads, self.workers, self.server)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, env=self.env, stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = request(self.connection(), "GET", "/health/")
                if status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.process.kill()
        sys.exit(f"the server did not start: {self.log.read_text(errors='replace')}")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)


def request(connection, method: str, path: str, cookies: str = "", body: str | None = None, headers=None):
    headers = {"Cookie": cookies, **(headers or {})} if cookies else dict(headers or {})
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    return response.status, (response, data)


def sign_in(server: Server, username: str, password: str) -> str:
    """The cookies of a signed-in session, through the login form as a browser does it."""
    connection = server.connection()
    _status, (response, _page) = request(connection, "GET", "/login/")
    csrf = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "").group(1)
    form = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": csrf, "next": "/"})
    status, (response, _) = request(
        connection, "POST", "/login/", cookies=f"csrftoken={csrf}", body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{server.port}/login/"},
    )  # fmt: skip
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie") or "")
    if status != 302 or not session:
        sys.exit(f"signing in as {username} failed ({status})")
    return f"csrftoken={csrf}; sessionid={session.group(1)}"


def post_form(
    connection, path: str, cookies: str, fields: dict, files: dict[str, tuple[str, bytes]] | None = None
) -> tuple[int, str]:
    """POST a form (multipart when ``files``: field → (file name, content)) with the session's CSRF token;
    returns the status and the ``Location`` it redirects to ("" if none)."""
    fields = {**fields, "csrfmiddlewaretoken": re.search(r"csrftoken=([^;]+)", cookies).group(1)}
    if not files:
        body = urlencode(fields).encode()
        kind = "application/x-www-form-urlencoded"
    else:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in fields.items()
        ]
        for name, (file_name, content) in files.items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            )
            parts.append(head.encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        kind = f"multipart/form-data; boundary={boundary}"
    status, (response, _data) = request(
        connection, "POST", path, cookies, body=body, headers={"Content-Type": kind}
    )
    return status, response.getheader("Location") or ""
