"""What the assessment commands share: their common options and how they fail."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import CommandError

from bangfu.assessment.engines import EngineOptions
from bangfu.codes.area import Area
from bangfu.core.errors import ApplicationError
from bangfu.engine.snapshot import scope_validate

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


def area_of(scope: str | None) -> Area:
    """The area a ``--scope`` names: everything when none is given, else the divisions under the prefix."""
    prefix = scope_validate(scope)
    return Area.within(prefix) if prefix else Area.everything()


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


def add_engine(parser) -> None:
    """``--engine``, ``--snapshot`` and ``--spark-master``: where and on what the compiled standard runs."""
    parser.add_argument(
        "--engine",
        choices=["duckdb", "spark"],
        default="duckdb",
        help="计算引擎：duckdb（默认，本机）或 spark（需要 bangfu[spark] 和 Java 17）"
        " / the engine: duckdb (default) or spark (needs bangfu[spark] and Java 17)",
    )
    parser.add_argument(
        "--snapshot",
        type=Path,
        metavar="DIR",
        help="读取 bangfu snapshot 写出的快照文件夹，而不是数据库（先核对校验和）"
        " / read a snapshot folder written by `bangfu snapshot` instead of the database (checksums verified)",
    )
    parser.add_argument(
        "--spark-master",
        metavar="URL",
        help="Spark 主节点，如 spark://host:7077 或 yarn（默认 local[*]；设置 SPARK_REMOTE 则用 Spark Connect）"
        " / the Spark master (default local[*]; SPARK_REMOTE selects Spark Connect)",
    )


def engine_options(options: dict):
    """The ``EngineOptions`` of a command's parsed ``--engine``, ``--snapshot`` and ``--spark-master``."""
    if options.get("spark_master") and options.get("engine") != "spark":
        raise CommandError("--spark-master 只用于 --engine spark / --spark-master needs --engine spark")
    return EngineOptions(
        engine=options.get("engine") or "duckdb",
        snapshot=options.get("snapshot"),
        spark_master=options.get("spark_master"),
    )


def date_argument(text: str):
    """A date written YYYY-MM-DD (argparse ``type``)."""
    import argparse
    import datetime

    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 YYYY-MM-DD，例如 2021-08-31，而不是 {text}") from None
