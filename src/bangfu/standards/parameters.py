"""Parameters of a standard (参数): values by year and by region, read from the ``[parameters]`` table.

A parameter is written in one of three shapes::

    incidence_limit = 0.02                                   # one value for every year and place
    line = { 2016 = 2952, 2017 = 3335 }                      # by year
    [parameters.line]                                        # by region, then (optionally) by year:
    national = { 2021 = 6000 }                               #   "national" (全国) or a division-code prefix
    "52" = { 2023 = 7300 }                                   #   (2–12 digits; the longest match wins)

A table whose keys are all four-digit numbers and whose values are all plain values is read as years.
A value may also be a list of strings (``labour_abilities = ["普通劳动力", "技能劳动力"]``): such parameters are
policy choices read by features (``features.POLICIES``), not named in rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlglot import exp

from bangfu.codes.area import Area
from bangfu.standards.features import BOOLEAN, LIST, NUMBER, STRING
from bangfu.standards.frames import literal

NATIONAL = "national"
_YEAR = re.compile(r"^\d{4}$")
_PREFIX = re.compile(r"^\d{2,12}$")
FIRST_YEAR, LAST_YEAR = 1978, 2100


class ParameterError(Exception):
    """A malformed parameter; ``path`` is the key path inside ``[parameters]`` (for the error's line)."""

    def __init__(self, message: str, path: tuple[str, ...]):
        super().__init__(message)
        self.message = message
        self.path = path


@dataclass(frozen=True)
class Parameter:
    """One parameter: ``entries`` are (region prefix, '' for national; year, None for every year; value)."""

    name: str
    type: str
    entries: tuple[tuple[str, int | None, object], ...]

    @property
    def by_year(self) -> bool:
        return any(year is not None for _, year, _ in self.entries)

    def value(self, year: int, region: str = "") -> object | None:
        """The value for ``year`` in exactly ``region`` ('' = national), or None."""
        found = None
        for entry_region, entry_year, value in self.entries:
            if entry_region == region and entry_year in (year, None):
                if entry_year == year:
                    return value
                found = value
        return found

    def years(self, region: str = "") -> list[int]:
        return sorted({year for entry_region, year, _ in self.entries if entry_region == region and year})

    def covers(self, year: int, area: Area) -> bool:
        """Whether every household of ``area`` has a value for ``year`` (all of them, for everything).

        A region's own value covers the area's divisions and villages whose codes start with the region's prefix.
        """
        if self.value(year) is not None:
            return True
        return not area.unrestricted and all(
            any(code.startswith(region) and self.value(year, region) is not None for region in self.regions())
            for code in area.codes
        )

    def regions(self) -> list[str]:
        """Division prefixes with their own values, longest first."""
        return sorted({region for region, _, _ in self.entries if region}, key=lambda r: (-len(r), r))

    def resolve(self, year: int, village_code: exp.Expression) -> exp.Expression:
        """The value for ``year`` as SQL: a literal, or a CASE on the village code when regions differ."""
        national = literal(self.value(year))
        cases = [
            (region, self.value(year, region))
            for region in self.regions()
            if self.value(year, region) is not None
        ]
        if not cases:
            return national
        case = exp.Case()
        for region, value in cases:
            case = case.when(village_code.copy().like(exp.Literal.string(region + "%")), literal(value))
        return case.else_(national)


def _scalar_type(value: object) -> str | None:
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int | float):
        return NUMBER
    if isinstance(value, str):
        return STRING
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return LIST
    return None


def _is_year_table(value: object) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and all(_YEAR.match(key) for key in value)
        and all(_scalar_type(item) for item in value.values())
    )


def _by_year(value: object, path: tuple[str, ...]) -> list[tuple[int | None, object]]:
    if _scalar_type(value):
        return [(None, tuple(value) if isinstance(value, list) else value)]
    if not _is_year_table(value):
        raise ParameterError(
            "参数的值必须是数值、字符串、真假值、字符串列表，或按年度的表（例如 { 2016 = 2952 }）", path
        )
    entries = []
    for key, item in value.items():
        year = int(key)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ParameterError(f"年度 {key} 超出范围（{FIRST_YEAR}—{LAST_YEAR}）", (*path, key))
        entries.append((year, tuple(item) if isinstance(item, list) else item))
    return entries


def parse_parameter(name: str, value: object) -> Parameter:
    path = (name,)
    if isinstance(value, dict) and not _is_year_table(value):
        entries = []
        if not value:
            raise ParameterError(f"参数 {name} 没有值", path)
        for key, item in value.items():
            if key != NATIONAL and not _PREFIX.match(key):
                raise ParameterError(
                    f"参数 {name} 的键 '{key}' 既不是年度，也不是 national 或 2—12 位区划代码前缀",
                    (*path, key),
                )
            region = "" if key == NATIONAL else key
            entries += [(region, year, v) for year, v in _by_year(item, (*path, key))]
    else:
        entries = [("", year, v) for year, v in _by_year(value, path)]
    types = {_scalar_type(v) for _, _, v in entries}
    if len(types) != 1:
        raise ParameterError(f"参数 {name} 的值类型不一致（数值、字符串、真假值不能混用）", path)
    return Parameter(name=name, type=types.pop(), entries=tuple(entries))
