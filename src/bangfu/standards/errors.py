"""The one error type of the standards package (标准错误)."""

from __future__ import annotations


class StandardError(Exception):
    """A standard that cannot be read, validated or applied.

    ``message`` is Chinese and says what is wrong; ``file`` and ``line`` say where, for errors in a
    standard file: ``str(error)`` reads ``gd-2016.toml 第12行：未知的特征 xyz``.
    """

    def __init__(self, message: str, file: str | None = None, line: int | None = None):
        self.message = message
        self.file = file
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.file and self.line:
            return f"{self.file} 第{self.line}行：{self.message}"
        if self.file:
            return f"{self.file}：{self.message}"
        return self.message
