"""Rebuilding the pre-aggregated figures (刷新预汇总指标), set-wise in SQL inside one transaction.

    figures_refresh(reason="载入档案")        # everything: village × year figures, income bands, gaps
    figures_refresh(gaps_only=True)           # only the three-guarantee gaps (after an exit assessment)

Every statement is an ``INSERT … SELECT … GROUP BY`` (or a temporary table built the same way) that runs in
the database, on SQLite and PostgreSQL alike; nothing is computed per record in Python. Readers keep seeing
the previous figures until the transaction commits (SQLite WAL, PostgreSQL MVCC). Callers: the register load
(``registry.loading``), the register import (``registry.importing.apply``), stored exit assessments
(``assessment.services``) and ``bangfu figures-refresh``; the demo load goes through the register load.

The SQL has no parameters: every literal in it is a code of our own (attributes, kinds, band edges), so the
``%`` of ``LIKE`` patterns needs no escaping.
"""

from __future__ import annotations

import time
from itertools import pairwise

from django.db import connection, transaction
from django.utils import timezone

from bangfu.assessment.models import AssessmentRun, HouseholdResult, StandardKind
from bangfu.assessment.models import Level as AssessmentLevel
from bangfu.core.bulk import table_statistics_refresh
from bangfu.indicators.bands import GUARANTEE_CRITERIA, INCOME_BAND_EDGES
from bangfu.indicators.models import FiguresRefresh, VillageGuaranteeGap, VillageIncomeBand, VillageYearFigure
from bangfu.regions.models import Division
from bangfu.registry.dated import dated_table, registered_poor_sql
from bangfu.registry.models import Household, IncomeRecord, Village, VillageYearStat
from bangfu.standards.asof import date_sql, member_present_sql, year_end
from bangfu.standards.incidence import remaining_sql
from bangfu.standards.income import net_income_sql

#: Temporary tables of one refresh (per connection; dropped before and after).
HOUSEHOLDS = (
    "bangfu_figures_households"  # household × year: registered poor as of 31 December (registry.dated)
)
MEMBERS = "bangfu_figures_members"  # household × year: members on 31 December (registry.dated)
BANDS = "bangfu_figures_bands"  # village × year × income band: households, people, net income
YEARS = "bangfu_figures_years"  # every year the register speaks of
STATUS = "bangfu_figures_status"  # village × year: registered and exited households and people
#: The household columns read as of each year's 31 December.
HOUSEHOLD_COLUMNS = ["village_id", "attribute", "identified_year", "exit_year"]
TEMPORARY = (HOUSEHOLDS, MEMBERS, BANDS, YEARS, STATUS)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@transaction.atomic
def figures_refresh(*, gaps_only: bool = False, reason: str = "") -> FiguresRefresh:
    """Rebuild the figures (all of them, or only the three-guarantee gaps) and record the refresh."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        counts = {} if gaps_only else _register_figures(cursor)
        counts["guarantee_gaps"] = _guarantee_gaps(cursor)
    written = (
        (VillageGuaranteeGap,) if gaps_only else (VillageYearFigure, VillageIncomeBand, VillageGuaranteeGap)
    )
    table_statistics_refresh(*written)
    return FiguresRefresh.objects.create(
        computed_at=timezone.now(),
        part=FiguresRefresh.Part.GAPS if gaps_only else FiguresRefresh.Part.ALL,
        reason=reason[:200],
        seconds=round(time.perf_counter() - started, 3),
        counts=counts,
    )


def _drop_temporary(cursor) -> None:
    for name in TEMPORARY:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")


def _register_figures(cursor) -> dict[str, int]:
    """Village × year figures and income bands, from households, members, incomes and village statistics."""
    _drop_temporary(cursor)
    cursor.execute(f"DELETE FROM {_table(VillageYearFigure)}")
    cursor.execute(f"DELETE FROM {_table(VillageIncomeBand)}")
    years = _years(cursor)
    _households(cursor, years)
    _members(cursor, years)
    bands = _income_bands(cursor)
    _status(cursor)
    figures = _village_years(cursor)
    _drop_temporary(cursor)
    return {"village_years": figures, "income_bands": bands}


def _households(cursor, years: list[int]) -> None:
    """For every year, the households of the register of poor households as they stood on its 31 December
    (``registry.dated``: the version in force then), with their village and years."""
    cursor.execute(
        f"CREATE TEMPORARY TABLE {HOUSEHOLDS} (household_id bigint NOT NULL, year integer NOT NULL,"
        " village_id bigint NOT NULL, identified_year integer, exit_year integer,"
        " PRIMARY KEY (household_id, year))"
    )
    for year in years:
        cursor.execute(
            f"INSERT INTO {HOUSEHOLDS} (household_id, year, village_id, identified_year, exit_year) "
            f"SELECT h.id, {year}, h.village_id, h.identified_year, h.exit_year "
            f"FROM ({registered_poor_sql(dated_table('household', year_end(year), HOUSEHOLD_COLUMNS))}) h"
        )


def _members(cursor, years: list[int]) -> None:
    """Members of every household on 31 December of every year: the member records in force then
    (``registry.dated``), born on or before it (``standards.asof``). Counted per household without a join (the
    readers join them to ``HOUSEHOLDS`` by its key)."""
    cursor.execute(
        f"CREATE TEMPORARY TABLE {MEMBERS} (household_id bigint NOT NULL, year integer NOT NULL,"
        " members integer NOT NULL, PRIMARY KEY (household_id, year))"
    )
    for year in years:
        on = year_end(year)
        cursor.execute(
            f"INSERT INTO {MEMBERS} (household_id, year, members) SELECT m.household_id, {year}, COUNT(*) "
            f"FROM {dated_table('member', on, ['household_id', 'birth_date'])} m "
            f"WHERE {member_present_sql(date_sql(on), alias='m')} GROUP BY m.household_id"
        )


def _band_case(net: str, members: str) -> str:
    """The band's lower edge as SQL, comparing ``net`` with edge × ``members`` (no division, so exact)."""
    edges = INCOME_BAND_EDGES
    whens = " ".join(f"WHEN {net} < {upper} * {members} THEN {lower}" for lower, upper in pairwise(edges))
    return f"CASE {whens} ELSE {edges[-1]} END"


def _income_bands(cursor) -> int:
    """Households with members and an income record, by village, year and per-capita net income band.

    A household's members are those on 31 December of the income's year."""
    incomes = (
        "SELECT h.village_id, r.year, hm.members, "
        f"{net_income_sql('r')} AS net "
        f"FROM {_table(IncomeRecord)} r JOIN {HOUSEHOLDS} h ON h.household_id = r.household_id "
        "AND h.year = r.year "
        f"JOIN {MEMBERS} hm ON hm.household_id = r.household_id AND hm.year = r.year "
        "WHERE hm.members > 0"
    )
    band = _band_case("i.net", "i.members")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {BANDS} AS "
        f"SELECT i.village_id, i.year, {band} AS band, COUNT(*) AS households, SUM(i.members) AS people, "
        f"SUM(i.net) AS net FROM ({incomes}) i GROUP BY i.village_id, i.year, {band}"
    )
    cursor.execute(
        f"INSERT INTO {_table(VillageIncomeBand)} (village_id, year, band, households, people) "
        f"SELECT village_id, year, band, households, people FROM {BANDS}"
    )
    return cursor.rowcount


def _years(cursor) -> list[int]:
    """Every year from the first to the last with incomes, identifications or exits, with its 31 December (the
    date the year's figures describe)."""
    # Any version of a household may have been registered on some year's 31 December: the years of every
    # version count (current rows and their history), as do the incomes of any household.
    versions = (
        f"SELECT identified_year, exit_year FROM {_table(Household.history.model)} WHERE history_type <> '-'"
    )
    households = f"SELECT identified_year, exit_year FROM {_table(Household)} UNION ALL {versions}"
    cursor.execute(
        f"SELECT MIN(year), MAX(year) FROM (SELECT r.year FROM {_table(IncomeRecord)} r "
        f"UNION SELECT identified_year FROM ({households}) h WHERE identified_year IS NOT NULL "
        f"UNION SELECT exit_year FROM ({households}) h WHERE exit_year IS NOT NULL) years"
    )
    first, last = cursor.fetchone()
    cursor.execute(f"CREATE TEMPORARY TABLE {YEARS} (year integer PRIMARY KEY, year_end date NOT NULL)")
    years = [] if first is None else list(range(first, last + 1))
    if years:
        cursor.executemany(
            f"INSERT INTO {YEARS} (year, year_end) VALUES (%s, %s)",
            [(year, year_end(year).isoformat()) for year in years],
        )
    return years


def _status(cursor) -> None:
    """Registered (identified ≤ year), exited and remaining (未脱贫, ``standards.incidence.remaining_sql``: the
    engine's condition too) households and people by village and year.

    People of a year are the members on its 31 December (the register as it stood then), exited or not, so
    registered people = exited people + remaining people in every year.
    """
    remaining = f"({remaining_sql(row='h', year='y.year')})"  # 未脱贫: the rules core's one definition
    cursor.execute(
        f"CREATE TEMPORARY TABLE {STATUS} AS SELECT h.village_id, y.year, "
        "COUNT(*) AS households, SUM(COALESCE(hm.members, 0)) AS people, "
        f"SUM(CASE WHEN {remaining} THEN 0 ELSE 1 END) AS households_exited, "
        f"SUM(CASE WHEN {remaining} THEN 0 ELSE COALESCE(hm.members, 0) END) AS people_exited, "
        f"SUM(CASE WHEN {remaining} THEN COALESCE(hm.members, 0) ELSE 0 END) AS people_remaining "
        f"FROM {HOUSEHOLDS} h JOIN {YEARS} y ON y.year = h.year AND h.identified_year <= y.year "
        f"LEFT JOIN {MEMBERS} hm ON hm.household_id = h.household_id AND hm.year = y.year "
        "GROUP BY h.village_id, y.year"
    )


def _village_years(cursor) -> int:
    """One row for every village and year, zeros where the village has nothing that year."""
    income = (
        "SELECT village_id, year, SUM(households) AS households, SUM(people) AS people, SUM(net) AS net "
        f"FROM {BANDS} GROUP BY village_id, year"
    )
    cursor.execute(
        f"INSERT INTO {_table(VillageYearFigure)} (village_id, year, is_poor_village, village_exited, population,"
        " households_registered, people_registered, households_exited, people_exited, households_remaining,"
        " people_remaining, income_households, income_people, income_net) "
        "SELECT v.id, y.year, v.is_poor, "
        "CASE WHEN v.is_poor AND v.exit_year IS NOT NULL AND v.exit_year <= y.year THEN TRUE ELSE FALSE END, "
        "COALESCE(vs.registered_population, v.registered_population), "
        "COALESCE(s.households, 0), COALESCE(s.people, 0), "
        "COALESCE(s.households_exited, 0), COALESCE(s.people_exited, 0), "
        "COALESCE(s.households - s.households_exited, 0), COALESCE(s.people_remaining, 0), "
        "COALESCE(i.households, 0), COALESCE(i.people, 0), COALESCE(i.net, 0) "
        f"FROM {_table(Village)} v CROSS JOIN {YEARS} y "
        f"LEFT JOIN {STATUS} s ON s.village_id = v.id AND s.year = y.year "
        f"LEFT JOIN ({income}) i ON i.village_id = v.id AND i.year = y.year "
        f"LEFT JOIN {_table(VillageYearStat)} vs ON vs.village_id = v.id AND vs.year = y.year"
    )
    return cursor.rowcount


def _guarantee_gaps(cursor) -> int:
    """Each village's gaps in the newest household-level exit run that covers it and has household results.

    A run covers a village when the village's code starts with the run's scope (empty: the whole register);
    "newest" is the highest run id (runs are stored in the order they finish).
    """
    cursor.execute(f"DELETE FROM {_table(VillageGuaranteeGap)}")
    results = _table(HouseholdResult)
    latest = (
        "SELECT v.id AS village_id, MAX(r.id) AS run_id "
        f"FROM {_table(Village)} v JOIN {_table(Division)} d ON d.id = v.division_id "
        f"JOIN {_table(AssessmentRun)} r ON d.code LIKE r.scope || '%' "
        f"WHERE r.standard_kind = '{StandardKind.HOUSEHOLD_EXIT.value}' "
        f"AND r.level = '{AssessmentLevel.HOUSEHOLD.value}' "
        f"AND EXISTS (SELECT 1 FROM {results} x WHERE x.run_id = r.id) GROUP BY v.id"
    )
    failed = ", ".join(
        f"SUM(CASE WHEN ';' || hr.failed_criteria || ';' LIKE '%;{criterion};%' THEN 1 ELSE 0 END)"
        for criterion in GUARANTEE_CRITERIA
    )
    cursor.execute(
        f"INSERT INTO {_table(VillageGuaranteeGap)} (village_id, run_id, assessed, {', '.join(GUARANTEE_CRITERIA)}) "
        f"SELECT latest.village_id, latest.run_id, COUNT(*), {failed} "
        f"FROM ({latest}) latest JOIN {_table(Household)} h ON h.village_id = latest.village_id "
        f"JOIN {results} hr ON hr.run_id = latest.run_id AND hr.household_id = h.id "
        "GROUP BY latest.village_id, latest.run_id"
    )
    return cursor.rowcount


def figures_ensure() -> None:
    """Compute the figures once if they never were (a register that predates them, or entered by hand)."""
    if not FiguresRefresh.objects.exists() and Village.objects.exists():
        figures_refresh(reason="首次查看 first view")
