"""The employment and consumption sections of the village and household pages (read with the request's scope)."""

from __future__ import annotations

from django import template

from bangfu.accounts.scope import scope_for
from bangfu.markets import selectors
from bangfu.registry.models import Household, Village
from bangfu.web.templatetags.programme import household_of_page

register = template.Library()


@register.inclusion_tag("web/markets/village_panel.html", takes_context=True)
def village_markets(context, village):
    scope = scope_for(context["request"].user)
    if not Village.objects.in_area(scope.area).filter(pk=village.pk).exists():
        return {"data": None}
    data = selectors.summary(scope=scope, village=village)
    return {"data": data if any(data.values()) else None}


@register.inclusion_tag("web/markets/household_panel.html", takes_context=True)
def household_markets(context, household_code: str):
    scope = scope_for(context["request"].user)
    household = household_of_page(context["request"], household_code)
    if household is None:
        household = Household.objects.in_area(scope.area).filter(code=household_code).first()
    if household is None:
        return {"data": None}
    data = selectors.household_employment(household=household)
    shown = data["trainings"] or data["placements"] or data["subsidies"] or data["links"]
    return {"data": data if shown else None}
