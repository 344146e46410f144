"""Compile a multidimensional poverty standard (多维贫困, Alkire–Foster) to one query per household.

Each indicator's rule says when a household is deprived (``d_<id>``); its score is the sum of the integer
weights of its deprivations (over the standard's common denominator), and it is poor when score ≥ cutoff.
The aggregates H, A and M0 (and their decomposition by county and indicator) are sums over these rows,
weighted by ``members``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp

from bangfu.codes.area import Area
from bangfu.standards.compiling import age_date, finish, policy_values, resolver, used_features
from bangfu.standards.frames import HOUSEHOLD_FEATURES, household_frame, literal
from bangfu.standards.language import compile_rule
from bangfu.standards.query import CompiledQuery

if TYPE_CHECKING:
    from bangfu.standards.standard import Standard

MPI_DEPRIVATIONS = "mpi_deprivations"


def mpi_query(standard: Standard, year: int, area: Area) -> CompiledQuery:
    indicators = standard.mpi.indicators
    names = [*used_features(indicators), "members", "county_code"]
    ctes = household_frame(
        names,
        year=year,
        age_date=age_date(standard.parameters, year),
        where=None,
        policy=policy_values(standard.parameters, year),
    )
    resolve = resolver(standard.parameters, year, "f")
    deprivations = exp.select(
        exp.Column(this=exp.Star(), table=exp.to_identifier("f")),
        *(exp.alias_(compile_rule(indicator.rule, resolve), f"d_{indicator.id}") for indicator in indicators),
    ).from_(exp.to_table(HOUSEHOLD_FEATURES).as_("f"))
    score = exp.Paren(
        this=_sum(
            [
                exp.Case().when(exp.column(f"d_{i.id}", table="d"), literal(i.weight)).else_(literal(0))
                for i in indicators
            ]
        )
    )
    select = (
        exp.select(
            *(
                exp.column(name, table="d")
                for name in ("household_id", "household_code", "county_code", "members")
            ),
            exp.alias_(score, "score"),
            exp.alias_(score.copy() >= literal(standard.mpi.cutoff), "poor"),
            *(exp.column(f"d_{indicator.id}", table="d") for indicator in indicators),
        )
        .from_(exp.to_table(MPI_DEPRIVATIONS).as_("d"))
        .order_by(exp.column("household_code", table="d"))
    )
    return finish(select, [*ctes, (MPI_DEPRIVATIONS, deprivations)], area)


def _sum(terms: list[exp.Expression]) -> exp.Expression:
    total = terms[0]
    for term in terms[1:]:
        total = exp.Add(this=total, expression=term)
    return total
