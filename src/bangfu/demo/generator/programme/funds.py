"""Fund flows (资金流): allocations (下达) that add up to the published totals, then disbursements (拨付) and
spending (支出) that never exceed them.

Assistance funds (all sources but local finance) are laid out exactly, in whole 万元: the final year's
allocations are the R16 target, the earlier years share the rest of the R11 total by rising weights, and the
livelihood category (民生) takes the R12 total spread over the years. In each year the other categories share
what livelihood leaves; within a category and year the projects active that year share by weight. Part of
each year's industry funds goes to the industrial development fund (not one project). Some projects also get
local co-funding (地方财政), which is not assistance money and is not counted in the published totals.
Each allocation is followed by a disbursement and a spending of at most its amount, so Σ 拨付 ≤ Σ 下达 and
Σ 支出 ≤ Σ 拨付 hold per project and per programme-year.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from random import Random

from bangfu.demo.generator.dist import GenerationError, Picker, allocate
from bangfu.demo.generator.programme.profile import WAN, ProgrammeProfile, value, weights
from bangfu.demo.generator.programme.projects import Project

LIVELIHOOD, INDUSTRY, OTHER, LOCAL = "民生", "产业", "其他", "地方财政"
FUND_NAME = "汕尾产业发展基金出资"
POOLED = "县级统筹整合资金（未落实到单个项目）"


def generate_funds(profile: ProgrammeProfile, projects: list[Project], seed: int) -> list[dict]:
    rng = Random(f"bangfu/{seed}/programme/funds")
    spec = profile.params["funds"]
    t = profile.targets
    years = list(profile.years)
    final = years[-1]
    if t.funds_final_year + t.funds_livelihood > t.funds_total:
        raise GenerationError("资金目标不一致：最后一年与民生资金之和超过资金总额")
    year_weights = weights(spec["year_weights"])
    earlier = allocate(
        (t.funds_total - t.funds_final_year) // WAN, [year_weights[str(y)] for y in years[:-1]]
    )
    per_year = dict(zip(years[:-1], earlier, strict=True)) | {final: t.funds_final_year // WAN}
    livelihood_weights = weights(spec["livelihood_year_weights"])
    livelihood = dict(
        zip(
            years,
            allocate(t.funds_livelihood // WAN, [livelihood_weights[str(y)] for y in years]),
            strict=True,
        )
    )
    category_weights = weights(spec["category_weights"])
    fund_share = float(value(spec["industry_fund_share"]))
    sources = Picker.from_mapping(weights(spec["other_sources"]))
    active: dict[tuple[int, str], list[Project]] = defaultdict(list)
    for project in projects:
        for year in project.active_years(final):
            active[year, project.category].append(project)

    flows: list[dict] = []
    writer = _FlowWriter(rng, spec, flows)
    for year in years:
        rest = per_year[year] - livelihood[year]
        if rest < 0:
            raise GenerationError(f"{year}年民生资金超过当年资金总额")
        writer.split(year, LIVELIHOOD, livelihood[year], active[year, LIVELIHOOD], sources)
        categories = [c for c in category_weights if active[year, c]] or [OTHER]
        for category, amount in zip(
            categories, allocate(rest, [category_weights[c] for c in categories]), strict=True
        ):
            if category == INDUSTRY and amount > 1:
                fund = max(1, round(amount * fund_share))
                writer.allocation(year, INDUSTRY, None, fund, "帮扶方财政", notes=FUND_NAME)
                amount -= fund
            writer.split(year, category, amount, active[year, category], sources)
    _local_cofunding(profile, rng, projects, writer)
    return flows


class _FlowWriter:
    def __init__(self, rng: Random, spec: dict, flows: list[dict]):
        self.rng, self.flows = rng, flows
        self.disbursed = {int(y): w for y, w in weights(spec["disbursed_rate"]).items()}
        self.spent = {int(y): w for y, w in weights(spec["spent_rate"]).items()}
        self.budget: dict[str, int] = defaultdict(int)  # project code → allocated yuan
        self.village_cap = {c: int(w) for c, w in spec["village_project_cap"]["values"].items()}  # 万元/year
        self.number = 0

    def split(
        self, year: int, category: str, wan: int, projects: list[Project], sources: Picker[str]
    ) -> None:
        if wan <= 0:
            return
        if not projects:
            self.allocation(year, category, None, wan, sources.pick(self.rng))
            return
        shares = allocate(wan, [p.weight * (0.5 + self.rng.random()) for p in projects])
        # A village-level project gets at most its category's cap a year, a town-level one ten times that; the
        # excess goes to the category's county-level projects of the year, or else to a pooled allocation.
        cap = self.village_cap.get(category)
        excess = 0
        if cap:
            for index, project in enumerate(projects):
                limit = _cap(project, cap)
                if limit is not None and shares[index] > limit:
                    excess += shares[index] - limit
                    shares[index] = limit
        if excess:
            larger = [i for i, p in enumerate(projects) if _cap(p, cap) is None]
            if larger:
                extra = allocate(excess, [projects[i].weight for i in larger])
                for index, more in zip(larger, extra, strict=True):
                    shares[index] += more
            else:
                self.allocation(year, category, None, excess, sources.pick(self.rng), notes=POOLED)
        for project, share in zip(projects, shares, strict=True):
            if share:
                self.allocation(year, category, project, share, sources.pick(self.rng))

    def allocation(
        self, year: int, category: str, project: Project | None, wan: int, source: str, notes: str = ""
    ) -> None:
        rng = self.rng
        self.number += 1
        amount = wan * WAN
        code = project.code if project else ""
        common = {"project": code, "source": source, "category": "" if project else category, "year": year}
        reference = f"深汕帮扶〔{year}〕{self.number}号"
        day = 1 + int(rng.random() * 28)
        self.flows.append(
            common | {"kind": "下达", "date": date(year, 2 + int(rng.random() * 3), day), "amount": Decimal(amount),
                      "reference": reference, "notes": notes}
        )  # fmt: skip
        if project:
            self.budget[code] += amount
        disbursed = int(amount * min(1.0, self.disbursed.get(year, 1.0) + _jitter(rng, year, self.disbursed)))
        spent = int(disbursed * min(1.0, self.spent.get(year, 1.0) + _jitter(rng, year, self.spent)))
        if disbursed > 0:
            self.flows.append(
                common | {"kind": "拨付", "date": date(year, 5 + int(rng.random() * 4), day), "amount": Decimal(disbursed),
                          "reference": reference, "notes": notes}
            )  # fmt: skip
        if spent > 0:
            self.flows.append(
                common | {"kind": "支出", "date": date(year, 9 + int(rng.random() * 4), day), "amount": Decimal(spent),
                          "reference": "", "notes": notes}
            )  # fmt: skip


def _cap(project: Project, village_cap: int) -> int | None:
    """The most 万元 a year a project takes: its category's village cap, ten times it for a town-level
    project, no cap for a county-level facility (a hospital, a school, a county road)."""
    if project.village:
        return village_cap
    if project.division and not project.division.endswith("000000"):
        return 10 * village_cap
    return None


def _jitter(rng: Random, year: int, rates: dict[int, float]) -> float:
    """±3 points around a rate below 1 (a fully paid year stays fully paid)."""
    return 0.0 if rates.get(year, 1.0) >= 1.0 else (rng.random() - 0.5) * 0.06


def _local_cofunding(
    profile: ProgrammeProfile, rng: Random, projects: list[Project], writer: _FlowWriter
) -> None:
    spec = profile.params["projects"]
    share = float(value(spec["local_cofunding_share"]))
    low, high = spec["local_cofunding_rate"]["low"], spec["local_cofunding_rate"]["high"]
    for project in projects:
        if writer.budget[project.code] and rng.random() < share:
            wan = max(1, round(writer.budget[project.code] / WAN * (low + (high - low) * rng.random())))
            writer.allocation(project.start_year, project.category, project, wan, LOCAL)
