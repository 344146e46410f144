"""The snapshot as the engine holds it: its tables (Arrow) and a DuckDB connection that reads them in place.

Django-free, like ``run``, ``mpi``, ``parquet`` and ``spark``: ``snapshot`` (which reads the operational
database through Django) builds one; the rest of the engine only reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


@dataclass
class Snapshot:
    """The snapshot tables (Arrow), their row counts, and a DuckDB connection that reads them in place."""

    tables: dict[str, pa.Table]
    scope: str | None
    reader: str
    seconds: float
    _duckdb: duckdb.DuckDBPyConnection | None = field(default=None, repr=False)

    @property
    def counts(self) -> dict[str, int]:
        return {name: table.num_rows for name, table in self.tables.items()}

    @property
    def duckdb(self) -> duckdb.DuckDBPyConnection:
        if self._duckdb is None:
            self._duckdb = duckdb.connect(":memory:", config=DUCKDB_CONFIG)
            for name, table in self.tables.items():
                self._duckdb.register(name, table)
        return self._duckdb

    def close(self) -> None:
        if self._duckdb is not None:
            self._duckdb.close()
            self._duckdb = None

    def __enter__(self) -> Snapshot:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
