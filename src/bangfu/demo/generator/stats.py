"""Villages' yearly statistics (村年度.csv), their exit years, and their rows in 村.csv.

Population: a poor village's registered poor members ÷ an incidence drawn in a range; a non-poor
village's population is drawn so that at most a small share of it is in registered poor households.
Populations drift about ±1% a year. Income per capita (居民人均可支配收入) of poor villages is calibrated
so that the 2020 population-weighted mean over poor villages is R5 exactly (to the yuan, within 0.5).
A poor village exits (出列) in the first year its remaining poor are below the incidence threshold;
its collective income (村集体经济收入) reaches the exit threshold by then.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from bangfu.demo.generator.dist import Range, village_rng
from bangfu.demo.generator.profile import value
from bangfu.demo.generator.villages import Village
from bangfu.registry.contract import FALSE, TRUE, VILLAGE_STATS

#: How many yes/no village-exit indicators follow the five statistics columns of 村年度.
VILLAGE_INDICATORS = len(VILLAGE_STATS.columns) - 5


class VillageStats:
    """Drawn statistics of one village: population, income path, collective income path (all years)."""

    __slots__ = (
        "collective_noise",
        "collective_start",
        "collective_target",
        "growth",
        "income",
        "population",
    )

    def __init__(self) -> None:
        self.population: list[int] = []
        self.income: list[float] = []  # raw; the end year is calibrated for poor villages
        self.growth: list[float] = []
        self.collective_start = 0.0
        self.collective_target = 0.0
        self.collective_noise: list[float] = []


class Statistics:
    def __init__(self, params: Mapping[str, Any], seed: int):
        snapshot = params["snapshot"]
        self.first_year = int(value(snapshot["first_year"]))
        self.end_year = int(value(snapshot["end_year"]))
        self.last_year = int(value(snapshot["last_year"]))
        self.years = list(range(self.first_year, self.last_year + 1))
        self.seed = seed
        villages = params["villages"]
        self.identified_year = int(value(villages["poor_identified_year"]))
        self.min_exit_year = int(value(villages["poor_min_exit_year"]))
        self.exit_incidence = float(value(villages["exit_incidence_below"]))
        self.exit_collective = float(value(villages["exit_collective_income"]))
        population = villages["population"]
        self.incidence = Range(population["poor_incidence"])
        self.poor_minimum = int(value(population["poor_minimum"]))
        self.non_poor = Range(population["non_poor"])
        self.non_poor_max_incidence = float(value(population["non_poor_max_incidence"]))
        self.drift = float(value(population["yearly_drift"]))
        income = villages["income"]
        self.income_target = float(value(income["target_2020_poor"]))
        self.poor_start = Range(income["poor_2015"])
        self.poor_end = Range(income["poor_2020"])
        self.non_poor_end = Range(income["non_poor_2020"])
        self.non_poor_growth = Range(income["non_poor_growth_2015_2020"])
        self.growth_last = Range(income["growth_2021"])
        self.noise = float(value(income["noise"]))
        collective = villages["collective_income"]
        self.collective_poor_start = Range(collective["poor_2015"])
        self.collective_at_exit = Range(collective["poor_at_exit"])
        self.collective_non_poor_start = Range(collective["non_poor_2015"])
        self.collective_growth = Range(collective["yearly_growth"])
        self.end_index = self.years.index(self.end_year)
        # Calibration of poor villages' end-year income: a scale, and a nudge on one village.
        self.scale = 1.0
        self.nudged = -1
        self.nudge = 0

    def draw(self, village: Village) -> VillageStats:
        """A village's statistics (after pass 1 counted its registered members).

        Redrawn from the village's own generator whenever needed, rather than kept, so memory stays small.
        """
        rng = village_rng(self.seed, "stats", village.index)
        random = rng.random
        stats = VillageStats()
        members = village.registered_members
        if village.is_poor:
            anchor = max(self.poor_minimum, round(members / self.incidence.draw(rng)))
            start, end = self.poor_start.draw(rng), self.poor_end.draw(rng)
            stats.collective_start = self.collective_poor_start.draw(rng)
            stats.collective_target = self.collective_at_exit.draw(rng)
        else:
            low = max(self.non_poor.low, math.ceil(members / self.non_poor_max_incidence))
            anchor = round(low + max(0.0, self.non_poor.high - low) * random())
            end = self.non_poor_end.draw(rng)
            start = end / self.non_poor_growth.draw(rng)
            stats.collective_start = self.collective_non_poor_start.draw(rng)
        # Population: anchored in the identification year, drifting ±drift a year both ways.
        anchor_index = self.years.index(self.identified_year)
        population = [0] * len(self.years)
        population[anchor_index] = anchor
        for i in range(anchor_index + 1, len(self.years)):
            population[i] = round(population[i - 1] * (1 + self.drift * (2 * random() - 1)))
        for i in range(anchor_index - 1, -1, -1):
            population[i] = round(population[i + 1] * (1 + self.drift * (2 * random() - 1)))
        stats.population = population
        # Income: geometric from the first to the end year with noise, then a little growth.
        steps = self.end_index
        income = [start]
        for step in range(1, steps):
            income.append(start * (end / start) ** (step / steps) * (1 + self.noise * (2 * random() - 1)))
        income.append(end)
        stats.income = income
        stats.growth = [self.growth_last.draw(rng) for _ in range(len(self.years) - steps - 1)]
        stats.collective_noise = [random() for _ in self.years]
        return stats

    def calibrate(self, villages: list[Village]) -> None:
        """Scale poor villages' end-year income to the target; one village absorbs the rounding residual."""
        end = self.end_index
        poor = [v for v in villages if v.is_poor]
        if not poor:
            return
        weight = raw = 0.0
        largest, largest_population = poor[0], -1
        for village in poor:
            stats = self.draw(village)
            population = stats.population[end]
            weight += population
            raw += population * stats.income[end]
            if population > largest_population:
                largest, largest_population = village, population
        self.scale = self.income_target * weight / raw
        residual = round(self.income_target * weight)
        for village in poor:
            stats = self.draw(village)
            residual -= stats.population[end] * round(stats.income[end] * self.scale)
        self.nudged = largest.index
        self.nudge = round(residual / largest_population)

    def exit_year(self, village: Village, stats: VillageStats) -> int | None:
        """The first year the village's remaining poor are below the threshold (poor villages only)."""
        if not village.is_poor:
            return None
        for offset, remaining in enumerate(village.remaining):
            year = self.identified_year + offset
            population = stats.population[self.years.index(year)]
            if year >= self.min_exit_year and remaining < self.exit_incidence * population:
                return year
        return self.end_year

    def rows(self, village: Village) -> tuple[list[Any], Iterator[list[Any]]]:
        """The village's 村.csv row and its 村年度.csv rows."""
        stats = self.draw(village)
        exit_year = self.exit_year(village, stats)
        incomes = self._incomes(village, stats)
        collective = self._collective(stats, exit_year)
        row = [
            village.code,
            village.name,
            village.town,
            village.county.name,
            TRUE if village.is_poor else FALSE,
            self.identified_year if village.is_poor else "",
            exit_year or "",
            TRUE if village.is_demonstration else FALSE,
            stats.population[-1],
        ]
        # Guangdong's yes/no village-exit indicators (村年度 人居环境达标 … 广播电视和宽带覆盖): verified when the
        # village exits, so recorded 是 from its exit year on and not recorded (empty) before.
        yearly = (
            [village.code, year, stats.population[i], incomes[i], collective[i]]
            + [TRUE if village.is_poor and exit_year and year >= exit_year else ""] * VILLAGE_INDICATORS
            for i, year in enumerate(self.years)
        )
        return row, yearly

    def _incomes(self, village: Village, stats: VillageStats) -> list[int]:
        end = self.end_index
        if village.is_poor:
            end_income = round(stats.income[end] * self.scale) + (
                self.nudge if village.index == self.nudged else 0
            )
        else:
            end_income = round(stats.income[end])
        start = round(stats.income[0])
        incomes = [start]
        for value_ in stats.income[1:end]:
            incomes.append(min(end_income, max(incomes[-1], round(value_))))
        incomes.append(end_income)
        for growth in stats.growth:
            incomes.append(round(incomes[-1] * growth))
        return incomes

    def _collective(self, stats: VillageStats, exit_year: int | None) -> list[int]:
        values = [round(stats.collective_start)]
        for i, year in enumerate(self.years[1:], start=1):
            growth = self.collective_growth.low + self.collective_growth.width * stats.collective_noise[i]
            if exit_year is not None and year <= exit_year:
                # Linear towards the exit target, noisy, reaching it in the exit year.
                share = (year - self.first_year) / (exit_year - self.first_year)
                path = stats.collective_start + (stats.collective_target - stats.collective_start) * share
                noisy = path * (0.9 + 0.2 * stats.collective_noise[i]) if year < exit_year else path
                values.append(max(values[-1], round(noisy)))
            else:
                values.append(round(values[-1] * growth))
        return values
