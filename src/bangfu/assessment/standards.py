"""Loading standards for the assessment services, with the standards package's errors made users' errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bangfu import standards
from bangfu.core.errors import ApplicationError
from bangfu.registry.models import Village
from bangfu.standards import StandardError
from bangfu.standards.standard import KIND_TITLES


@contextmanager
def standard_errors() -> Iterator[None]:
    """Turn a ``StandardError`` (a Chinese message naming file and line) into an ``ApplicationError``."""
    try:
        yield
    except StandardError as error:
        raise ApplicationError(str(error)) from None


def standard_load(standard_id: str | Path):
    """A shipped standard by id (cn-2020, gd-2016, monitoring, quality, mpi) or a standard file by path."""
    with standard_errors():
        return standards.load_standard(standard_id)  # looked up when called (the tests' fakes replace it)


def standard_of_kind(standard_id: str | Path, kinds: tuple[str, ...], use: str):
    """The standard, if it is of one of ``kinds``; else an error that says which command to use."""
    standard = standard_load(standard_id)
    if standard.kind not in kinds:
        command = {"quality": "bangfu quality", "mpi": "bangfu mpi"}.get(standard.kind, "bangfu assess")
        kind = KIND_TITLES.get(standard.kind, standard.kind)
        raise ApplicationError(f"标准 {standard.id} 是{kind}，不能用于{use}（请用 {command}）")
    return standard


def register_required() -> None:
    """Refuse, in one line, to assess an empty register (a fresh home): there is nothing to snapshot."""
    if not Village.objects.exists():
        raise ApplicationError("档案是空的：请先载入或导入档案（bangfu load、bangfu import 或网页上传）")
