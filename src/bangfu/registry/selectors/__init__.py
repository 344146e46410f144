"""The register's reads (村、户浏览), scoped: every function takes the reader's ``Scope`` or an ``Area``.

One read package per app, named ``selectors`` as the project's code shape names reads (docs/architecture.md):
the scoped ``browsing`` module and the unscoped ``selectors`` module were merged here, so no read of the register
is importable that a view could call without an area. A read over the whole register (the demo, the command
line) passes ``Area.everything()`` explicitly.

- ``households``: status, households in scope, search, list order, registered poor households, labour;
- ``villages``: the village list and its counts, division choices, a village's statistics and incidence;
- ``household_page``: members (masked), incomes, poverty lines, living conditions;
- ``personal``: one record's plain personal data (for the unmask service) and the access log.

The reads that join verdicts (the household list's verdict filter and column, a village's and a household's
verdicts) are the assessment's: ``assessment.verdicts`` (the register sits below the assessment).

Lists are querysets the caller paginates; what a page shows per row (counts, head's name, verdict) is fetched
for that page's rows in one grouped query each, never one query per row. ID numbers and phones leave these
modules masked; the plain value of one record comes only from ``personal_data_value``.
"""

from bangfu.registry.selectors.household_page import (
    HouseholdPage,
    IncomeRow,
    MemberRow,
    PovertyLine,
    household_in_area,
    household_incomes,
    household_living,
    household_members,
    household_page,
    of_household,
    poverty_lines,
)
from bangfu.registry.selectors.households import (
    CODE,
    HEAD,
    ID_NUMBER,
    ID_SUFFIX,
    LABOUR_STANDARD,
    POOR,
    HouseholdFilters,
    HouseholdStatus,
    household_order,
    household_search_q,
    households,
    labour_abilities,
    registered_poor_households,
)
from bangfu.registry.selectors.personal import (
    PersonalValue,
    personal_data_accesses,
    personal_data_usernames,
    personal_data_value,
)
from bangfu.registry.selectors.villages import (
    VILLAGE_SORTS,
    IncidencePoint,
    VillageCounts,
    VillageFilters,
    county_choices,
    town_choices,
    village_counts,
    village_households,
    village_incidence,
    village_list,
    village_year_stats,
    villages,
)

__all__ = [
    "CODE",
    "HEAD",
    "ID_NUMBER",
    "ID_SUFFIX",
    "LABOUR_STANDARD",
    "POOR",
    "VILLAGE_SORTS",
    "HouseholdFilters",
    "HouseholdPage",
    "HouseholdStatus",
    "IncidencePoint",
    "IncomeRow",
    "MemberRow",
    "PersonalValue",
    "PovertyLine",
    "VillageCounts",
    "VillageFilters",
    "county_choices",
    "household_in_area",
    "household_incomes",
    "household_living",
    "household_members",
    "household_order",
    "household_page",
    "household_search_q",
    "households",
    "labour_abilities",
    "of_household",
    "personal_data_accesses",
    "personal_data_usernames",
    "personal_data_value",
    "poverty_lines",
    "registered_poor_households",
    "town_choices",
    "village_counts",
    "village_households",
    "village_incidence",
    "village_list",
    "village_year_stats",
    "villages",
]
