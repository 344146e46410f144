"""Annual incomes (收入.csv) and exit years of households, calibrated to the published figures.

Registered households with labour go from a baseline per-capita net income (year before identification)
to a 2020 value above the Guangdong exit line; the means over all of them are calibrated to R7 (baseline,
4,000) and R6 (2020, 15,522). Calibration is affine above a floor, so every household keeps its floor:

    per_capita = floor + (raw − floor) × k,   k = (target − floor) × Σ members / Σ members × (raw − floor)

Pass 1 sums the raw values; pass 2 redraws them with the same generators, applies k and rounds each
household's net income with a carried remainder, so the rounded totals still hit the targets. Components
are derived from the integer net income with transfers as the remainder, so they add up exactly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from random import Random
from typing import Any

from bangfu.demo.generator.dist import CarryRounder, Picker, Range
from bangfu.registry.choices import HouseholdAttribute

DIBAO = HouseholdAttribute.DIBAO_POOR.value


class IncomeModel:
    """Draws raw incomes (both passes), calibrates (between passes) and writes income rows (pass 2)."""

    def __init__(self, params: Mapping[str, Any]):
        incomes = params["incomes"]
        self.end_year = int(params["snapshot"]["end_year"]["value"])
        self.last_year = int(params["snapshot"]["last_year"]["value"])
        if self.last_year != self.end_year + 1:
            raise ValueError("snapshot.last_year must be the year after snapshot.end_year")
        self.exit_line = int(incomes["exit_line"]["value"])
        self.floor_2020 = math.ceil(self.exit_line * float(incomes["exit_line_margin"]["value"]))
        self.target_base = float(incomes["baseline_target"]["value"])
        self.target_2020 = float(incomes["target_2020"]["value"])
        self.base = Range(incomes["baseline_with_labour"])
        self.spread = float(incomes["spread_2020"]["value"])
        self.base_without_labour = Range(incomes["baseline_without_labour"])
        self.peak_without_labour = Range(incomes["without_labour_2020"])
        self.noise = float(incomes["path_noise"]["value"])
        self.exit_without_labour: Picker[int] = Picker.from_mapping(
            {int(year): weight for year, weight in incomes["exit_without_labour"]["weights"].items()}
        )
        self.growth_2021 = Range(incomes["growth_2021"])
        self.weak_share = float(incomes["weak_2021"]["value"])
        self.weak = Range(incomes["weak_2021"])
        self.ordinary_2020 = Range(incomes["ordinary_2020"])
        self.ordinary_growth = Range(incomes["ordinary_growth_2021"])
        self.out_of_pocket_zero = float(incomes["out_of_pocket"]["zero"])
        self.out_of_pocket_high = float(incomes["out_of_pocket"]["high"])
        self.shock_share = float(incomes["out_of_pocket_shock"]["value"])
        self.shock = Range(incomes["out_of_pocket_shock"])
        shares = incomes["shares"]
        self.wages = Range(shares["wages_with_labour"])
        self.business = Range(shares["business_net"])
        self.costs = Range(shares["business_costs"])
        self.property = Range(shares["property"])
        self.dibao_wage_factor = float(shares["dibao_wage_factor"]["value"])
        self.business_without_labour = Range(shares["business_without_labour"])
        self.jitter = float(shares["year_jitter"]["value"])
        # Calibration: pass-1 sums over registered households with labour, then the factors.
        self.members = 0
        self.base_excess = 0.0
        self.peak_excess = 0.0
        self.k_base = 1.0
        self.k_2020 = 1.0
        self.round_base = CarryRounder()
        self.round_2020 = CarryRounder()

    # -- pass 1 and 2: raw draws -----------------------------------------------------------------------------
    def draw_raw(self, rng: Random, has_labour: bool) -> tuple[float, float]:
        """Raw per-capita net income at the baseline and in 2020 (the calibrated quantities)."""
        if has_labour:
            base = self.base.low + self.base.width * rng.betavariate(2.0, 2.0)
            sigma = self.spread
            peak = self.floor_2020 + (self.target_2020 - self.floor_2020) * rng.lognormvariate(
                -sigma * sigma / 2, sigma
            )
            return base, peak
        return self.base_without_labour.draw(rng), self.peak_without_labour.draw(rng)

    def add_raw(self, size: int, base: float, peak: float) -> None:
        """Pass 1: count a registered household with labour."""
        self.members += size
        self.base_excess += size * (base - self.base.low)
        self.peak_excess += size * (peak - self.floor_2020)

    def calibrate(self) -> None:
        if self.members and self.base_excess > 0 and self.peak_excess > 0:
            self.k_base = (self.target_base - self.base.low) * self.members / self.base_excess
            self.k_2020 = (self.target_2020 - self.floor_2020) * self.members / self.peak_excess

    # -- pass 2: rows ----------------------------------------------------------------------------------------
    def registered(
        self,
        rng: Random,
        code: str,
        size: int,
        has_labour: bool,
        attribute: str,
        identified_year: int,
        base: float,
        peak: float,
        education_year: int,
    ) -> tuple[list[list[Any]], int]:
        """Income rows from the baseline year to the last year, and the exit year they imply."""
        random = rng.random
        first = identified_year - 1
        if has_labour:
            net_base = self.round_base((self.base.low + (base - self.base.low) * self.k_base) * size)
            net_2020 = self.round_2020((self.floor_2020 + (peak - self.floor_2020) * self.k_2020) * size)
        else:
            net_base, net_2020 = round(base * size), round(peak * size)
        nets = [net_base]
        steps = self.end_year - first
        ratio = net_2020 / net_base
        for step in range(1, steps):
            value = round(net_base * ratio ** (step / steps) * (1 + self.noise * (2 * random() - 1)))
            nets.append(min(net_2020, max(nets[-1], value)))
        nets.append(net_2020)
        earliest = max(identified_year, education_year)
        if has_labour:
            need = self.exit_line * size
            exit_year = next(
                (first + i for i, net in enumerate(nets) if first + i >= earliest and net >= need),
                self.end_year,
            )
        else:
            exit_year = self._exit_without_labour(rng, earliest)
        if random() < self.weak_share:
            nets.append(round(self.weak.draw(rng) * size))
        else:
            nets.append(round(net_2020 * self.growth_2021.draw(rng)))
        shares = self._shares(rng, has_labour, attribute == DIBAO)
        rows = [self._split(rng, code, first + i, net, shares) for i, net in enumerate(nets)]
        return rows, exit_year

    def ordinary(self, rng: Random, code: str, size: int, has_labour: bool) -> list[list[Any]]:
        """Ordinary households (一般农户): the last two years only."""
        net_2020 = round(self.ordinary_2020.draw(rng) * size)
        net_last = round(net_2020 * self.ordinary_growth.draw(rng))
        shares = self._shares(rng, has_labour, False)
        return [
            self._split(rng, code, self.last_year - 1, net_2020, shares),
            self._split(rng, code, self.last_year, net_last, shares),
        ]

    def _exit_without_labour(self, rng: Random, earliest: int) -> int:
        """Households without labour exit through 低保/特困 coverage, spread over the years."""
        for _ in range(20):
            year = self.exit_without_labour.pick(rng)
            if year >= earliest:
                return year
        return min(self.end_year, earliest)

    def _shares(self, rng: Random, has_labour: bool, dibao: bool) -> tuple[float, float, float, float]:
        """(wages, net business, property, cost ratio) as shares of net income; transfers are the rest."""
        if has_labour:
            business = self.business.draw(rng)
            prop = self.property.draw(rng)
            wages = self.wages.draw(rng) * (self.dibao_wage_factor if dibao else 1.0)
            wages = min(wages, 0.92 - business - prop)
        else:
            business = self.business_without_labour.draw(rng)
            prop = self.property.draw(rng)
            wages = 0.0
        return wages, business, prop, self.costs.draw(rng)

    def _split(
        self, rng: Random, code: str, year: int, net: int, shares: tuple[float, float, float, float]
    ) -> list[Any]:
        wage_share, business_share, property_share, cost_ratio = shares
        wages = int(net * wage_share * (1 + self.jitter * (2 * rng.random() - 1)) + 0.5)
        business = int(net * business_share + 0.5)
        prop = int(net * property_share + 0.5)
        transfers = net - wages - business - prop
        if transfers < 0:
            wages += transfers
            transfers = 0
        costs = int(business * cost_ratio / (1 - cost_ratio) + 0.5)
        return [code, year, wages, business + costs, prop, transfers, costs, self._out_of_pocket(rng, year)]

    def _out_of_pocket(self, rng: Random, year: int) -> Any:
        """合规自付支出: filled for the last two years only."""
        if year < self.last_year - 1:
            return ""
        if year == self.last_year and rng.random() < self.shock_share:
            return int(self.shock.draw(rng))
        if rng.random() < self.out_of_pocket_zero:
            return 0
        draw = rng.random()
        return int(draw * draw * self.out_of_pocket_high)
