"""Annual incomes (收入.csv) and exit years of households, calibrated to the published figures.

Registered households with labour go from a baseline per-capita net income (year before identification)
to a 2020 value above the Guangdong exit line; the means over all of them are calibrated to R7 (baseline,
4,000) and R6 (2020, 15,522). Most households were identified below the 4,000 line (their baseline is kept
as drawn); the few identified above it, and in 2020 the households not on 低保, are *scaled*: affine above a
floor (the line; the 2020 floor), so every household keeps its side of the line:

    per_capita = floor + (raw − floor) × k,
    k = (target × Σ members − Σ kept − floor × Σ members scaled) / Σ members scaled × (raw − floor)

Members are counted on 31 December of the year (born on or before: the year-end definition), so the
baseline uses each household's members at the end of its baseline year.

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


def _size(births: list[int], year: int) -> int:
    """Members on 31 December of ``year``: born on or before it (the register records no removals)."""
    return sum(1 for birth in births if birth <= year)


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
        self.line = float(incomes["identification_line"]["value"])
        self.base = Range(incomes["baseline_with_labour"])
        self.base_shape = (
            float(incomes["baseline_with_labour"]["alpha"]),
            float(incomes["baseline_with_labour"]["beta"]),
        )
        self.above = Range(incomes["above_line"])
        by_size = {int(size): float(share) for size, share in incomes["above_line"]["by_size"].items()}
        self.above_share = [by_size[min(size, max(by_size))] if size else 0.0 for size in range(11)]
        self.dibao_2020 = Range(incomes["dibao_2020"])
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
        # The consolidation years after the snapshot (``later``): a generator of their own.
        self.later_until = int(incomes["later_until"]["value"])
        self.later_line = float(incomes["monitoring_line_later"]["value"])
        self.growth_later = Range(incomes["growth_later"])
        self.weak_later_share = float(incomes["weak_later"]["value"])
        self.weak_later = Range(incomes["weak_later"])
        self.recover_share = float(incomes["recover_later"]["value"])
        self.recover = Range(incomes["recover_later"])
        self.ordinary_growth_later = Range(incomes["ordinary_growth_later"])
        self.shock_later_share = float(incomes["out_of_pocket_shock_later"]["value"])
        if self.weak_later.high >= self.later_line or self.recover.low < self.later_line:
            raise ValueError("incomes.weak_later must end below, recover_later start at or above the line")
        shares = incomes["shares"]
        self.wages = Range(shares["wages_with_labour"])
        self.business = Range(shares["business_net"])
        self.costs = Range(shares["business_costs"])
        self.property = Range(shares["property"])
        self.dibao_wage_factor = float(shares["dibao_wage_factor"]["value"])
        self.business_without_labour = Range(shares["business_without_labour"])
        self.jitter = float(shares["year_jitter"]["value"])
        # Calibration: pass-1 sums over registered households with labour, then the factors.
        self.members = 0  # at the end of 2020
        self.members_base = 0  # at the end of each household's baseline year
        self.base_kept = 0.0  # Σ members × baseline of households identified below the line
        self.base_scaled = 0  # members of households identified above it
        self.base_excess = 0.0
        self.peak_kept = 0.0  # Σ members × 2020 income of 低保 households (not scaled)
        self.peak_scaled = 0
        self.peak_excess = 0.0
        self.k_base = 1.0
        self.k_2020 = 1.0
        self.round_base = CarryRounder()
        self.round_2020 = CarryRounder()

    # -- pass 1 and 2: raw draws -----------------------------------------------------------------------------
    def draw_raw(
        self, rng: Random, has_labour: bool, size: int = 4, dibao: bool = False
    ) -> tuple[float, float]:
        """Raw per-capita net income at the baseline and in 2020 (the calibrated quantities)."""
        if has_labour:
            if rng.random() < self.above_share[size]:
                base = self.above.draw(rng)
            else:
                base = min(self.line - 1, self.base.low + self.base.width * rng.betavariate(*self.base_shape))
            if dibao:
                return base, self.dibao_2020.draw(rng)
            sigma = self.spread
            peak = self.floor_2020 + (self.target_2020 - self.floor_2020) * rng.lognormvariate(
                -sigma * sigma / 2, sigma
            )
            return base, peak
        return self.base_without_labour.draw(rng), self.peak_without_labour.draw(rng)

    def add_raw(self, births: list[int], baseline_year: int, base: float, peak: float, dibao: bool) -> None:
        """Pass 1: count a registered household with labour, with its members at the end of the baseline
        year and of 2020 (born on or before 31 December: the year-end definition of R6 and R7)."""
        size_base = _size(births, baseline_year)
        size_2020 = _size(births, self.end_year)
        self.members_base += size_base
        self.members += size_2020
        if base < self.line:
            self.base_kept += size_base * base
        else:
            self.base_scaled += size_base
            self.base_excess += size_base * (base - self.line)
        if dibao:
            self.peak_kept += size_2020 * peak
        else:
            self.peak_scaled += size_2020
            self.peak_excess += size_2020 * (peak - self.floor_2020)

    def calibrate(self) -> None:
        # Both remainders are positive (kept baselines are below the target, 低保 incomes below R6); a tiny
        # register without a household to scale keeps its raw values.
        if self.base_excess > 0:
            base_rest = self.target_base * self.members_base - self.base_kept - self.line * self.base_scaled
            self.k_base = base_rest / self.base_excess
        if self.peak_excess > 0:
            peak_rest = self.target_2020 * self.members - self.peak_kept - self.floor_2020 * self.peak_scaled
            self.k_2020 = peak_rest / self.peak_excess

    def per_capita_base(self, base: float) -> float:
        return base if base < self.line else self.line + (base - self.line) * self.k_base

    def per_capita_2020(self, peak: float, dibao: bool) -> float:
        return peak if dibao else self.floor_2020 + (peak - self.floor_2020) * self.k_2020

    # -- pass 2: rows ----------------------------------------------------------------------------------------
    def registered(
        self,
        rng: Random,
        code: str,
        births: list[int],
        has_labour: bool,
        attribute: str,
        identified_year: int,
        base: float,
        peak: float,
        education_year: int,
    ) -> tuple[list[list[Any]], int]:
        """Income rows from the baseline year to the last year, and the exit year they imply.

        ``births``: the members' birth years. A year's net income is the household's per-capita income of
        the year times its members on 31 December of that year (year-end definition), so per-capita
        incomes follow a non-decreasing path from the baseline to 2020 whatever births come in between."""
        random = rng.random
        first = identified_year - 1
        sizes = [_size(births, first + i) for i in range(self.last_year - first + 1)]
        size_base, size_2020 = sizes[0], sizes[self.end_year - first]
        if has_labour:
            pc_base = self.per_capita_base(base)
            pc_2020 = self.per_capita_2020(peak, attribute == DIBAO)
            net_base = self.round_base(pc_base * size_base)
            net_2020 = self.round_2020(pc_2020 * size_2020)
        else:
            net_base, net_2020 = round(base * size_base), round(peak * size_2020)
        pc_base, pc_2020 = net_base / size_base, net_2020 / size_2020
        per_capita = [pc_base]
        steps = self.end_year - first
        ratio = pc_2020 / pc_base
        for step in range(1, steps):
            value = pc_base * ratio ** (step / steps) * (1 + self.noise * (2 * random() - 1))
            per_capita.append(min(pc_2020, max(per_capita[-1], value)))
        # A per-capita value at or above the line gives a total at or above line × members (an integer).
        nets = [net_base] + [round(pc * sizes[i]) for i, pc in enumerate(per_capita) if i]
        nets.append(net_2020)
        earliest = max(identified_year, education_year)
        if has_labour:
            exit_year = next(
                (
                    first + i
                    for i, net in enumerate(nets)
                    if first + i >= earliest and net >= self.exit_line * sizes[i]
                ),
                self.end_year,
            )
        else:
            exit_year = self._exit_without_labour(rng, earliest)
        size_last = sizes[-1]
        if random() < self.weak_share:
            nets.append(round(self.weak.draw(rng) * size_last))
        else:
            nets.append(round(pc_2020 * self.growth_2021.draw(rng) * size_last))
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

    def later(
        self, rng: Random, rows: list[list[Any]], births: list[int], *, registered: bool
    ) -> list[list[Any]]:
        """Income rows of the years after the snapshot year up to ``later_until`` (the monitoring years),
        continuing the household's last row (``rows[-1]``, the snapshot year) with its own ``rng``.

        Per-capita net income grows (``growth_later``; ordinary households ``ordinary_growth_later``, which
        can fall); each year a small share falls under the monitoring line (``weak_later``), and a household
        under it the year before recovers above it with the share ``recover_later``. Components keep the
        proportions of the last row (transfers take the rounding); members are counted on 31 December."""
        random = rng.random
        last = rows[-1]
        year, size = int(last[1]), _size(births, int(last[1])) or 1
        per_capita = self._net(last) / size
        growth = self.growth_later if registered else self.ordinary_growth_later
        out = []
        while year < self.later_until:
            year += 1
            if per_capita < self.later_line and random() < self.recover_share:
                per_capita = max(per_capita * growth.draw(rng), self.recover.draw(rng))
            elif random() < self.weak_later_share:
                per_capita = min(per_capita, self.weak_later.draw(rng))
            else:
                per_capita *= growth.draw(rng)
            size = _size(births, year) or 1
            row = self._scaled(last, year, round(per_capita * size))
            row[7] = self._out_of_pocket(rng, year)
            out.append(row)
        return out

    @staticmethod
    def _net(row: list[Any]) -> int:
        """Net income of an income row (the columns ``_split`` writes): the one formula, in integers."""
        return int(row[2]) + int(row[3]) + int(row[4]) + int(row[5]) - int(row[6])

    def _scaled(self, row: list[Any], year: int, net: int) -> list[Any]:
        """``row``'s components scaled to the net income ``net``; transfers take the remainder."""
        factor = net / max(1, self._net(row))
        wages, business, prop, costs = (int(int(row[i]) * factor + 0.5) for i in (2, 3, 4, 6))
        transfers = net - wages - business - prop + costs
        if transfers < 0:
            wages += transfers
            transfers = 0
        return [row[0], year, wages, business, prop, transfers, costs, ""]

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
        """合规自付支出: filled from the year before the snapshot year on (not recorded before); a shock (a large
        medical self-pay) in a share of households in the snapshot year and the years after it."""
        if year < self.last_year - 1:
            return ""
        shocks = self.shock_share if year == self.last_year else self.shock_later_share
        if year >= self.last_year and rng.random() < shocks:
            return int(self.shock.draw(rng))
        if rng.random() < self.out_of_pocket_zero:
            return 0
        draw = rng.random()
        return int(draw * draw * self.out_of_pocket_high)
