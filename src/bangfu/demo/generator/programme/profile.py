"""The programme profile: targets and shapes from ``bangfu/demo/data/shanwei-programme.toml``."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

PROGRAMME_FILE = "shanwei-programme.toml"
WAN = 10_000  # money is split in whole 万元 (10,000 yuan)


@dataclass(frozen=True)
class Targets:
    """The published figures (R8–R20) the records add up to; money in yuan."""

    paired_villages: int
    industry_projects_in_paired_villages: int
    cadres: int
    funds_total: int
    funds_livelihood: int
    funds_final_year: int
    livelihood_beneficiaries: int
    beds: int
    school_places: int
    park_projects: int
    park_investment: int
    park_projects_from_donor: int
    park_projects_over_1bn: int


@dataclass(frozen=True)
class ProgrammeProfile:
    """What to generate. Build one with :func:`programme_profile` or :func:`scaled_programme_profile`."""

    name: str
    donor_city: str
    recipient_city: str
    recipient_division: str
    start_year: int
    end_year: int
    first_round_start: date
    second_round_start: date
    end_date: date
    targets: Targets
    project_counts: Mapping[str, int]  # generic projects by kind (see [projects] in the data file)
    seconded_per_county: int
    town_seconded: bool
    params: Mapping[str, Any] = field(compare=False, repr=False)

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


def value(entry: Any) -> Any:
    return entry["value"]


def weights(entry: Mapping[str, Any]) -> dict[str, float]:
    return {key: float(weight) for key, weight in entry["weights"].items()}


@cache
def _text() -> str:
    return resources.files("bangfu.demo").joinpath("data", PROGRAMME_FILE).read_text(encoding="utf-8")


def load_programme_data() -> dict[str, Any]:
    """The parsed data file (a fresh copy)."""
    return tomllib.loads(_text())


PROJECT_COUNT_KEYS = (
    "industry_in_towns",
    "employment",
    "consumption",
    "livelihood",
    "infrastructure",
    "education",
    "medical",
    "other",
    "livelihood_hospitals",
    "livelihood_schools",
)


def programme_profile() -> ProgrammeProfile:
    """The Shanwei demo programme: the published figures R8–R21."""
    data = load_programme_data()
    programme = data["programme"]
    targets = Targets(**{name: int(value(entry)) for name, entry in data["targets"].items()})
    return ProgrammeProfile(
        name=value(programme["name"]),
        donor_city=value(programme["donor_city"]),
        recipient_city=value(programme["recipient_city"]),
        recipient_division=value(programme["recipient_division"]),
        start_year=int(value(programme["start_year"])),
        end_year=int(value(programme["end_year"])),
        first_round_start=date.fromisoformat(value(programme["first_round_start"])),
        second_round_start=date.fromisoformat(value(programme["second_round_start"])),
        end_date=date.fromisoformat(value(programme["end_date"])),
        targets=targets,
        project_counts={key: int(value(data["projects"][key])) for key in PROJECT_COUNT_KEYS},
        seconded_per_county=int(value(data["cadres"]["seconded_per_county"])),
        town_seconded=True,
        params=data,
    )


def _wan(amount: float) -> int:
    """Yuan rounded to whole 万元."""
    return max(1, round(amount / WAN)) * WAN


def scaled_programme_profile(factor: float) -> ProgrammeProfile:
    """The demo programme at ``factor`` of its size (for tests and small registers); same shapes.

    Counts and money scale and round; at least one of each kind remains. Below half size, towns get no
    seconded cadres and counties one per rotation, so that the cadre target still covers every post.
    """
    base = programme_profile()
    t = base.targets

    def count(n: int) -> int:
        return max(1, round(n * factor))

    over = count(t.park_projects_over_1bn)
    targets = Targets(
        paired_villages=count(t.paired_villages),
        industry_projects_in_paired_villages=count(t.industry_projects_in_paired_villages),
        cadres=count(t.cadres),
        funds_total=_wan(t.funds_total * factor),
        funds_livelihood=_wan(t.funds_livelihood * factor),
        funds_final_year=_wan(t.funds_final_year * factor),
        livelihood_beneficiaries=count(t.livelihood_beneficiaries),
        beds=count(t.beds),
        school_places=count(t.school_places),
        park_projects=count(t.park_projects),
        park_investment=_wan(t.park_investment * factor),
        park_projects_from_donor=count(t.park_projects_from_donor),
        park_projects_over_1bn=over,
    )
    counts = {key: count(n) for key, n in base.project_counts.items()}
    small = factor < 0.5
    return replace(
        base,
        targets=targets,
        project_counts=counts,
        seconded_per_county=1 if small else max(1, round(base.seconded_per_county * factor)),
        town_seconded=not small,
    )
