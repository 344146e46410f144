"""The figures computed independently, household by household in Python from the register's rows.

A second implementation on purpose: the refresh is SQL over grouped rows; this walks every household.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from bangfu.indicators.bands import INCOME_BAND_EDGES
from bangfu.registry.choices import REGISTERED_POOR_ATTRIBUTES
from bangfu.registry.models import Household, IncomeRecord, Member, Village, VillageYearStat


def _band(net: Decimal, members: int) -> int:
    per_capita = net / members
    return max(edge for edge in INCOME_BAND_EDGES if edge == 0 or per_capita >= edge)


def expected_figures() -> tuple[dict, dict]:
    """``({(village_id, year): {field: value}}, {(village_id, year, band): (households, people)})``."""
    births = defaultdict(list)
    for household_id, birth in Member.objects.values_list("household_id", "birth_date"):
        births[household_id].append(birth)

    def size(household_id: int, year: int) -> int:
        """Members on 31 December of ``year`` (born that year or earlier), counted here without the rule's SQL."""
        return sum(1 for birth in births[household_id] if birth is None or birth.year <= year)

    poor = {
        household.pk: household
        for household in Household.objects.filter(attribute__in=REGISTERED_POOR_ATTRIBUTES)
    }
    incomes = [income for income in IncomeRecord.objects.all() if income.household_id in poor]
    years = {income.year for income in incomes}
    years |= {h.identified_year for h in poor.values() if h.identified_year}
    years |= {h.exit_year for h in poor.values() if h.exit_year}
    years = set(range(min(years), max(years) + 1)) if years else set()
    stats = {(s.village_id, s.year): s.registered_population for s in VillageYearStat.objects.all()}
    figures, bands = {}, defaultdict(lambda: [0, 0])
    for village in Village.objects.all():
        for year in years:
            row = dict.fromkeys(
                (
                    "households_registered",
                    "people_registered",
                    "households_exited",
                    "people_exited",
                    "people_remaining",
                ),
                0,
            )
            for household in poor.values():
                if household.village_id != village.pk or not household.identified_year:
                    continue
                if household.identified_year <= year:
                    row["households_registered"] += 1
                    row["people_registered"] += size(household.pk, year)
                    if household.exit_year and household.exit_year <= year:
                        row["households_exited"] += 1
                        row["people_exited"] += size(household.pk, year)  # on 31 December of the year
                    else:
                        row["people_remaining"] += size(household.pk, year)
            row["households_remaining"] = row["households_registered"] - row["households_exited"]
            row["income_households"] = row["income_people"] = 0
            row["income_net"] = Decimal(0)
            for income in incomes:
                household = poor[income.household_id]
                people = size(household.pk, year)
                if household.village_id == village.pk and income.year == year and people:
                    row["income_households"] += 1
                    row["income_people"] += people
                    row["income_net"] += income.net_income
                    band = bands[(village.pk, year, _band(income.net_income, people))]
                    band[0] += 1
                    band[1] += people
            row["population"] = stats.get((village.pk, year), village.registered_population)
            row["is_poor_village"] = village.is_poor
            row["village_exited"] = bool(village.is_poor and village.exit_year and village.exit_year <= year)
            figures[(village.pk, year)] = row
    return figures, {key: tuple(value) for key, value in bands.items()}


def stored_figures() -> tuple[dict, dict]:
    """The refreshed figures in the same shape as ``expected_figures``."""
    from bangfu.indicators.models import VillageIncomeBand, VillageYearFigure

    fields = (
        "households_registered", "people_registered", "households_exited", "people_exited",
        "households_remaining", "people_remaining", "income_households", "income_people", "income_net",
        "population", "is_poor_village", "village_exited",
    )  # fmt: skip
    figures = {
        (row["village_id"], row["year"]): {field: row[field] for field in fields}
        for row in VillageYearFigure.objects.values("village_id", "year", *fields)
    }
    bands = {
        (row.village_id, row.year, row.band): (row.households, row.people)
        for row in VillageIncomeBand.objects.all()
    }
    return figures, bands
