"""Projects (帮扶项目): their places, years, status logs, outputs, people served and linked households.

Industry projects in paired villages are the R9 target exactly; the other kinds come in the counts of the
data file. Livelihood projects (民生) share the R13 population exactly; hospitals and schools among them
share the R14 beds and R15 school places exactly, and all of them are completed by the end year (a facility
the article says was only started in 2020 is being built, and its planned beds are recorded but not counted).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from random import Random

from bangfu.demo.generator.dist import Picker, allocate
from bangfu.demo.generator.programme.people import PairedVillage
from bangfu.demo.generator.programme.profile import ProgrammeProfile, weights
from bangfu.demo.generator.programme.register import COUNTY_SUFFIX, RegisterView

BEDS, PLACES, JOBS, ROADS = "病床", "学位", "就业岗位", "道路公里"
STATUS_STEPS = ("储备", "立项", "实施", "完工", "验收")


@dataclass
class Project:
    code: str
    name: str
    category: str
    village: str  # village code, or ""
    division: str  # town or county code, or ""
    start_year: int
    end_year: int | None
    status: str = "储备"
    population: int = 0
    weight: float = 1.0  # share of its category's funds in a year
    outputs: dict[str, int] = field(default_factory=dict)
    log: list[tuple[str, date]] = field(default_factory=list)
    kind: str = ""
    share: dict[str, float] = field(default_factory=dict)  # named facilities: shares of the exact totals

    def active_years(self, last_year: int) -> range:
        return range(self.start_year, min(self.end_year or self.start_year, last_year) + 1)

    def row(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "village": self.village,
            "division": self.division,
            "status": self.status,
            "budget": 0,
            "population_served": self.population,
            "start_year": self.start_year,
            "end_year": self.end_year,
        }


class ProjectMaker:
    def __init__(
        self, profile: ProgrammeProfile, register: RegisterView, paired: list[PairedVillage], seed: int
    ):
        self.profile, self.register, self.paired = profile, register, paired
        self.rng = Random(f"bangfu/{seed}/programme/projects")
        spec = profile.params["projects"]
        self.spec = spec
        self.kinds = spec["kinds"]
        self.year_weights = {int(y): w for y, w in weights(spec["start_year_weights"]).items()}
        self.durations = Picker.from_mapping({int(d): w for d, w in weights(spec["duration_years"]).items()})
        self.products = spec["products"]["values"]
        self.industry_kinds = spec["industry_kinds"]["values"]
        self.projects: list[Project] = []
        villages_per_county: dict[str, int] = {}
        for village in register.poor_villages:
            villages_per_county[village.county] = villages_per_county.get(village.county, 0) + 1
        counties = [c for c in register.counties]
        self.counties = Picker(counties, [villages_per_county.get(c, 0) + 1 for c in counties])
        self.towns = sorted({village.town for village in register.poor_villages})

    # -- places and years ---------------------------------------------------------------------------------

    def start_year(self, first: int, last: int | None = None) -> int:
        last = last or self.profile.end_year
        years = [y for y in self.profile.years if first <= y <= last]
        return Picker(years, [self.year_weights.get(y, 1.0) for y in years]).pick(self.rng)

    def add(
        self, kind: str, place: str, start_year: int, end_year: int | None, *, village: str = "", **extra
    ) -> Project:
        spec = self.kinds.get(kind, {})
        name = extra.pop("name", None) or self.rng.choice(spec["names"]).format(
            place=self.register.names.get(place, place) if not village else place,
            product=self.rng.choice(self.products),
            kind=self.rng.choice(self.industry_kinds),
        )
        project = Project(
            code=f"SZSW-{start_year}-{len(self.projects) + 1:04d}",
            name=name,
            category=extra.pop("category", None) or spec["category"],
            village=village,
            division="" if village else place,
            start_year=start_year,
            end_year=end_year,
            kind=kind,
            **extra,
        )
        self.projects.append(project)
        return project

    def years(self, first: int, *, finish_by_end: bool = False) -> tuple[int, int]:
        start = self.start_year(first)
        end = start + self.durations.pick(self.rng)
        if finish_by_end:
            end = min(end, self.profile.end_year)
        return start, end

    def place(self, where: str) -> tuple[str, str, int]:
        """(place code, village code or "", first possible year)."""
        if where == "village":
            village = self.rng.choice(self.paired)
            return village.village.name, village.village.code, village.start.year
        if where == "town":
            return self.rng.choice(self.towns), "", self.profile.start_year
        return self.counties.pick(self.rng), "", self.profile.start_year

    # -- the projects -------------------------------------------------------------------------------------

    def generate(self) -> list[Project]:
        counts = self.profile.project_counts
        targets = self.profile.targets
        self._industry_in_villages(targets.industry_projects_in_paired_villages)
        named = self._named()
        simple = (
            "industry_in_towns",
            "employment",
            "consumption",
            "infrastructure",
            "education",
            "medical",
            "other",
        )
        for kind in simple:
            for _ in range(counts[kind]):
                self._generic(kind)
        named_beds = [p for p in named if p.kind == "named-beds"]
        named_places = [p for p in named if p.kind == "named-places"]
        hospitals = [
            self._generic("livelihood_hospitals", finish=True)
            for _ in range(max(0, counts["livelihood_hospitals"] - len(named_beds)))
        ]
        schools = [
            self._generic("livelihood_schools", finish=True)
            for _ in range(max(0, counts["livelihood_schools"] - len(named_places)))
        ]
        named_livelihood = [p for p in named if p.category == "民生"]
        rest = counts["livelihood"] - len(hospitals) - len(schools) - len(named_livelihood)
        for _ in range(max(0, rest)):
            self._generic("livelihood")
        self._share_outputs(BEDS, targets.beds, named_beds, hospitals)
        self._share_outputs(PLACES, targets.school_places, named_places, schools)
        self._share_population(targets.livelihood_beneficiaries)
        for project in self.projects:
            self._status_log(project)
        return self.projects

    def _industry_in_villages(self, target: int) -> None:
        spread = allocate(target, [0.6 + 0.8 * self.rng.random() for _ in self.paired])
        for village, count in zip(self.paired, spread, strict=True):
            for _ in range(count):
                start, end = self.years(village.start.year)
                project = self.add(
                    "industry_in_villages", village.village.name, start, end, village=village.village.code
                )
                self._output_and_population(project)

    def _generic(self, kind: str, finish: bool = False) -> Project:
        spec = self.kinds[kind]
        place, village, first = self.place(spec["place"])
        first = max(first, int(spec.get("from_year", first)))
        start, end = self.years(first, finish_by_end=finish)
        project = self.add(kind, place, start, end, village=village)
        self._output_and_population(project)
        return project

    def _output_and_population(self, project: Project) -> None:
        spec = self.kinds[project.kind]
        low, high = spec["population"]
        if project.category == "民生":
            project.weight = low + (high - low) * self.rng.random()  # a weight for the exact total, below
        else:
            project.population = int(low + (high - low) * self.rng.random())
        if "output" in spec:
            low, high = spec["output_range"]
            project.outputs[spec["output"]] = int(low + (high - low + 1) * self.rng.random())

    def _named(self) -> list[Project]:
        found = []
        for spec in self.spec.get("named", []):
            county = spec["county"] + COUNTY_SUFFIX
            start = int(spec["start_year"])
            end = int(spec.get("end_year", start + 2))
            kind = "named-beds" if "beds" in spec else "named-places" if "places" in spec else "named"
            project = self.add(
                kind, county, start, end, name=spec["name"], category=spec["category"], weight=8.0
            )
            project.status = spec.get("status", "")
            project.share = {key: float(spec.get(key, 0.0)) for key in ("beds", "places", "population")}
            if "planned_beds" in spec:
                project.outputs[BEDS] = int(spec["planned_beds"])
            found.append(project)
        return found

    def _share_outputs(self, kind: str, total: int, named: list[Project], generic: list[Project]) -> None:
        key = "beds" if kind == BEDS else "places"
        named_share = sum(p.share[key] for p in named)
        rest = max(0.0, 1.0 - named_share)
        shares = [p.share[key] for p in named] + [
            rest / len(generic) * (0.5 + self.rng.random()) for p in generic
        ]
        for project, amount in zip(named + generic, allocate(total, shares), strict=True):
            project.outputs[kind] = amount

    def _share_population(self, total: int) -> None:
        livelihood = [p for p in self.projects if p.category == "民生"]
        named = [p for p in livelihood if p.share]
        generic = [p for p in livelihood if not p.share]
        named_share = sum(p.share["population"] for p in named)
        generic_weight = sum(p.weight for p in generic) or 1.0
        shares = [p.share["population"] for p in named] + [
            (1.0 - named_share) * p.weight / generic_weight for p in generic
        ]
        for project, people in zip(named + generic, allocate(total, shares), strict=True):
            project.population = people

    def _status_log(self, project: Project) -> None:
        """储备 → 立项 → 实施 → 完工 → 验收, dated; projects ending after the end year are being built."""
        rng, last = self.rng, self.profile.end_year
        start, end = project.start_year, project.end_year or project.start_year
        day = lambda: 1 + int(rng.random() * 28)  # noqa: E731
        log = [
            ("储备", date(start - 1, 11, day())),
            ("立项", date(start, 2, day())),
            ("实施", date(start, 4, day())),
        ]
        if project.status != "实施" and end <= last:
            log.append(("完工", date(end, 9 + int(rng.random() * 2), day())))
            if end < last:
                log.append(("验收", date(end + 1, 2 + int(rng.random() * 2), day())))
            elif rng.random() < 0.5:
                log.append(("验收", date(end, 12, day())))
        project.log = log
        project.status = log[-1][0]
