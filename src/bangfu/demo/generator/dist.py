"""Small, fast sampling helpers and exact integer allocation.

Everything draws from an explicit ``random.Random`` so that a village's records depend only on the seed
and the village's index. ``rng.random()`` is the only primitive used on hot paths: it is several times
faster than ``randint`` or ``choices``.
"""

from __future__ import annotations

import zlib
from bisect import bisect
from collections.abc import Iterable, Mapping, Sequence
from itertools import accumulate
from random import Random
from typing import Generic, TypeVar

T = TypeVar("T")


class GenerationError(Exception):
    """The profile cannot be generated (e.g. a code space is exhausted); the message is plain Chinese."""


class Picker(Generic[T]):
    """Draws one of ``values`` with the given (unnormalised) weights."""

    __slots__ = ("cumulative", "total", "values")

    def __init__(self, values: Sequence[T], weights: Sequence[float]):
        if len(values) != len(weights) or not values:
            raise ValueError("values and weights must be non-empty and of the same length")
        if any(weight < 0 for weight in weights) or sum(weights) <= 0:
            raise ValueError("weights must be non-negative with a positive sum")
        self.values = tuple(values)
        self.cumulative = list(accumulate(float(weight) for weight in weights))
        self.total = self.cumulative[-1]

    @classmethod
    def from_mapping(cls, weights: Mapping[T, float]) -> Picker[T]:
        return cls(list(weights), list(weights.values()))

    def pick(self, rng: Random) -> T:
        index = bisect(self.cumulative, rng.random() * self.total)
        return self.values[min(index, len(self.values) - 1)]


class Range:
    """A uniform range read from a ``{ low = …, high = … }`` entry."""

    __slots__ = ("high", "low", "width")

    def __init__(self, spec: Mapping[str, float]):
        self.low = float(spec["low"])
        self.high = float(spec["high"])
        if self.high < self.low:
            raise ValueError(f"range {spec!r}: high < low")
        self.width = self.high - self.low

    def draw(self, rng: Random) -> float:
        return self.low + self.width * rng.random()


def village_rng(seed: int, purpose: str, index: int) -> Random:
    """A generator for one village and one purpose.

    Seeded from a string: ``random.Random`` hashes str seeds with SHA-512, so this is stable across
    runs and machines (unlike the salted built-in ``hash()``).
    """
    return Random(f"bangfu/{seed}/{purpose}/{index}")


def stable_offset(key: str, modulus: int) -> int:
    """A deterministic offset in ``range(modulus)`` for a key (CRC-32, not the salted ``hash()``)."""
    return zlib.crc32(key.encode("utf-8")) % modulus


def allocate(total: int, weights: Iterable[float], capacity: Sequence[int] | None = None) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` that sum exactly (largest remainder).

    Ties are broken by position, so the result is deterministic. With ``capacity``, no share exceeds
    its capacity (the overflow goes to the others, again by largest remainder).
    """
    weights = [float(weight) for weight in weights]
    if total < 0:
        raise ValueError("total must be non-negative")
    if not weights:
        if total:
            raise ValueError("cannot allocate a positive total over nothing")
        return []
    if capacity is not None and sum(capacity) < total:
        raise ValueError("total exceeds the capacity")
    weight_sum = sum(weights)
    if weight_sum <= 0:
        weights = [1.0] * len(weights)
        weight_sum = float(len(weights))
    exact = [total * weight / weight_sum for weight in weights]
    shares = [int(value) for value in exact]
    rest = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[:rest]:
        shares[i] += 1
    if capacity is None:
        return shares
    overflow = 0
    for i, cap in enumerate(capacity):
        if shares[i] > cap:
            overflow += shares[i] - cap
            shares[i] = cap
    if overflow:
        room = [i for i, cap in enumerate(capacity) if shares[i] < cap]
        extra = allocate(overflow, [weights[i] for i in room], [capacity[i] - shares[i] for i in room])
        for i, amount in zip(room, extra, strict=True):
            shares[i] += amount
    return shares


class CarryRounder:
    """Rounds a stream of amounts to integers whose running total stays the rounded exact total.

    The sum of the integers returned equals round(sum of the inputs), so calibrated means survive
    rounding to whole yuan (the error of the mean is below 0.5 / count).
    """

    __slots__ = ("exact", "issued")

    def __init__(self) -> None:
        self.exact = 0.0
        self.issued = 0

    def __call__(self, amount: float) -> int:
        self.exact += amount
        value = round(self.exact) - self.issued
        self.issued += value
        return value
