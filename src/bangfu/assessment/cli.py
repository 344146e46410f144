"""What the assessment commands share: their common options and how they fail."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import CommandError

from bangfu.core.errors import ApplicationError

STANDARD_FILE_SUFFIXES = (".toml", ".yaml", ".yml")


def standard_argument(value: str) -> str | Path:
    """A shipped standard's id (gd-2016), or the path of a standard file (my-standard.toml)."""
    if "/" in value or value.endswith(STANDARD_FILE_SUFFIXES):
        return Path(value)
    return value


def add_standard(parser, default: str | None = None, ids: str = "cn-2020、gd-2016、monitoring") -> None:
    help_text = f"标准编号（{ids}）或标准文件路径 / a shipped standard's id, or a standard file"
    if default:
        help_text += f"（默认 {default} / default {default}）"
    parser.add_argument(
        "--standard",
        type=standard_argument,
        required=default is None,
        default=default,
        metavar="ID",
        help=help_text,
    )


def add_year(parser) -> None:
    parser.add_argument("--year", type=int, required=True, metavar="Y", help="评估年度，例如 2020 / the year")


def add_scope(parser) -> None:
    parser.add_argument(
        "--scope",
        metavar="DIVISION_PREFIX",
        help="只评估行政区划代码以此开头的村，例如 441521（海丰县）/ only villages whose division code starts so",
    )


def check_year(year: int) -> None:
    if not 1949 <= year <= 2100:
        raise CommandError(f"年度 {year} 不合理：请给出四位年份，例如 2020")


@contextmanager
def command_errors(interrupted: Callable[[], str]) -> Iterator[None]:
    """Users' errors and Ctrl-C become a one-line ``CommandError``; ``interrupted()`` says what was kept."""
    try:
        yield
    except ApplicationError as error:
        raise CommandError(str(error)) from None
    except KeyboardInterrupt:
        raise CommandError(interrupted()) from None


class Raw:
    """A command's stdout that writes text as given (Django's wrapper would add a newline to each write)."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")
