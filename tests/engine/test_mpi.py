"""Alkire–Foster figures, computed in DuckDB, against a register small enough to work out by hand."""

import pytest

from bangfu.engine.mpi import mpi_decompose, mpi_sql
from bangfu.engine.run import evaluate
from bangfu.engine.tables import Snapshot

# weights a = 1, b = 2 over 3; the compiled standard marks poor when score >= 2.
ROWS = """
    SELECT * FROM (VALUES
        (1, 'h1', 'X', 4, 3, TRUE, TRUE, TRUE),
        (2, 'h2', 'X', 2, 1, FALSE, TRUE, FALSE),
        (3, 'h3', 'Y', 3, 2, TRUE, FALSE, TRUE),
        (4, 'h4', 'Y', 1, 0, FALSE, FALSE, FALSE)
    ) AS t(household_id, household_code, county_code, members, score, poor, d_a, d_b)"""


@pytest.fixture
def groups():
    evaluation = evaluate(Snapshot({}, None, "none", 0.0), ROWS, "mpi")
    return mpi_decompose(evaluation, [("a", 1), ("b", 2)], 3)


def test_headcount_intensity_and_m0_over_people(groups):
    total = groups[0]
    assert total.county_code is None
    assert (total.people, total.households, total.poor_people, total.poor_households) == (10, 4, 7, 2)
    assert pytest.approx(0.7) == total.H
    assert pytest.approx(6 / 7) == total.A
    assert total.M0 == pytest.approx(0.6) == pytest.approx(total.H * total.A)


def test_m0_is_the_weighted_sum_of_censored_headcounts(groups):
    total = groups[0]
    assert total.censored == pytest.approx({"a": 0.4, "b": 0.7})
    assert total.uncensored == pytest.approx({"a": 0.6, "b": 0.7})
    assert pytest.approx(1 / 3 * total.censored["a"] + 2 / 3 * total.censored["b"]) == total.M0
    assert total.indicator_contribution == pytest.approx({"a": 2 / 9, "b": 7 / 9})


def test_counties_decompose_the_total(groups):
    x, y = groups[1:]
    assert (x.county_code, x.people, x.poor_people) == ("X", 6, 4)
    assert pytest.approx((2 / 3, 1.0, 2 / 3)) == (x.H, x.A, x.M0)
    assert pytest.approx((0.75, 2 / 3, 0.5)) == (y.H, y.A, y.M0)
    assert (x.contribution, y.contribution) == pytest.approx((2 / 3, 1 / 3))
    assert pytest.approx(sum(g.people / groups[0].people * g.M0 for g in (x, y))) == groups[0].M0


def test_nobody_in_scope_gives_zeros():
    evaluation = evaluate(Snapshot({}, None, "none", 0.0), ROWS + " WHERE FALSE", "mpi")
    (total,) = mpi_decompose(evaluation, [("a", 1), ("b", 2)], 3)
    assert (total.people, total.H, total.A, total.M0) == (0, 0, 0, 0)


def test_indicator_names_must_be_identifiers():
    with pytest.raises(ValueError):
        mpi_sql("t", [('a"; DROP', 1)], 3)
