"""What a feature (特征) is: its value types, its levels and the ``Feature`` record. The catalogue of features
is ``features`` (with ``alert_features``, ``case_features`` and ``placement_features``, which it gathers)."""

from __future__ import annotations

from dataclasses import dataclass

BOOLEAN, INTEGER, NUMBER, STRING = "boolean", "integer", "number", "string"
HOUSEHOLD, MEMBER, VILLAGE = "household", "member", "village"
#: Aggregates: computed per household over member rows (``m``) or over all income rows (``r``).
OVER_MEMBERS, OVER_INCOMES = "members", "incomes"


@dataclass(frozen=True)
class Feature:
    name: str
    level: str
    type: str
    unit: str
    title: str  # Chinese: what the users call it
    meaning: str  # English: what it is, precisely
    sql: str
    aggregate: str | None = None  # OVER_MEMBERS / OVER_INCOMES: an aggregate, 0 for a household without rows
    # The values a string feature can take: a rule comparing it with any other literal is refused.
    codes: tuple[str, ...] = ()
    # NULL means "not recorded": a criterion naming it is "cannot decide: <title> not recorded" (undecided)
    # for that row instead of failing (docs/standards.md, "Cannot decide").
    unrecorded: bool = False
