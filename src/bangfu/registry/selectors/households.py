"""Scoped reads of households (户): the status, the queryset in scope, the search box and the list order;
the registered poor households and who counts as labour (read by the demo and the report over an area)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.db.models.functions import Reverse
from django.utils.translation import gettext_lazy as _

from bangfu.accounts.scope import Scope
from bangfu.codes.area import Area
from bangfu.core.personal_data import visible_id_suffix
from bangfu.registry import choices
from bangfu.registry.models import Household, Member
from bangfu.standards import load_standard

POOR = choices.REGISTERED_POOR_ATTRIBUTES
HEAD = choices.Relation.HEAD


# ---------------------------------------------------------------- household status (未脱贫 / 已脱贫 / 一般农户)
class HouseholdStatus:
    """A household's status in the register, from its attribute and exit year."""

    NOT_EXITED = "not_exited"  # 未脱贫: a registered poor household without an exit year
    EXITED = "exited"  # 已脱贫: a registered poor household with an exit year
    ORDINARY = "ordinary"  # 一般农户: not a registered poor household

    CHOICES = (
        (NOT_EXITED, _("not yet exited")),
        (EXITED, _("exited")),
        (ORDINARY, _("ordinary household")),
    )
    LABELS = dict(CHOICES)
    Q = {
        NOT_EXITED: Q(attribute__in=POOR, exit_year__isnull=True),
        EXITED: Q(attribute__in=POOR, exit_year__isnull=False),
        ORDINARY: ~Q(attribute__in=POOR),
    }

    @classmethod
    def of(cls, attribute: str, exit_year: int | None) -> str:
        if attribute not in POOR:
            return cls.ORDINARY
        return cls.NOT_EXITED if exit_year is None else cls.EXITED


# ---------------------------------------------------------------------------------------------- households
def households(*, scope: Scope) -> QuerySet[Household]:
    """Households in ``scope``, with their village's division (models: never put these in a template)."""
    return Household.objects.in_area(scope.area).select_related("village__division")


@dataclass(frozen=True)
class HouseholdFilters:
    status: str = ""  # a HouseholdStatus
    attribute: str = ""
    cause: str = ""
    village: str = ""  # the village's division code
    standard: str = ""  # with verdict: the verdict in the latest household run of this standard
    verdict: str = ""
    search: str = ""


#: No filter: every household in scope.
NO_FILTERS = HouseholdFilters()

#: 4–6 trailing characters of an ID number (the last may be X); 18 characters: a whole ID number.
ID_SUFFIX = re.compile(r"^\d{3,5}[\dXx]$")
ID_NUMBER = re.compile(r"^\d{17}[\dXx]$")
CODE = re.compile(r"^[0-9A-Za-z-]+$")


def household_search_q(text: str, *, personal: bool = False) -> Q:
    """What a search box finds: 4–6 digits → the end of any member's ID number; a whole ID number → that
    member's household; other letters and digits → household codes starting with them; else the head's name.

    Without ``personal`` (the user may not unmask), ID numbers are searched by exactly the 4 digits a masked
    number shows anyway: 5–6 digits or a whole number would confirm hidden digits one query at a time (an
    oracle for the birth date and the number); such text is then searched as a household code.
    """
    text = text.strip()
    if not personal and not visible_id_suffix(text):
        if CODE.match(text):
            return Q(code__startswith=text)
        return Q(pk__in=Member.objects.filter(relation=HEAD, name=text).values("household_id"))
    if ID_SUFFIX.match(text):
        # reverse(id_number) LIKE '…%': an index on the reversed number serves it (PostgreSQL, migration
        # registry 0003); a plain "ends with" would read every member.
        reversed_number = Reverse("id_number")
        members = Member.objects.alias(reversed_number=reversed_number).filter(
            reversed_number__startswith=text.upper()[::-1]
        )
    elif ID_NUMBER.match(text):
        members = Member.objects.filter(id_number=text.upper())
    elif CODE.match(text):
        return Q(code__startswith=text)
    else:
        members = Member.objects.filter(relation=HEAD, name=text)
    return Q(pk__in=members.values("household_id"))


def household_order(scope: Scope) -> tuple[str, ...]:
    """The household lists' order: by household code for the whole register; by village (in division-code
    order), then household code, for a scope of divisions or villages.

    The two are the same order when household codes begin with their village's 12-digit division code, as
    the national register's (and generated registers') do. The scoped order lets the database read the
    scope's villages through the division path's index and each village's households through the
    ``(village_id, code)`` index (registry migration 0006), sorting only within a village, so a page stops
    after 25 rows; ordering a county by household code alone walked the code index past every household of
    the counties before it, or sorted all of the county's households.
    """
    return ("code",) if scope.everything else ("village__division__path", "code")


def registered_poor_households(*, area: Area) -> QuerySet[Household]:
    """Households of the register of poor households (建档立卡贫困户) in ``area``, excluding ordinary ones."""
    return Household.objects.in_area(area).filter(attribute__in=POOR)


#: The standard whose policy choice ``labour_abilities`` says who counts as labour (有劳动能力) in the figures.
LABOUR_STANDARD = "gd-2016"


def labour_abilities() -> list[str]:
    """The 劳动技能 values the Guangdong standard counts as labour (``labour_abilities`` in gd-2016.toml)."""
    return list(load_standard(LABOUR_STANDARD).parameters["labour_abilities"].value(0))
