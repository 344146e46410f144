"""The programme's reads (对口帮扶页面), scoped: overview, projects, and the village and household sections.

One read package per app, named ``selectors`` (docs/architecture.md): the scoped ``browsing`` module was split
here and the unscoped ``selectors`` module deleted (its reads were used by tests only). Every function takes the
reader's ``Scope`` (keyword-only) and filters with its area, so nothing outside it is returned, whichever page
asks.

- ``records``: what is in scope (projects, fund flows, postings, parks, programmes) and the fund sums;
- ``overview``: the programme overview;
- ``projects``: the project list, a project's history, outputs, beneficiaries and fund flows;
- ``places``: the programme sections of the village and household pages.
"""

from bangfu.programme_projects.selectors.overview import (
    ProgrammeOverview,
    programme_last_day,
    programme_overview,
    programme_years,
)
from bangfu.programme_projects.selectors.places import (
    HouseholdProgramme,
    VillageProgramme,
    household_get,
    household_plan_for_year,
    household_programme,
    village_programme,
    visit_cadres,
)
from bangfu.programme_projects.selectors.projects import (
    FundFlowRow,
    ProjectFilters,
    project_beneficiaries,
    project_fund_flows,
    project_fund_totals,
    project_get,
    project_list,
    project_outputs,
    project_status_history,
)
from bangfu.programme_projects.selectors.records import (
    KINDS,
    LARGE_INVESTMENT,
    ZERO,
    assignments,
    fund_flows,
    parks,
    programmes,
    projects,
)

__all__ = [
    "KINDS",
    "LARGE_INVESTMENT",
    "ZERO",
    "FundFlowRow",
    "HouseholdProgramme",
    "ProgrammeOverview",
    "ProjectFilters",
    "VillageProgramme",
    "assignments",
    "fund_flows",
    "household_get",
    "household_plan_for_year",
    "household_programme",
    "parks",
    "programme_last_day",
    "programme_overview",
    "programme_years",
    "programmes",
    "project_beneficiaries",
    "project_fund_flows",
    "project_fund_totals",
    "project_get",
    "project_list",
    "project_outputs",
    "project_status_history",
    "projects",
    "village_programme",
    "visit_cadres",
]
