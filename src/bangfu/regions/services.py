"""Writes to administrative divisions."""

from __future__ import annotations

import tomllib
from importlib import resources

from django.db import transaction

from bangfu.core.errors import ApplicationError
from bangfu.regions.models import Division, Level

LEVEL_NAMES = {"province": Level.PROVINCE, "city": Level.CITY, "county": Level.COUNTY, "town": Level.TOWN}


@transaction.atomic
def division_get_or_create(
    *, code: str, name: str, level: int, parent: Division | None, is_functional_zone: bool = False
) -> Division:
    """The division with this code, created under ``parent`` if new. A known code keeps its place."""
    existing = Division.objects.filter(code=code).first()
    if existing:
        return existing
    division = Division(
        code=code,
        name=name,
        level=level,
        parent=parent,
        path=Division.path_for(code, parent),
        is_functional_zone=is_functional_zone,
    )
    division.full_clean()
    division.save()
    return division


@transaction.atomic
def divisions_load_shipped(file_name: str = "shanwei.toml") -> int:
    """Create the divisions shipped in ``regions/data`` that do not exist yet; returns how many there are."""
    text = resources.files("bangfu.regions").joinpath("data", file_name).read_text(encoding="utf-8")
    rows = tomllib.loads(text)["division"]
    by_code: dict[str, Division] = {}
    for row in rows:
        parent = by_code.get(row.get("parent", "")) if row.get("parent") else None
        if row.get("parent") and parent is None:
            raise ApplicationError(f"{file_name}: {row['code']} 的上级 {row['parent']} 必须在它之前列出")
        by_code[row["code"]] = division_get_or_create(
            code=row["code"],
            name=row["name"],
            level=LEVEL_NAMES[row["level"]],
            parent=parent,
            is_functional_zone=row.get("functional_zone", False),
        )
    return len(by_code)
