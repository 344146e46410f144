"""Serving the web application with waitress, a production-grade pure-Python WSGI server."""

from __future__ import annotations

from django.core.management import call_command


def serve(*, host: str, port: int, threads: int = 8) -> None:
    """Mark the jobs of a stopped server interrupted, collect static files, then serve until interrupted.

    WhiteNoise indexes ``STATIC_ROOT`` when the WSGI application is built, so the files must be collected
    before the application is imported.
    """
    import waitress

    from bangfu.core.jobs import jobs_recover

    jobs_recover(force=True)  # jobs of a server that stopped: marked interrupted before anyone looks
    call_command("collectstatic", interactive=False, verbosity=0)
    from bangfu.config.wsgi import application

    waitress.serve(application, host=host, port=port, threads=threads, ident="bangfu")
