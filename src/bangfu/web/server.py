"""Serving the web application with waitress, a production-grade pure-Python WSGI server."""

from __future__ import annotations

from django.core.management import call_command
from django.core.wsgi import get_wsgi_application


def serve(*, host: str, port: int, threads: int = 8) -> None:
    """Mark the jobs of a stopped server interrupted, collect static files, then serve until interrupted.

    WhiteNoise indexes ``STATIC_ROOT`` when the WSGI application is built, so the files must be collected
    before the application is imported.
    """
    import waitress
    from django.conf import settings

    from bangfu.core.jobs import jobs_recover

    jobs_recover(force=True)  # jobs of a server that stopped: marked interrupted before anyone looks
    call_command("collectstatic", interactive=False, verbosity=0)
    application = get_wsgi_application()  # what bangfu.config.wsgi builds, once the files are collected

    waitress.serve(
        application, host=host, port=port, threads=threads, ident="bangfu", **proxy_options(settings)
    )


def proxy_options(settings) -> dict:
    """Behind a reverse proxy (``BANGFU_TRUSTED_PROXY``): take the client's address and scheme from the
    proxy's X-Forwarded-For/-Proto (lock-outs and logs see users, not the proxy), and drop those headers
    when anyone else sends them, so that Django's ``SECURE_PROXY_SSL_HEADER`` cannot be spoofed."""
    if not settings.TRUSTED_PROXY:
        return {}
    return {
        "trusted_proxy": settings.TRUSTED_PROXY,
        "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
        "clear_untrusted_proxy_headers": True,
    }
