"""Spark SQL gives the rows DuckDB gives (and PostgreSQL, when a server is at hand), for every shipped standard.

The compiler prints Spark SQL from the same SQLGlot tree as DuckDB's; these tests run it on a local
SparkSession over a Parquet snapshot folder and compare every row: verdicts, failed criteria, categories,
incidences, findings, MPI scores, and the detail JSON with every value that decided a criterion. Registers:
the small mixed register of the dialect tests, and Hypothesis-drawn registers crowding the rules' edges
(tests/parity's generators). Spark queries cost ~0.1–1 s each, so the example count is modest
(BANGFU_SPARK_EXAMPLES raises it).
"""

from __future__ import annotations

import datetime
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bangfu.engine.parquet import snapshot_write
from bangfu.standards import Area, load_standard, shipped_standard_ids
from tests.parity.test_rules_parity import YEARS, registers
from tests.spark import engines
from tests.standards import per_record
from tests.standards.register import mixed_register
from tests.standards.test_compiled_sql import every_query

POSTGRES = os.environ.get("BANGFU_TEST_POSTGRES_URL")
EXAMPLES = int(os.environ.get("BANGFU_SPARK_EXAMPLES", "6"))
AS_OF = datetime.date(2021, 8, 31)


def folder_of(tables, path):
    snapshot_write(tables, path, as_of=AS_OF, scope=None)
    return path


@pytest.mark.parametrize("scope", [None, "441521"])
def test_spark_gives_the_rows_duckdb_gives(spark, tmp_path, scope):
    folder = folder_of(engines.arrow_of_duckdb(mixed_register().connection), tmp_path / "snapshot")
    duck = engines.duckdb_of_folder(folder)
    engines.use_folder(spark, folder)
    checked = 0
    for name, query in every_query(scope):
        expected = engines.normal(duck.execute(query.sql).fetchall())
        assert engines.normal(engines.spark_rows(spark, query.to("spark"))) == expected, name
        checked += len(expected)
    assert checked > 40  # rows compared: every query returned some


def _offset(register, number: int, year: int):
    """A drawn register moved to its own village and id range, so several fit in one snapshot."""
    households, members, incomes = register
    base, village_code = number * 1000, f"4415211012{number:02d}"
    for row in households:
        row |= {"village_id": number, "village_code": village_code}
        row["household_code"] = f"R{number}-{row['household_code']}"
    for rows in (households, members, incomes):
        for row in rows:
            row["household_id"] += base
    for row in members:
        row["member_id"] += base
    village = {
        "village_id": number,
        "village_code": village_code,
        "name": f"村{number}",
        "county_code": "441521000000",
        "is_poor": True,
        "identified_year": year - 1,
        "exit_year": None,
        "registered_population": 3 * len(households) + number,
    }
    return households, members, incomes, village


@st.composite
def register_sets(draw):
    """One register per household standard, each at a year it covers, drawn at that standard's line."""
    rows = {"households": [], "members": [], "incomes": [], "villages": [], "village_stats": []}
    years = {}
    for number, standard_id in enumerate(sorted(YEARS), start=1):
        year = years[standard_id] = draw(st.sampled_from(YEARS[standard_id]))
        register = draw(registers(year, per_record.LINES[standard_id][year]))
        households, members, incomes, village = _offset(register, number, year)
        rows["households"] += households
        rows["members"] += members
        rows["incomes"] += incomes
        rows["villages"].append(village)
        if draw(st.booleans()):
            rows["village_stats"].append(
                {
                    "village_id": number,
                    "year": year,
                    "registered_population": draw(st.integers(1, 60)),
                    "disposable_income_per_capita": 1.0,
                    "collective_income": draw(st.sampled_from([99999.0, 100000.0, None])),
                }
            )
    return rows, years


def queries_for(years: dict[str, int]):
    """Every query of every shipped standard, at the drawn years (MPI and checks at the exit year)."""
    for standard_id in shipped_standard_ids():
        standard = load_standard(standard_id)
        year = years.get(standard_id, years["cn-2020"])
        if standard.kind in ("household_exit", "monitoring"):
            yield f"{standard_id}.household {year}", standard.household_query(year, area=Area.everything())
        if standard.kind == "household_exit":
            yield f"{standard_id}.village {year}", standard.village_query(year, area=Area.everything())
        if standard.kind == "quality":
            yield (
                f"{standard_id}.quality",
                standard.quality_query(area=Area.everything(), as_of=datetime.date(year, 8, 31)),
            )
        if standard.kind == "mpi":
            yield f"{standard_id}.mpi {year}", standard.mpi_query(year, area=Area.everything())


def test_engines_agree_on_drawn_registers(spark, tmp_path_factory):
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(drawn=register_sets())
    def check(drawn):
        rows, years = drawn
        tables = engines.arrow_tables(rows)
        folder = folder_of(tables, tmp_path_factory.mktemp("drawn") / "snapshot")
        duck = engines.duckdb_of_folder(folder)
        engines.use_folder(spark, folder)
        queries = list(queries_for(years))
        expected = {name: engines.normal(duck.execute(q.sql).fetchall()) for name, q in queries}
        for name, query in queries:
            assert engines.normal(engines.spark_rows(spark, query.to("spark"))) == expected[name], name
        if POSTGRES:
            with engines.postgres_schema(POSTGRES, tables) as postgres:
                for name, query in queries:
                    got = engines.normal(postgres.execute(query.to("postgres")).fetchall())
                    assert got == expected[name], name

    check()
