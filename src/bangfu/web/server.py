"""Serving the web application with waitress, a production-grade pure-Python WSGI server."""

from __future__ import annotations

from django.core.management import call_command


def serve(*, host: str, port: int, threads: int = 8) -> None:
    """Collect static files (served by WhiteNoise) and serve until interrupted."""
    import waitress

    from bangfu.config.wsgi import application

    call_command("collectstatic", interactive=False, verbosity=0)
    waitress.serve(application, host=host, port=port, threads=threads, ident="bangfu")
