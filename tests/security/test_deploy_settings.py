"""Security settings from the environment: safe for the local demo by default, HTTPS when configured."""

from __future__ import annotations

import http.client
import threading

import pytest
from django.test import override_settings

from bangfu.accounts.models import Role
from bangfu.config import environment
from bangfu.web.server import proxy_options
from tests import factories
from tests.browser.conftest import PASSWORD


def test_the_demo_defaults_work_over_plain_http(settings):
    """No BANGFU_HTTPS: cookies are not secure-only, http is not redirected (http://127.0.0.1:8000 works)."""
    assert not settings.HTTPS
    assert (settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT) == (
        False,
        False,
        False,
    )
    assert settings.SECURE_HSTS_SECONDS == 0 and settings.SECURE_PROXY_SSL_HEADER is None
    assert settings.SESSION_COOKIE_AGE == 9 * 3600 and not settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert (settings.X_FRAME_OPTIONS, settings.SECURE_REFERRER_POLICY) == ("DENY", "same-origin")


def test_signing_in_over_http_gives_a_session_for_one_working_day(client, divisions):
    factories.account("haifeng", Role.OFFICER, divisions=["441521000000"])
    response = client.post("/login/", {"username": "haifeng", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert int(cookie["max-age"]) == 9 * 3600
    assert not cookie["secure"] and cookie["httponly"]


@pytest.mark.parametrize(
    ("value", "expected"), [("", True), ("1", True), ("0", False), ("off", False), ("yes", True)]
)
def test_a_switch_follows_its_group_unless_set(monkeypatch, value, expected):
    monkeypatch.setenv("BANGFU_SSL_REDIRECT", value)
    assert environment.switch("BANGFU_SSL_REDIRECT", True) is expected


def test_a_wrong_switch_value_stops_with_the_reason(monkeypatch):
    monkeypatch.setenv("BANGFU_HTTPS_X", "maybe")
    with pytest.raises(SystemExit, match="BANGFU_HTTPS_X must be 1 or 0"):
        environment.switch("BANGFU_HTTPS_X", False)


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_the_tls_proxy_http_is_redirected_and_https_is_served(client, db):
    plain = client.get("/login/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/login/"
    assert client.get("/login/", HTTP_X_FORWARDED_PROTO="https").status_code == 200


def _serve_scheme(options: dict):
    """A real waitress server with ``options`` whose app answers with the scheme and client it saw."""
    import waitress.server

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [f"{environ['wsgi.url_scheme']} {environ['REMOTE_ADDR']}".encode()]

    server = waitress.server.create_server(app, host="127.0.0.1", port=0, **options)
    threading.Thread(target=server.run, daemon=True).start()
    return server


def _ask(server, headers: dict) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=10)
    connection.request("GET", "/", headers=headers)
    return connection.getresponse().read().decode()


FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.1.2.3"}


def test_waitress_trusts_the_forwarded_headers_of_the_proxy_only(settings):
    settings.TRUSTED_PROXY = "127.0.0.1"
    server = _serve_scheme(proxy_options(settings))
    try:
        assert _ask(server, FORWARDED) == "https 10.1.2.3"  # the proxy's word: the user's address and scheme
    finally:
        server.close()
    settings.TRUSTED_PROXY = "10.9.9.9"  # the proxy is elsewhere: a direct client's headers are dropped
    server = _serve_scheme(proxy_options(settings))
    try:
        assert _ask(server, FORWARDED) == "http 127.0.0.1"
    finally:
        server.close()


def test_without_a_trusted_proxy_waitress_gets_no_proxy_options(settings):
    settings.TRUSTED_PROXY = ""
    assert proxy_options(settings) == {}
