"""Content-Security-Policy on every page, and no inline script or style left for it to block.

The browser side (no violation on any page the browser tests visit) is in tests/browser: its ``page`` and
``phone`` fixtures fail a test on any violation or on a page served without the policy.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bangfu.accounts.models import Role
from tests import factories

SRC = Path(__file__).resolve().parents[2] / "src" / "bangfu"
TEMPLATES = sorted(SRC.glob("*/templates/**/*.html"))

PAGES = [
    "/",
    "/villages/",
    "/villages/441521101201/",
    "/households/",
    "/assessments/",
    "/quality/",
    "/programme/",
    "/register/upload/",
    "/access-log/",
    "/account/tokens/",
    "/admin/",
    "/admin/registry/village/",
    "/api/docs",
    "/api/villages/",
    "/no-such-page/",
]

#: An inline script (one without src=, other than JSON data), a style attribute or block, an event handler.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.I)


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.fixture
def boss(client, divisions):
    factories.village("441521101201", name="新山村")
    user = factories.account("boss", Role.ADMINISTRATOR)
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return user


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_the_policy_and_no_inline_code(client, boss, path):
    response = client.get(path)
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)
    if response["Content-Type"].startswith("text/html"):
        html = response.content.decode()
        assert INLINE_SCRIPT.findall(html) == []
        assert INLINE_STYLE.findall(html) == []
        assert EVENT_HANDLER.findall(html) == []


def test_the_sign_in_page_has_the_policy_too(client, db):
    assert "script-src 'self'" in client.get("/login/")["Content-Security-Policy"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(SRC)))
def test_no_template_has_inline_code(template):
    text = template.read_text(encoding="utf-8")
    assert INLINE_SCRIPT.findall(text) == []
    assert INLINE_STYLE.findall(text) == []
    assert EVENT_HANDLER.findall(text) == []


def test_htmx_is_told_not_to_inject_its_indicator_style(client, boss):
    html = client.get("/").content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles":false' in html
    css = (SRC / "web" / "static" / "web" / "bangfu.css").read_text(encoding="utf-8")
    assert ".htmx-request .htmx-indicator" in css


def test_a_chart_passes_its_options_as_json_data_and_its_height_as_an_attribute():
    from bangfu.web.templatetags.web import chart

    html = str(chart("c1", {"series": []}, "16rem", "label"))
    assert 'data-height="16rem"' in html and "style=" not in html
    assert '<script id="c1-options" type="application/json">{"series": []}</script>' in html
