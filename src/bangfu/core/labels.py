"""Labels of the codes pages show (代码的名称): a page shows a standard by its title, never the identifier the
data stores (``gd-2016``); a monitoring category's name is ``monitoring.categories.category_label``.

Used by the views, the template filters (``standard_title``) and the CLI's CSV headers.
"""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import gettext as _

from bangfu.standards import StandardError, load_standard, shipped_standard_ids


@lru_cache(maxsize=64)
def _shipped_title(standard_id: str) -> str:
    if standard_id not in shipped_standard_ids():
        return ""
    try:
        return load_standard(standard_id).title
    except StandardError:
        return ""


def standard_title(standard_id: str | None, stored: str = "") -> str:
    """The title of a standard: the shipped file's, else the title stored with a run, else the id."""
    if not standard_id:
        return stored or ""
    return _shipped_title(str(standard_id)) or stored or str(standard_id)


def run_label(standard_id: str | None, year=None, stored: str = "") -> str:
    """A run or a job as people name it: ``广东省…标准 · 2020``."""
    title = standard_title(standard_id, stored)
    return f"{title} · {year}" if year else title


def line_label(standard_id: str) -> str:
    """An income line in a chart or figure: ``国家扶贫标准… 收入线``."""
    return _("%(standard)s line") % {"standard": standard_title(standard_id)}
