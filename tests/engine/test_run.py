"""Compiled SQL runs on the snapshot into a result table that is checked, counted and read in order."""

import pytest

from bangfu.engine.run import EvaluationError, evaluate
from bangfu.engine.snapshot import Snapshot, snapshot_take

HOUSEHOLDS = """
    SELECT household_id, household_code,
           CASE WHEN safe_water THEN 'pass' ELSE 'fail' END AS result,
           CASE WHEN safe_water THEN '' ELSE 'water' END AS failed,
           NULL AS category, '{}' AS detail
    FROM households"""


def test_a_query_runs_on_the_snapshot_and_is_counted_and_read_in_order(register):
    with snapshot_take() as snapshot:
        evaluation = evaluate(snapshot, HOUSEHOLDS, "household")
        assert evaluation.rows == 5
        assert evaluation.counts() == {"fail": 1, "pass": 4}
        codes = [row[0] for row in evaluation.rows_of(["household_code"], ["household_code"])]
        assert codes == sorted(codes) and len(codes) == 5
        failed = [row for row in evaluation.rows_of(["household_code", "failed"], ["household_id"]) if row[1]]
        assert failed == [("4415211012010002", "water")]


def empty() -> Snapshot:
    return Snapshot({}, None, "none", 0.0)


def test_a_query_without_the_columns_of_its_shape_is_refused():
    with pytest.raises(EvaluationError, match="no column failed, category, detail"):
        evaluate(empty(), "SELECT 1 AS household_id, 'x' AS household_code, 'pass' AS result", "household")


def test_a_query_that_gives_a_household_two_verdicts_is_refused():
    sql = "SELECT 1 AS household_id, 'x' household_code, 'pass' result, '' failed, NULL category, '{}' detail"
    with pytest.raises(EvaluationError, match="1 repeated household_id"):
        evaluate(empty(), f"{sql} UNION ALL {sql}", "household")


def test_sql_that_fails_in_duckdb_is_an_evaluation_error():
    with pytest.raises(EvaluationError, match="DuckDB"):
        evaluate(empty(), "SELECT * FROM no_such_table", "household")
