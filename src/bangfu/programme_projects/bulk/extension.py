"""Extensions of the programme workbook and its bulk loader by apps above the programme (e.g. ``markets``).

An app that keeps records the programme workbook should carry (training, placements, sales, …) describes
them as an ``Extension`` and registers it from its ``AppConfig.ready()``. The programme never imports that
app: the extension adds its entities to ``spec.ENTITIES``, its sheets to ``contract.ENTITY_SHEETS`` (so the
template and the import carry them), its natural-key maps to ``keys.Keys``, its row builders and checks to the
loader. One mechanism for every sheet: the same located errors, the same all-or-nothing transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bangfu.programme import contract
from bangfu.programme_projects.bulk import keys, spec
from bangfu.registry.contract import Sheet


@dataclass(frozen=True)
class Extension:
    """What an app adds. Every mapping is keyed by entity (loader keyword) or by reference target.

    - ``entities``: entity → its fields (``spec.Field``), inserted after the programme's, in this order;
    - ``sheets``: entity → its workbook sheet;
    - ``key_loaders``: target → function returning the database's natural keys (key → id or (id, …));
    - ``key_messages``: target → message for a reference that does not resolve;
    - ``new_keys``: entity → (target, field): rows of the entity add this key (refused when it repeats);
    - ``refresh``: entity → targets whose key maps change when the entity is inserted;
    - ``unique``: entity → (fields, function returning the database's existing tuples);
    - ``builders``: entity → function(loader) returning (model, columns, row → tuple) for ``bulk_insert``;
    - ``row_checks``: entity → function(row) returning [(field, message)] (checks within a row);
    - ``checks``: functions(loader) run after the row checks, for checks across rows (loader.problem(...)).
    """

    entities: dict[str, tuple[spec.Field, ...]]
    sheets: dict[str, Sheet]
    key_loaders: dict[str, Callable[[], dict]] = field(default_factory=dict)
    key_messages: dict[str, object] = field(default_factory=dict)
    new_keys: dict[str, tuple[str, str]] = field(default_factory=dict)
    refresh: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unique: dict[str, tuple[tuple[str, ...], Callable]] = field(default_factory=dict)
    builders: dict[str, Callable] = field(default_factory=dict)
    row_checks: dict[str, Callable[[dict], list]] = field(default_factory=dict)
    checks: tuple[Callable, ...] = ()


_REGISTERED: list[Extension] = []


def register(extension: Extension) -> None:
    """Add ``extension`` to the workbook and the loader (once; called from an ``AppConfig.ready()``)."""
    if extension in _REGISTERED:
        return
    clash = (set(extension.entities) & set(spec.ENTITIES)) | (
        {s.name for s in extension.sheets.values()} & {s.name for s in contract.SHEETS}
    )
    if clash:
        raise ValueError(f"programme workbook extension clashes with existing entities or sheets: {clash}")
    _REGISTERED.append(extension)
    spec.ENTITIES.update(extension.entities)
    spec.ROW_CHECKS.update(extension.row_checks)
    contract.ENTITY_SHEETS.update(extension.sheets)
    contract.SHEETS = (contract.PROGRAMME, *contract.ENTITY_SHEETS.values())
    keys.REFRESH.update(extension.refresh)
    keys.EXTRA_LOADERS.update(extension.key_loaders)


def extensions() -> tuple[Extension, ...]:
    return tuple(_REGISTERED)


def builder(entity: str) -> Callable | None:
    return next((e.builders[entity] for e in _REGISTERED if entity in e.builders), None)
