"""The one error type that services raise for users.

Views, API endpoints and commands catch ``ApplicationError`` and show ``message`` (plain, translatable,
in the user's language) and ``extra`` (where and what). Anything else is a bug.
"""

from __future__ import annotations


class ApplicationError(Exception):
    def __init__(self, message: str, extra: dict | None = None):
        super().__init__(message)
        self.message = str(message)
        self.extra = extra or {}

    def __str__(self) -> str:
        return self.message
