"""Progress lines for long commands: one line per stage step, written to stderr so stdout stays data."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressPrinter:
    """Prints ``label: done/total (pct)`` at most every ``interval`` seconds, and always at the end."""

    def __init__(self, stream: TextIO | None = None, interval: float = 1.0):
        self.stream = stream or sys.stderr
        self.interval = interval
        self._last = 0.0

    def __call__(self, label: str, done: int, total: int | None = None, *, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self._last < self.interval:
            return
        self._last = now
        share = f" ({done / total:.0%})" if total else ""
        counted = f"{done:,}/{total:,}" if total else f"{done:,}"
        self.stream.write(f"  {label}: {counted}{share}\n")
        self.stream.flush()
