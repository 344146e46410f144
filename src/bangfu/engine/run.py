"""Run compiled SQL on a snapshot: the result is a DuckDB table, read back in order and in batches.

The SQL comes from the standards compiler (``bangfu.standards``); nothing here knows a rule. Row shapes:
household ``household_id, household_code, result, failed, category, detail``; village ``village_id,
village_code, result, incidence, failed, detail``; quality ``check_id, household_id, household_code,
member_id, id_number, message``; mpi ``household_id, household_code, county_code, members, score, poor,
d_<indicator>…``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import count

import duckdb

from bangfu.engine.tables import Snapshot

#: Columns each kind of query must return.
SHAPES = {
    "household": ("household_id", "household_code", "result", "failed", "category", "detail"),
    "village": ("village_id", "village_code", "result", "incidence", "failed", "detail"),
    "quality": ("check_id", "household_id", "household_code", "member_id", "id_number", "message"),
    "mpi": ("household_id", "household_code", "county_code", "members", "score", "poor"),
}
#: The column that must be unique in each kind of result (one verdict per household or village).
KEYS = {"household": "household_id", "village": "village_id"}
FETCH_ROWS = 10_000

_names = count(1)


class EvaluationError(Exception):
    """The compiled SQL failed in DuckDB or returned the wrong shape (a bug in a standard or the compiler)."""


@dataclass
class Evaluation:
    """A query's result, held as a table in the snapshot's (in-memory) DuckDB database."""

    snapshot: Snapshot
    table: str
    rows: int
    seconds: float

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        return self.snapshot.duckdb

    def counts(self, column: str = "result") -> dict[str, int]:
        """How many rows have each value of ``column`` (e.g. {"fail": 3, "pass": 97}), sorted by value."""
        sql = f'SELECT "{column}", count(*) FROM {self.table} GROUP BY 1 ORDER BY 1'
        return dict(self.connection.execute(sql).fetchall())

    def batches(self, columns: Sequence[str], order_by: Sequence[str]) -> Iterator[list[tuple]]:
        """The rows' ``columns`` as tuples, ordered by ``order_by``, a batch at a time."""
        select = ", ".join(columns)
        order = ", ".join(order_by)
        cursor = self.connection.cursor()  # its own cursor: the caller may query meanwhile
        try:
            cursor.execute(f"SELECT {select} FROM {self.table} ORDER BY {order}")
            while rows := cursor.fetchmany(FETCH_ROWS):
                yield rows
        finally:
            cursor.close()

    def rows_of(self, columns: Sequence[str], order_by: Sequence[str]) -> Iterator[tuple]:
        for batch in self.batches(columns, order_by):
            yield from batch


def evaluate(snapshot: Snapshot, sql: str, shape: str) -> Evaluation:
    """Run ``sql`` on the snapshot into a result table; check it has the columns of ``shape``."""
    table = f"evaluation_{next(_names)}"
    started = time.perf_counter()
    try:
        snapshot.duckdb.execute(f"CREATE TABLE {table} AS {sql}")
    except duckdb.Error as error:
        raise EvaluationError(f"DuckDB: {error}") from error
    return _checked(snapshot, table, shape, time.perf_counter() - started)


def evaluate_files(snapshot: Snapshot, files: Sequence[str], shape: str, seconds: float) -> Evaluation:
    """A result another engine (Spark) wrote as Parquet ``files``, loaded into the snapshot's DuckDB and
    checked like ``evaluate``'s; ``seconds``: how long that engine took."""
    table = f"evaluation_{next(_names)}"
    listed = ", ".join("'" + name.replace("'", "''") + "'" for name in files)
    try:
        snapshot.duckdb.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet([{listed}])")
    except duckdb.Error as error:
        raise EvaluationError(f"DuckDB: {error}") from error
    return _checked(snapshot, table, shape, seconds)


def _checked(snapshot: Snapshot, table: str, shape: str, seconds: float) -> Evaluation:
    columns = [row[0] for row in snapshot.duckdb.execute(f"DESCRIBE {table}").fetchall()]
    missing = [name for name in SHAPES[shape] if name not in columns]
    if missing:
        raise EvaluationError(f"the {shape} query returns no column {', '.join(missing)}")
    rows, distinct = snapshot.duckdb.execute(
        f"SELECT count(*), count(DISTINCT {KEYS[shape]}) FROM {table}"
        if shape in KEYS
        else f"SELECT count(*), count(*) FROM {table}"
    ).fetchone()
    if rows != distinct:
        raise EvaluationError(f"the {shape} query returns {rows - distinct} repeated {KEYS[shape]}")
    return Evaluation(snapshot, table, rows, seconds)
