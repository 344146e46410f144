"""The synthetic register generator: the "Shanwei 2013–2020" demo, or a register of any size.

    from bangfu.demo.generator import shanwei_profile, scaled_profile, generate_register
    summary = generate_register(shanwei_profile(), Path("out"), seed=2013)

Writes 村.csv 户.csv 成员.csv 收入.csv 村年度.csv (the register contract, bangfu.registry.contract).
Same profile and seed → byte-identical files. Memory stays flat in the number of households: only
per-village bookkeeping is kept; households are generated and written village by village, each village
from generators seeded by (seed, purpose, village index).

Two passes: pass 1 redraws every village's household plan to sum the raw incomes that the published
means (R6, R7) are calibrated on; pass 2 draws the full records and writes them. No Django settings or
database are needed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bangfu.demo.generator.criteria import criteria_cells
from bangfu.demo.generator.dist import GenerationError, village_rng
from bangfu.demo.generator.households import Builder, Planner, family_rng, people_rng
from bangfu.demo.generator.incomes import IncomeModel
from bangfu.demo.generator.people import IdIssuer
from bangfu.demo.generator.profile import Profile, scaled_profile, shanwei_profile
from bangfu.demo.generator.stats import Statistics
from bangfu.demo.generator.villages import layout_villages
from bangfu.demo.generator.writer import RegisterWriter
from bangfu.registry.choices import HouseholdAttribute
from bangfu.registry.contract import HOUSEHOLDS, INCOMES, MEMBERS, VILLAGE_STATS, VILLAGES

__all__ = [
    "GenerationError",
    "GenerationSummary",
    "Profile",
    "generate_register",
    "scaled_profile",
    "shanwei_profile",
]

DIBAO = HouseholdAttribute.DIBAO_POOR.value
#: How often progress is reported, as a fraction of all households.
PROGRESS_STEP = 0.005


@dataclass(frozen=True)
class GenerationSummary:
    villages: int
    poor_villages: int
    households: int
    registered_households: int
    members: int
    income_records: int
    village_stats: int


def generate_register(
    profile: Profile,
    out_dir: Path,
    seed: int = 2013,
    progress: Callable[[int, int], None] | None = None,
) -> GenerationSummary:
    """Write the register of ``profile`` into ``out_dir`` (all files or none); returns the counts."""
    villages = layout_villages(profile, seed)
    incomes = IncomeModel(profile.params)
    planner = Planner(profile, incomes, seed)
    builder = Builder(profile, incomes, IdIssuer(seed))
    # Pass 1: raw incomes for calibration (weighted by each household's members at the end of its baseline
    # year and of 2020: the year-end definition), registered members per village.
    for village in villages:
        members = 0
        families = family_rng(seed, village)
        for plan in planner.plan(village):
            _, people = builder.family(families, plan)
            if plan.registered:
                members += plan.size
                if plan.has_labour:
                    assert plan.identified_year is not None
                    births = builder.birth_years(people)
                    incomes.add_raw(
                        births, plan.identified_year - 1, plan.base, plan.peak, plan.attribute == DIBAO
                    )
        village.registered_members = members
    incomes.calibrate()
    statistics = Statistics(profile.params, seed)
    statistics.calibrate(villages)
    # Pass 2: full records, village by village.
    total = profile.households
    step = max(1, int(total * PROGRESS_STEP))
    done = reported = members = income_records = 0
    first_tracked = statistics.identified_year
    tracked_years = statistics.end_year - first_tracked + 1
    with RegisterWriter(Path(out_dir)) as writer:
        write_household = writer[HOUSEHOLDS].writerow
        write_members = writer[MEMBERS].writerows
        write_incomes = writer[INCOMES].writerows
        for village in villages:
            rng = people_rng(seed, village)
            families = family_rng(seed, village)
            later = village_rng(seed, "later", village.index)  # incomes after the snapshot year
            remaining = [0] * tracked_years
            for number, plan in enumerate(planner.plan(village), start=1):
                family = builder.family(families, plan)
                household, member_rows, income_rows, exit_year = builder.build(
                    rng, village, plan, f"{village.code}{number:04d}", family
                )
                criteria_cells(seed, household, member_rows, exit_year)  # own generator: nothing else moves
                births = builder.birth_years(family[1])
                income_rows += incomes.later(later, income_rows, births, registered=plan.registered)
                write_household(household)
                write_members(member_rows)
                write_incomes(income_rows)
                members += len(member_rows)
                income_records += len(income_rows)
                if exit_year is not None:
                    assert plan.identified_year is not None
                    for year in range(max(plan.identified_year, first_tracked), exit_year):
                        remaining[year - first_tracked] += plan.size
            if village.is_poor:
                village.remaining = remaining
            done += village.registered + village.ordinary
            if progress is not None and done - reported >= step:
                progress(done, total)
                reported = done
        stats_rows = 0
        for village in villages:
            row, yearly = statistics.rows(village)
            writer[VILLAGES].writerow(row)
            for yearly_row in yearly:
                writer[VILLAGE_STATS].writerow(yearly_row)
                stats_rows += 1
        if progress is not None and reported != total:
            progress(total, total)
    return GenerationSummary(
        villages=len(villages),
        poor_villages=sum(v.is_poor for v in villages),
        households=total,
        registered_households=profile.registered_households,
        members=members,
        income_records=income_records,
        village_stats=stats_rows,
    )
