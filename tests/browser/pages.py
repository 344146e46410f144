"""Every page of the site, for the browser walks (phones, accessibility, print).

The pages are not listed here: they are the scope walk's routes (tests/web/test_scope_walk.py, read from
Django's resolver), with its register (tests/api/register.py) filling the path parameters with a record the
role may see. A route answers a page when it is not an API route, not a download and not a fragment; which
ones are fragments or downloads the browser finds out (``is_page``), so a page added later is walked too.
"""

from __future__ import annotations

from pathlib import Path

from tests.web.test_scope_walk import FABRICATED, NO_RECORD, Walk, all_routes, build_walk, combinations

#: Routes that answer no page for a person: the API, downloads, POST-only actions, the sign-in/out.
NOT_PAGES = ("api/", "logout/", "login/", "health/", "favicon.ico")
DOWNLOADS = (".xlsx", ".csv", ".txt", ".json", ".pdf")

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


def build_pages() -> Walk:
    """The scope walk's register (needs the shipped divisions)."""
    from tests.api.register import build_register

    return build_walk(build_register())


def page_urls(walk: Walk, role: str) -> list[str]:
    """The path of every page ``role`` may open, its path parameters filled with records in its scope."""
    urls = []
    for route in all_routes():
        if route.route.startswith(NOT_PAGES) or route.route.endswith(DOWNLOADS):
            continue
        if route.route in NO_RECORD or route.route in FABRICATED:
            continue
        inside, _outside = combinations(walk, route, role)
        if route.parameters and inside is None:
            continue
        urls.append(route.url(inside or {}))
    return urls


def is_page(tab, url: str) -> bool:
    """Whether a GET of ``url`` (asked with the tab's cookies, outside the tab) answers a whole HTML page: not
    a refusal, a redirect, a download or a fragment (which has no <main>)."""
    response = tab.context.request.get(url, max_redirects=0)
    if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
        return False
    return "<main" in response.text() and "<!doctype html>" in response.text()[:200].lower()


def wait_for_charts(tab, timeout_ms: int = 15_000) -> None:
    """Until every chart the page shows is drawn (charts in a closed <details> wait until it opens)."""
    waiting = "[...document.querySelectorAll('.chart[data-chart]:not([data-rendered])')].filter(e => e.checkVisibility()).length"
    for _ in range(timeout_ms // 100):
        if tab.evaluate(waiting) == 0:
            return
        tab.wait_for_timeout(100)
    raise AssertionError(f"{tab.url}: charts not drawn in {timeout_ms} ms")


def scroll_width(tab) -> int:
    return tab.evaluate("document.documentElement.scrollWidth")


def axe_violations(tab, impacts=("serious", "critical")) -> list[str]:
    """Runs the vendored axe-core on the page; the violations of ``impacts``, one line each."""
    if not tab.evaluate("typeof window.axe !== 'undefined'"):
        tab.add_script_tag(path=str(AXE))
    results = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
        if violation["impact"] in impacts
    ]
