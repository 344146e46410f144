"""Context processor: ``demo_install`` — whether this installation holds the demo data (演示数据).

True when ``BANGFU_DEMO`` is set, or when ``bangfu demo`` loaded the demo into this home (it writes the
marker file ``BANGFU_HOME/demo-install``). The base template then shows a 演示数据 banner on every page, so
nobody takes the synthetic register for real records.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

MARKER = "demo-install"


def marker_path() -> Path:
    return Path(settings.BANGFU_HOME) / MARKER


def demo_install_mark() -> None:
    """Called by ``bangfu demo`` after loading: this home holds the demo data from now on."""
    path = marker_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("bangfu demo\n", encoding="utf-8")


def is_demo_install() -> bool:
    return bool(getattr(settings, "BANGFU_DEMO", False)) or marker_path().exists()


def demo_banner(request) -> dict:
    return {"demo_install": is_demo_install()}
