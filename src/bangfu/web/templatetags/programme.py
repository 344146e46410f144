"""The programme's sections on other areas' pages (village and household), and the number filters.

The village and household pages include ``web/programme/village_section.html`` /
``household_section.html``; those call the tags here with the page's village or household code, and the
tags read the request's scope themselves, so the pages' views pass nothing extra.
"""

from __future__ import annotations

from django import template

from bangfu.accounts.scope import scope_for
from bangfu.core import numbers
from bangfu.programme_projects import selectors as browsing
from bangfu.web.views.programme import household_panel_context

register = template.Library()


def household_of_page(request, household_code: str):
    """The household the page's view read in the reader's scope (``household_context``), if it is this one."""
    household = getattr(request, "bangfu_household", None)
    return household if household is not None and household.code == household_code else None


# The same number filters as the ``web`` library (one function each, ``bangfu.core.numbers``).
register.filter("yuan", numbers.yuan)
register.filter("amount", numbers.amount)
register.filter("percent", numbers.percent)


@register.inclusion_tag("web/programme/village_panel.html", takes_context=True)
def village_programme(context, village):
    """Pairings, cadres, projects and funds of ``village`` (a Village), if it is in the reader's scope."""
    request = context["request"]
    return {
        "data": browsing.village_programme(scope=scope_for(request.user), village=village),
        "request": request,
    }


@register.inclusion_tag("web/programme/household_panel.html", takes_context=True)
def household_programme(context, household_code: str):
    """Plans, measures, visits and projects of a household, and the recording forms for those who may."""
    request = context["request"]
    scope = scope_for(request.user)
    household = household_of_page(request, household_code) or browsing.household_get(
        scope=scope, code=household_code
    )
    found = household_panel_context(request, scope, household, forms=False) if household is not None else None
    return found or {"programme": None}
