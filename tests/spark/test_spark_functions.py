"""The rule language's functions and arithmetic give the same verdicts on DuckDB, Spark and PostgreSQL.

round() is the one that differed: DuckDB rounded the binary double (round(1.005, 2) = 1.0), Spark the
decimal (1.01), and PostgreSQL has no round(double precision, int). The compiler now rounds the value as a
DECIMAL(38, 10) on every engine (1.005 → 1.01, half away from zero).
"""

from __future__ import annotations

import os

import pytest

from bangfu.engine.parquet import snapshot_write
from bangfu.standards import Area, load_standard
from tests.spark import engines
from tests.spark.test_spark_parity import AS_OF

POSTGRES = os.environ.get("BANGFU_TEST_POSTGRES_URL")
RULES = {
    "round_half_up": "round(net_income_per_capita / 1000, 2) = 1.01",
    "round_whole": "round(net_income_per_capita / 1000) = 1",
    "round_hundreds": "round(net_income_per_capita / 100, 0) = 10",
    "least_greatest": "least(net_income_per_capita, 1005) = 1005 and greatest(members, 2) > 2",
    "abs_near": "abs(net_income_per_capita - 1005) <= 0.5",
    "division_by_zero": "coalesce(net_income_per_capita / (members - members), 1) = 1",
    "between": "net_income_per_capita between 1004.99 and 1005.01",
}
STANDARD = """id = "functions"
kind = "monitoring"
title = "functions"
source = "tests"
precedence = [{precedence}]
{criteria}"""


def standard_file(tmp_path):
    criteria = "".join(
        f'\n[criteria.{name}]\ntitle = "{name}"\nrule = "{rule}"\n' for name, rule in RULES.items()
    )
    path = tmp_path / "functions.toml"
    path.write_text(STANDARD.format(precedence=", ".join(f'"{n}"' for n in RULES), criteria=criteria))
    return load_standard(path)


def register() -> dict[str, list[dict]]:
    """Households whose per-capita net income is 1005 (the 1.005 of round's edge), 995, 1049 and 1051."""
    rows = {"households": [], "members": [], "incomes": []}
    for number, (per_capita, size) in enumerate([(1005, 1), (1005, 3), (995, 2), (1049, 1), (1051, 2)], 1):
        rows["households"].append(
            {"household_id": number, "household_code": f"F{number}", "village_id": 1,
             "village_code": "441521101201", "attribute": "一般农户", "main_cause": ""}
        )  # fmt: skip
        for member in range(size):
            rows["members"].append(
                {"member_id": number * 10 + member, "household_id": number, "id_number": f"X{number}{member}"}
            )
        rows["incomes"].append(
            {"household_id": number, "year": 2021, "wages": float(per_capita * size), "business_income": 0.0,
             "property_income": 0.0, "transfer_income": 0.0, "business_costs": 0.0}
        )  # fmt: skip
    return rows


def test_functions_agree_on_every_engine(spark, tmp_path):
    query = standard_file(tmp_path).household_query(2021, area=Area.everything())
    tables = engines.arrow_tables(register())
    folder = tmp_path / "snapshot"
    snapshot_write(tables, folder, as_of=AS_OF, scope=None)
    expected = engines.normal(engines.duckdb_of_folder(folder).execute(query.sql).fetchall())
    categories = {row[1]: row[4] for row in expected}
    assert categories == {
        "F1": "round_half_up",  # 1.005 rounds to 1.01
        "F2": "round_half_up",
        "F3": "round_whole",  # 0.995 → 1.0 (not 1.01), 995 → 1000
        "F4": "round_whole",
        "F5": "round_whole",  # 1.051 → 1.05
    }
    engines.use_folder(spark, folder)
    assert engines.normal(engines.spark_rows(spark, query.to("spark"))) == expected
    if POSTGRES:
        with engines.postgres_schema(POSTGRES, tables) as postgres:
            assert engines.normal(postgres.execute(query.to("postgres")).fetchall()) == expected


@pytest.mark.parametrize("dialect", ["duckdb", "postgres", "spark"])
def test_round_is_printed_over_a_decimal(tmp_path, dialect):
    sql = standard_file(tmp_path).household_query(2021, area=Area.everything()).to(dialect)
    assert "ROUND(CAST(" in sql and ("DECIMAL(38, 10)" in sql or "NUMERIC(38, 10)" in sql)
