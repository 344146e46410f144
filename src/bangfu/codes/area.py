"""The area (范围) a reader may see, as one Django-free value.

An ``Area`` is everything (administrators, the command line), nothing (no profile), or the union of
divisions (each with everything inside it) and single villages (a village cadre's, an assisting unit's paired
villages). It is derived once from the user (``accounts.scope.scope_for``), passed to every read and service of
register or programme data, applied to a queryset by one method per model (``Model.objects.in_area(area)``,
``regions.area.AreaQuerySet``) and to every compiled standard by the compiler's guard
(``standards.scope.guard``), which requires one.

Divisions are held twice, as the two layers read them: the ORM by materialized path (``/440000000000/…/``, an
indexed prefix), the compiler by division-code prefix (``441521``), which it writes into the SQL. An area built
from divisions has both (the prefixes are derived from the paths); an area built from a code prefix alone
(``Area.within("4415")``, the command line's and the assessment runs' ``--area``) has prefixes only, and the
ORM then filters by code prefix. Villages are held by id (the ORM) and by 12-digit code (the compiler).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

PREFIX = re.compile(r"^\d{2,12}$")
VILLAGE_CODE = re.compile(r"^\d{12}$")
_PATH = re.compile(r"^(/\d{12})+/$")


def code_prefix(code: str) -> str:
    """A 12-digit division code as the prefix its subtree shares: 441521000000 → 441521 (a county)."""
    for digits in (2, 4, 6, 9):
        if code[digits:].strip("0") == "":
            return code[:digits]
    return code


def division_code_of(path: str) -> str:
    """The division code at the end of a materialized path (``/…/441521000000/``)."""
    return path.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Area:
    """Everything, or the union of divisions (by path and code prefix) and villages (by id and code)."""

    unrestricted: bool = False
    division_paths: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    village_ids: frozenset[int] = field(default_factory=frozenset)
    village_codes: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for prefix in self.prefixes:
            if not isinstance(prefix, str) or not PREFIX.match(prefix):
                raise ValueError(f"范围必须是 2—12 位数字的行政区划代码前缀，收到 {prefix!r}")
        for code in self.village_codes:
            if not isinstance(code, str) or not VILLAGE_CODE.match(code):
                raise ValueError(f"村的代码必须是 12 位数字，收到 {code!r}")
        for path in self.division_paths:
            if not isinstance(path, str) or not _PATH.match(path):
                raise ValueError(f"行政区划路径不合格：{path!r}")
        if self.division_paths and self.prefixes != _prefixes_of(self.division_paths):
            raise ValueError("an area's prefixes are derived from its division paths")
        if len(self.village_ids) != len(self.village_codes):
            raise ValueError("an area's villages need both their ids and their codes")
        if self.unrestricted and (self.prefixes or self.village_ids):
            raise ValueError("an area of everything lists no divisions or villages")

    @classmethod
    def everything(cls) -> Area:
        """Every division and village (administrators, the command line, reports over the whole register)."""
        return cls(unrestricted=True)

    @classmethod
    def nothing(cls) -> Area:
        """No division and no village: every read in it is empty (a user without a profile)."""
        return cls()

    @classmethod
    def of(cls, *, division_paths: Iterable[str] = (), villages: Mapping[int, str] | None = None) -> Area:
        """Divisions by materialized path (with everything inside them) and villages (id → 12-digit code)."""
        paths = tuple(sorted(set(division_paths)))
        villages = dict(villages or {})
        return cls(
            division_paths=paths,
            prefixes=_prefixes_of(paths),
            village_ids=frozenset(villages),
            village_codes=frozenset(villages.values()),
        )

    @classmethod
    def within(cls, *prefixes: str) -> Area:
        """Every division and village whose code starts with one of ``prefixes`` (e.g. ``"441521"``)."""
        if not prefixes:
            raise ValueError(
                "Area.within needs at least one division-code prefix (Area.everything() for all)"
            )
        return cls(prefixes=tuple(sorted(set(prefixes))))

    @property
    def is_empty(self) -> bool:
        return not self.unrestricted and not self.prefixes and not self.village_ids

    @property
    def codes(self) -> tuple[str, ...]:
        """The division-code prefixes and village codes the area is made of (empty for everything)."""
        return (*self.prefixes, *sorted(self.village_codes))

    @property
    def division_codes(self) -> tuple[str, ...]:
        """The 12-digit codes of the area's own divisions (a county's 441521000000), in code order."""
        return tuple(sorted(prefix.ljust(12, "0") for prefix in self.prefixes))

    @property
    def key(self) -> str:
        """The area as a stable text, the same in every process (for cache keys): ``*`` for everything."""
        if self.unrestricted:
            return "*"
        return (
            f"{','.join(self.division_paths or self.prefixes)};{','.join(map(str, sorted(self.village_ids)))}"
        )

    def contains_village(self, village_id: int, division_path: str) -> bool:
        """Whether the village (its id and its division's materialized path) lies in the area."""
        return village_id in self.village_ids or self.contains_division_path(division_path)

    def contains_division_path(self, path: str) -> bool:
        """Whether the division with this materialized path lies wholly inside the area."""
        if self.unrestricted:
            return True
        if self.division_paths:
            return any(path.startswith(prefix) for prefix in self.division_paths)
        code = division_code_of(path)
        return any(
            code.startswith(prefix) and len(code_prefix(code)) >= len(prefix) for prefix in self.prefixes
        )

    def meets_division_path(self, path: str) -> bool:
        """Whether the division with this path overlaps the area's divisions (contains or lies in one)."""
        if self.unrestricted:
            return True
        return any(path.startswith(own) or own.startswith(path) for own in self.division_paths)


def _prefixes_of(paths: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({code_prefix(division_code_of(path)) for path in paths}))
