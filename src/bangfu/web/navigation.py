"""The site's main menu. Each page area adds its entry here; entries a role may not use are not shown."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from bangfu.accounts.scope import Scope, scope_for
from bangfu.web.links import link


@dataclass(frozen=True)
class MenuItem:
    url_name: str
    label: str
    #: whether a user with this scope gets the entry (the view itself checks again)
    shown: callable = lambda scope: scope.role is not None


def _admin_only(scope: Scope) -> bool:
    return scope.everything


def _register_changers(scope: Scope) -> bool:
    return scope.may_change_register


MENU: list[MenuItem] = [
    MenuItem("home", _("Dashboard")),
    MenuItem("village-list", _("Village list")),
    MenuItem("household-list", _("Household list")),
    MenuItem("programme-overview", _("Counterpart assistance")),
    MenuItem("markets-overview", _("Employment and consumption")),
    MenuItem("personal-data-log", _("Access log"), _admin_only),
    MenuItem("run-list", _("Assessments")),
    MenuItem("quality-list", _("Data quality")),
    MenuItem("register-upload", _("Register upload"), _register_changers),
    MenuItem("monitoring-cases", _("Monitoring")),
]


def menu(request) -> dict:
    """Context processor: ``menu`` (entries for this user, with ``active``) and ``scope``."""
    if not request.user.is_authenticated:
        return {"menu": [], "scope": None}
    scope = scope_for(request.user)
    items = []
    for item in MENU:
        if item.shown(scope):
            url = link(item.url_name)
            active = request.path == url if url == "/" else request.path.startswith(url)
            items.append({"url": url, "label": item.label, "active": active})
    return {"menu": items, "scope": scope}
