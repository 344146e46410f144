"""Generation profiles: how many villages, households and members to write, and the shapes they follow.

The numbers and distributions live in ``bangfu/demo/data/shanwei.toml`` (each with its source);
county names come from the divisions shipped in ``bangfu/regions/data/shanwei.toml``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from bangfu.demo.generator.dist import allocate

#: The demo profile's file in ``bangfu/demo/data``.
PROFILE_FILE = "shanwei.toml"


@dataclass(frozen=True)
class CountySpec:
    """A county-level division and what the profile puts in it."""

    code: str  # 6 digits: the first digits of its villages' codes
    name: str
    id_prefix: str  # GB/T 2260 code used in its people's ID numbers
    poor_villages: int
    non_poor_villages: int
    towns: tuple[str, ...]  # real town names, in code order


@dataclass(frozen=True)
class Profile:
    """What to generate. Build one with :func:`shanwei_profile` or :func:`scaled_profile`."""

    name: str
    registered_households: int  # 建档立卡贫困户
    ordinary_households: int  # 一般农户
    member_target: int | None  # exact members of registered households, or None (sizes as drawn)
    counties: tuple[CountySpec, ...]
    demonstration_villages: tuple[tuple[str, str], ...]  # (village name, county code)
    params: Mapping[str, Any] = field(compare=False, repr=False)

    @property
    def households(self) -> int:
        return self.registered_households + self.ordinary_households

    @property
    def poor_villages(self) -> int:
        return sum(county.poor_villages for county in self.counties)

    @property
    def non_poor_villages(self) -> int:
        return sum(county.non_poor_villages for county in self.counties)

    @property
    def villages(self) -> int:
        return self.poor_villages + self.non_poor_villages


def value(entry: Any) -> Any:
    """The value of a ``{ value = …, source = … }`` entry."""
    return entry["value"]


@cache
def _profile_text(file_name: str) -> str:
    return resources.files("bangfu.demo").joinpath("data", file_name).read_text(encoding="utf-8")


def load_profile_data(file_name: str = PROFILE_FILE) -> dict[str, Any]:
    """The parsed profile file (a fresh copy: callers may not share mutations)."""
    return tomllib.loads(_profile_text(file_name))


@cache
def county_names() -> dict[str, str]:
    """Six-digit county code → name, from the divisions shipped with Bangfu."""
    text = resources.files("bangfu.regions").joinpath("data", "shanwei.toml").read_text(encoding="utf-8")
    divisions = tomllib.loads(text)["division"]
    return {row["code"][:6]: row["name"] for row in divisions if row["level"] == "county"}


def _counties(data: Mapping[str, Any], poor: list[int], non_poor: list[int]) -> tuple[CountySpec, ...]:
    names = county_names()
    counties = []
    for spec, poor_count, non_poor_count in zip(data["county"], poor, non_poor, strict=True):
        if spec["code"] not in names:
            raise ValueError(f"{PROFILE_FILE}: county {spec['code']} is not a shipped division")
        counties.append(
            CountySpec(
                code=spec["code"],
                name=names[spec["code"]],
                id_prefix=value(spec["id_prefix"]),
                poor_villages=poor_count,
                non_poor_villages=non_poor_count,
                towns=tuple(spec["towns"]),
            )
        )
    return tuple(counties)


def _demonstration(data: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((row["name"], row["county"]) for row in data["villages"]["demonstration"])


def shanwei_profile() -> Profile:
    """The demo "Shanwei 2013–2020": the exact published targets (R1–R7, R22)."""
    data = load_profile_data()
    households = data["households"]
    poor = [value(spec["poor_villages"]) for spec in data["county"]]
    if sum(poor) != value(data["villages"]["poor"]):
        raise ValueError(f"{PROFILE_FILE}: poor villages per county do not add up to villages.poor")
    shares = [value(spec["non_poor_share"]) for spec in data["county"]]
    non_poor = allocate(value(data["villages"]["non_poor"]), shares)
    profile = Profile(
        name="汕尾 2013–2020 演示档案 / Shanwei 2013–2020 demo",
        registered_households=value(households["registered"]),
        ordinary_households=value(households["ordinary"]),
        member_target=value(households["members"]),
        counties=_counties(data, poor, non_poor),
        demonstration_villages=_demonstration(data),
        params=data,
    )
    _check(profile)
    return profile


def scaled_profile(households: int) -> Profile:
    """A profile of ``households`` households in total (registered and ordinary), with the demo's shapes.

    Counts scale with the demo's proportions; there is no member target (household sizes as drawn).
    The income calibrations (R5–R7) apply as in the demo, so reports stay comparable.
    """
    if not isinstance(households, int) or households < 1:
        raise ValueError(f"households must be a positive integer, not {households!r}")
    demo = shanwei_profile()
    ratio = households / demo.households
    registered = min(households, max(1, round(demo.registered_households * ratio)))
    poor_total = max(1, round(demo.poor_villages * ratio))
    non_poor_total = round(demo.non_poor_villages * ratio)
    data = demo.params
    poor = allocate(poor_total, [county.poor_villages for county in demo.counties])
    non_poor = allocate(non_poor_total, [value(spec["non_poor_share"]) for spec in data["county"]])
    profile = Profile(
        name=f"合成档案 {households:,} 户 / synthetic register, {households:,} households",
        registered_households=registered,
        ordinary_households=households - registered,
        member_target=None,
        counties=_counties(data, poor, non_poor),
        demonstration_villages=demo.demonstration_villages,
        params=data,
    )
    _check(profile)
    return profile


def _check(profile: Profile) -> None:
    target = profile.member_target
    if (
        target is not None
        and not profile.registered_households <= target <= 10 * profile.registered_households
    ):
        raise ValueError("member target must lie between 1 and 10 members per registered household")
    if profile.poor_villages < 1:
        raise ValueError("a profile needs at least one poor village")
