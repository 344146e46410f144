"""Amounts as the report prints them: whole yuan, rounded half up (shared/contracts: money in JSON)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def whole_yuan(amount: Decimal | None) -> int | None:
    return None if amount is None else int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))
