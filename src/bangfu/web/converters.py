"""URL converters: ``<id:…>`` is a database id — 1 to 18 digits, so always below 2⁶³.

Django's ``<int:…>`` matches any number of digits, and a number of 2⁶³ or more reaching the database makes
SQLite raise ``OverflowError`` (an error page, 500) instead of "not found". Eighteen digits cannot reach
2⁶³ (about 9.2 × 10¹⁸); longer numbers do not match, so the answer is the ordinary 404.
"""

from __future__ import annotations


class DatabaseIdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
