"""At 10^5 households, every shipped standard gives the same rows on DuckDB and Spark (and PostgreSQL).

A register generated like the demo (``bangfu generate`` + ``bangfu load``'s functions) is loaded, written as a
snapshot folder (``bangfu snapshot``), and every query of every shipped standard — households, villages,
checks, MPI — runs on DuckDB and on Spark over it; on the PostgreSQL run of the suite the PostgreSQL dialect
runs too, over the same rows. The test prints how long each part took (it asserts no time).
"""

from __future__ import annotations

import os
import sys
import time

import pytest
from django.db import connection

from bangfu.demo.generator import generate_register, scaled_profile
from bangfu.engine.snapshot import snapshot_write_folder
from bangfu.registry.loading import register_load_folder
from tests.spark import engines
from tests.spark.test_spark_parity import queries_for

HOUSEHOLDS = int(os.environ.get("BANGFU_SPARK_HOUSEHOLDS", "100000"))
YEARS = {"cn-2020": 2020, "gd-2016": 2020, "monitoring": 2021}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_every_standard_agrees_on_a_generated_register(spark, divisions, tmp_path):
    started = time.perf_counter()
    generate_register(scaled_profile(households=HOUSEHOLDS), tmp_path / "csv", seed=5)
    register_load_folder(tmp_path / "csv")
    manifest = snapshot_write_folder(tmp_path / "snap")
    assert manifest["row_counts"]["households"] == HOUSEHOLDS
    prepared = time.perf_counter()
    duck = engines.duckdb_of_folder(tmp_path / "snap")
    queries = list(queries_for(YEARS))
    expected = {name: engines.normal(duck.execute(query.sql).fetchall()) for name, query in queries}
    engines.use_folder(spark, tmp_path / "snap")
    spark_started = time.perf_counter()
    for name, query in queries:
        assert engines.normal(engines.spark_rows(spark, query.to("spark"))) == expected[name], name
    spark_seconds = time.perf_counter() - spark_started
    assert sum(len(rows) for rows in expected.values()) > HOUSEHOLDS  # every query returned rows
    if connection.vendor == "postgresql" and os.environ.get("BANGFU_TEST_POSTGRES_URL"):
        tables, _ = engines.snapshot_read(tmp_path / "snap")
        with engines.postgres_schema(os.environ["BANGFU_TEST_POSTGRES_URL"], tables) as postgres:
            for name, query in queries:
                got = engines.normal(postgres.execute(query.to("postgres")).fetchall())
                assert got == expected[name], name
    print(
        f"\n{HOUSEHOLDS:,} households: generate+load+snapshot {prepared - started:.0f} s,"
        f" {len(queries)} Spark queries {spark_seconds:.0f} s, total {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
