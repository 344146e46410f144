"""The categories and risks the monitoring standard's criteria suggest, and their names on pages: a page shows
a monitoring category by its name (``category_label``), never the criterion id the data stores (``near_poor``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from bangfu.monitoring import choices

#: The monitoring standard's criterion ids → the category or risk they suggest (written into the lead).
CATEGORIES = {
    "not_exited": _("not yet exited (registered poor)"),
    "unstable_exited": choices.Category.UNSTABLE_EXITED,
    "near_poor": choices.Category.NEAR_POOR,
    "sudden_hardship": choices.Category.SUDDEN_HARDSHIP,
    "medical_spending": choices.RiskType.ILLNESS,
    "disability": choices.RiskType.DISABILITY,
    "schooling": choices.RiskType.SCHOOLING,
    "housing": choices.RiskType.HOUSING,
    "water": choices.RiskType.WATER,
    "disaster": choices.RiskType.DISASTER,
}


def category_label(key: str | None) -> str:
    """A monitoring category (the monitoring standard's criterion id, e.g. ``near_poor``) in words."""
    if not key:
        return ""
    category = CATEGORIES.get(key)
    if category is None:
        return str(key)
    return str(getattr(category, "label", category))  # a choice, or a lazily translated text
