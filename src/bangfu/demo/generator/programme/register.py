"""What the programme generator needs to know of the register: poor villages, their towns and counties,
and the registered poor households living in them.

The generator itself needs no database: :func:`register_view_from_database` reads the view from the loaded
register (the demo loads the register first), and tests may build a :class:`RegisterView` by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from bangfu.codes.area import Area  # Django-free, like the rest of the generator

COUNTY_SUFFIX = "000000"


@dataclass(frozen=True)
class RegisterVillage:
    code: str  # 12-digit division code
    name: str
    town: str  # 12-digit code of its town
    county: str  # 12-digit code of its county-level division
    is_demonstration: bool


@dataclass(frozen=True)
class RegisterHousehold:
    code: str
    village: str  # 12-digit village code
    identified_year: int
    exit_year: int | None


@dataclass(frozen=True)
class RegisterView:
    poor_villages: tuple[RegisterVillage, ...]  # by code
    households: tuple[RegisterHousehold, ...]  # registered poor households of poor villages, by code
    counties: tuple[str, ...]  # 12-digit codes of the county-level divisions, by code
    names: dict[str, str]  # 12-digit code → name, for counties and towns

    def households_by_village(self) -> dict[str, list[RegisterHousehold]]:
        grouped: dict[str, list[RegisterHousehold]] = {}
        for household in self.households:
            grouped.setdefault(household.village, []).append(household)
        return grouped


def register_view_from_database() -> RegisterView:
    """The view of the register loaded in the database."""
    from bangfu.regions.models import Division, Level
    from bangfu.registry.models import Village
    from bangfu.registry.selectors import registered_poor_households

    villages = tuple(
        RegisterVillage(code, name, town, code[:6] + COUNTY_SUFFIX, bool(demonstration))
        for code, name, town, demonstration in Village.objects.filter(is_poor=True)
        .order_by("division__code")
        .values_list("division__code", "division__name", "division__parent__code", "is_demonstration")
    )
    households = tuple(
        RegisterHousehold(code, village, identified, exit_year)
        for code, village, identified, exit_year in registered_poor_households(area=Area.everything())
        .filter(village__is_poor=True, identified_year__isnull=False)
        .order_by("code")
        .values_list("code", "village__division__code", "identified_year", "exit_year")
    )
    counties = tuple(
        Division.objects.filter(level=Level.COUNTY).order_by("code").values_list("code", flat=True)
    )
    names = dict(Division.objects.filter(level__in=(Level.COUNTY, Level.TOWN)).values_list("code", "name"))
    return RegisterView(villages, households, counties, names)
