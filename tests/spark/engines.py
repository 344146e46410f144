"""Run one compiled query on each engine over the same snapshot tables and normalise the rows to compare.

The snapshot travels as it does for users: Arrow tables → a Parquet snapshot folder (``bangfu snapshot``'s
format) → DuckDB (``snapshot_read``) and Spark (temporary views over the files); PostgreSQL gets the same
rows in a throw-away schema.
"""

from __future__ import annotations

import json
import uuid
from contextlib import contextmanager

import duckdb
import pyarrow as pa
import sqlglot

from bangfu.engine import spark as engine_spark
from bangfu.engine.parquet import SCHEMAS, snapshot_read
from bangfu.standards.snapshot_schema import SNAPSHOT_TABLES, create_statements


def arrow_tables(rows: dict[str, list[dict]]) -> dict[str, pa.Table]:
    return {table: pa.Table.from_pylist(list(rows.get(table, ())), SCHEMAS[table]) for table in SCHEMAS}


def arrow_of_duckdb(connection: duckdb.DuckDBPyConnection) -> dict[str, pa.Table]:
    return {
        table: connection.sql(f"SELECT * FROM {table}").to_arrow_table().cast(SCHEMAS[table])
        for table in SCHEMAS
    }


def duckdb_of_folder(folder) -> duckdb.DuckDBPyConnection:
    tables, _ = snapshot_read(folder)
    connection = duckdb.connect()
    for name, table in tables.items():
        connection.register(name, table)
    return connection


def spark_rows(spark, sql: str) -> list[tuple]:
    return [tuple(row) for row in spark.sql(sql).collect()]


def use_folder(spark, folder) -> None:
    engine_spark.register_snapshot(spark, folder)


@contextmanager
def postgres_schema(url: str, tables: dict[str, pa.Table]):
    """A psycopg connection whose search path is a new schema holding the snapshot tables."""
    import psycopg

    schema = f"spark_parity_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as postgres:
        postgres.execute(f"CREATE SCHEMA {schema}")
        try:
            postgres.execute(f"SET search_path TO {schema}")
            for statement in create_statements():
                postgres.execute(sqlglot.transpile(statement, read="duckdb", write="postgres")[0])
            for table in SNAPSHOT_TABLES:
                with postgres.cursor() as cursor, cursor.copy(f"COPY {table} FROM STDIN") as copy:
                    for row in tables[table].to_pylist():
                        copy.write_row(tuple(row.values()))
            yield postgres
        finally:
            postgres.execute(f"DROP SCHEMA {schema} CASCADE")


def _value(value):
    if isinstance(value, str) and value.startswith("{"):
        return _value(json.loads(value))
    if isinstance(value, dict):
        return {key: _value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_value(item) for item in value]
    if isinstance(value, float):
        return round(value, 9)
    return value


def normal(rows) -> list[list]:
    """Rows with JSON documents parsed and floats rounded to 9 places, sorted: what must be equal."""
    return sorted(([_value(value) for value in row] for row in rows), key=repr)
