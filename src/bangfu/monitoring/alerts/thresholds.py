"""The thresholds of department alerts: the ``[alerts.thresholds]`` table of the monitoring standard.

They are written like the standard's ``[parameters]`` (one value, by year, by region: docs/standards.md) and
parsed by the same function, but kept out of ``[parameters]`` so that screening runs and their per-household
detail do not carry values no rule uses. Read once per content of the standard file.
"""

from __future__ import annotations

import functools
import tomllib
from decimal import Decimal
from pathlib import Path

from bangfu.core.errors import ApplicationError
from bangfu.standards.files import load_standard
from bangfu.standards.parameters import Parameter, ParameterError, parse_parameter

MONITORING_STANDARD = "monitoring"


def thresholds(standard_id: str = MONITORING_STANDARD) -> dict[str, Parameter]:
    """The thresholds by name (``inpatient_exited`` …) of the (shipped) monitoring standard."""
    standard = load_standard(standard_id)
    return _read(Path(standard.path), standard.content_hash)


@functools.lru_cache(maxsize=8)
def _read(path: Path, content_hash: str) -> dict[str, Parameter]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    table = data.get("alerts", {}).get("thresholds", {})
    if not isinstance(table, dict) or not table:
        raise ApplicationError(f"{path.name} 缺少部门预警阈值表 [alerts.thresholds]")
    try:
        return {name: parse_parameter(name, value) for name, value in table.items()}
    except ParameterError as error:
        raise ApplicationError(f"{path.name} [alerts.thresholds]：{error.message}") from None


def threshold_value(name: str, year: int, division_code: str) -> Decimal:
    """The threshold for ``year`` in the village's region (the longest region prefix with a value wins)."""
    parameter = thresholds().get(name)
    if parameter is None:
        raise ApplicationError(
            f"监测标准缺少部门预警阈值 {name}（standards/data/monitoring.toml [alerts.thresholds]）"
        )
    value = None
    for region in parameter.regions():
        if division_code.startswith(region) and parameter.value(year, region) is not None:
            value = parameter.value(year, region)
            break
    if value is None:
        value = parameter.value(year)
    if value is None:
        raise ApplicationError(f"监测标准的部门预警阈值 {name} 没有 {year} 年的数值")
    return Decimal(str(value))
