"""Readers that run the snapshot queries in one read transaction and hand back Arrow tables.

- ``AdbcSqlite`` / ``AdbcPostgresql``: the ADBC drivers (``cursor.fetch_arrow_table()``): rows become Arrow
  columns in C, 4–5× faster than a Python DB-API cursor. They open their own connection, so they see
  committed data only.
- ``DjangoCursor``: Django's own connection, ``fetchmany`` into Arrow arrays column by column. Used when
  the ADBC drivers are not installed, when the database is SQLite in memory (the test suite), and when the
  caller has a transaction open (the snapshot must then see that transaction's rows).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import pyarrow as pa
from django.db import transaction

Store = Callable[[str, pa.Table], None]

#: Rows fetched per round trip by the DB-API fallback.
FETCH_ROWS = 20_000
#: The ADBC SQLite driver infers a column's type from its first batch (a column NULL throughout the batch
#: becomes int64, and a later REAL value is then an error), so each table is read as a single batch.
SQLITE_BATCH_ROWS = str(2**30)
#: Keys of Django's PostgreSQL OPTIONS that are Django's own, not libpq connection parameters.
DJANGO_ONLY_OPTIONS = {"isolation_level", "server_side_binding", "pool", "assume_role", "prepare_threshold"}


class Reader(Protocol):
    name: str

    def read(self, connection, queries: dict[str, str], schemas: dict[str, pa.Schema], store: Store) -> None:
        """Run every query in one read transaction; ``store(table, arrow_table)`` each result."""


class AdbcSqlite:
    name = "adbc-sqlite"

    def __init__(self, path: str):
        self.path = path

    def read(self, connection, queries, schemas, store) -> None:
        import adbc_driver_sqlite.dbapi

        # DB-API connections start with autocommit off: the driver opens a (deferred) transaction, and in WAL
        # mode every query of it reads the database as of its first read.
        with adbc_driver_sqlite.dbapi.connect(self.path) as adbc, adbc.cursor() as cursor:
            cursor.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": SQLITE_BATCH_ROWS})
            for table, sql in queries.items():
                cursor.execute(sql)
                store(table, cursor.fetch_arrow_table())
            adbc.rollback()


class AdbcPostgresql:
    name = "adbc-postgresql"

    def __init__(self, conninfo: str):
        self.conninfo = conninfo

    def read(self, connection, queries, schemas, store) -> None:
        import adbc_driver_postgresql.dbapi

        with adbc_driver_postgresql.dbapi.connect(self.conninfo) as adbc, adbc.cursor() as cursor:
            # The transaction is open (autocommit off); make every query see the same snapshot.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            for table, sql in queries.items():
                cursor.execute(sql)
                store(table, cursor.fetch_arrow_table())
            adbc.rollback()


class DjangoCursor:
    name = "cursor"

    def read(self, connection, queries, schemas, store) -> None:
        if connection.in_atomic_block:
            self._read(connection, queries, schemas, store)
            return
        with transaction.atomic(using=connection.alias):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            self._read(connection, queries, schemas, store)

    @staticmethod
    def _read(connection, queries, schemas, store) -> None:
        for table, sql in queries.items():
            schema = schemas[table]
            batches = []
            with connection.chunked_cursor() as cursor:  # a server-side cursor on PostgreSQL
                cursor.execute(sql)
                while rows := cursor.fetchmany(FETCH_ROWS):
                    columns = zip(*rows, strict=True)
                    arrays = [
                        pa.array(values).cast(kind)
                        for values, kind in zip(columns, schema.types, strict=True)
                    ]
                    batches.append(pa.Table.from_arrays(arrays, schema=schema))
            store(table, pa.concat_tables(batches) if batches else schema.empty_table())


def postgresql_conninfo(settings: dict) -> str:
    """A libpq connection string for Django's database settings."""
    from psycopg.conninfo import make_conninfo

    params = {
        "dbname": settings.get("NAME"),
        "user": settings.get("USER"),
        "password": settings.get("PASSWORD"),
        "host": settings.get("HOST"),
        "port": str(settings["PORT"]) if settings.get("PORT") else None,
    }
    for key, value in (settings.get("OPTIONS") or {}).items():
        if key not in DJANGO_ONLY_OPTIONS and isinstance(value, str | int):
            params[key] = str(value)
    return make_conninfo(**{key: value for key, value in params.items() if value})


def adbc_reader(connection) -> Reader | None:
    """The ADBC reader for this database, or ``None`` when its driver is missing or it cannot be reached."""
    try:
        if connection.vendor == "sqlite" and not connection.is_in_memory_db():
            import adbc_driver_sqlite.dbapi  # noqa: F401

            return AdbcSqlite(str(connection.settings_dict["NAME"]))
        if connection.vendor == "postgresql":
            import adbc_driver_postgresql.dbapi  # noqa: F401

            return AdbcPostgresql(postgresql_conninfo(connection.settings_dict))
    except ImportError:
        return None
    return None


def choose(connection, reader: str = "auto") -> Reader:
    """``auto``: ADBC unless the caller's transaction is open or no driver fits; ``adbc``; ``cursor``."""
    if reader == "cursor":
        return DjangoCursor()
    adbc = adbc_reader(connection)
    if reader == "adbc":
        if adbc is None:
            raise ValueError(f"no ADBC reader for this {connection.vendor} database")
        return adbc
    if reader != "auto":
        raise ValueError(f"unknown reader {reader!r}")
    return adbc if adbc is not None and not connection.in_atomic_block else DjangoCursor()
