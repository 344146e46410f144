"""The PostgreSQL dialect of every compiled query gives the same rows as DuckDB's (when a server is at hand).

Runs when BANGFU_TEST_POSTGRES_URL is set (as ``make test`` does for its PostgreSQL run): the snapshot
tables are created in a throw-away schema, filled with a small register, and every query of every shipped
standard is run on both engines. Spark SQL is only snapshotted (test_compiled_sql.py): no Spark here.
"""

import json
import os
import uuid

import pytest
import sqlglot

from bangfu.standards.snapshot_schema import SNAPSHOT_TABLES, create_statements
from tests.standards.register import mixed_register
from tests.standards.test_compiled_sql import every_query

URL = os.environ.get("BANGFU_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not URL, reason="BANGFU_TEST_POSTGRES_URL is not set")


@pytest.fixture(scope="module")
def engines():
    import psycopg

    duck = mixed_register().connection
    schema = f"standards_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(URL, autocommit=True) as postgres:
        postgres.execute(f"CREATE SCHEMA {schema}")
        try:
            postgres.execute(f"SET search_path TO {schema}")
            for statement in create_statements():
                postgres.execute(sqlglot.transpile(statement, read="duckdb", write="postgres")[0])
            for table, columns in SNAPSHOT_TABLES.items():
                rows = duck.execute(f"SELECT * FROM {table}").fetchall()
                placeholders = ", ".join(["%s"] * len(columns))
                with postgres.cursor() as cursor:
                    cursor.executemany(f"INSERT INTO {table} VALUES ({placeholders})", rows)
            yield duck, postgres
        finally:
            postgres.execute(f"DROP SCHEMA {schema} CASCADE")


def _normal(rows):
    normal = []
    for row in rows:
        values = []
        for value in row:
            if isinstance(value, str) and value.startswith("{"):
                value = json.loads(value)
            elif isinstance(value, float):
                value = round(value, 9)
            values.append(value)
        normal.append(values)
    return sorted(normal, key=repr)


@pytest.mark.parametrize("scope", [None, "441521"])
def test_postgres_gives_the_rows_duckdb_gives(engines, scope):
    duck, postgres = engines
    checked = 0
    for name, query in every_query(scope):
        expected = duck.execute(query.sql).fetchall()
        got = postgres.execute(query.to("postgres")).fetchall()
        assert _normal(got) == _normal(expected), name
        checked += len(expected)
    assert checked > 40  # rows compared: every query returned some
