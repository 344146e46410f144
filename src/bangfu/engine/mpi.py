"""Alkire–Foster multidimensional poverty figures (多维贫困指数), in DuckDB SQL over the mpi query's rows.

Counted over **people**: a household's deprivations and its poor/non-poor status (score ≥ cutoff, decided
by the compiled standard) apply to each of its members, as in the global MPI. With n people, q of them poor,
c_i the deprivation share of a poor person (score ÷ the weights' denominator) and w_j the weight of
indicator j (its integer weight ÷ the denominator):

    H = q / n          A = Σ c_i / q (over the poor)          M0 = H · A = Σ_j w_j · h_j

where h_j, the censored headcount ratio, is the share of people who are poor **and** deprived in j.
Indicator j's contribution to M0 is w_j · h_j / M0; county g's is (n_g / n) · M0_g / M0.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bangfu.engine.run import Evaluation

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
FIGURES = ("people", "households", "poor_people", "poor_households", "H", "A", "M0")


@dataclass(frozen=True)
class MpiGroup:
    """The figures of the whole scope (``county_code`` None) or of one county."""

    county_code: str | None
    people: int
    households: int
    poor_people: int
    poor_households: int
    H: float
    A: float
    M0: float
    contribution: float  # share of the total M0 (1.0 for the total)
    censored: dict[str, float]  # indicator → h_j, poor and deprived
    uncensored: dict[str, float]  # indicator → share of people deprived, poor or not
    indicator_contribution: dict[str, float]  # indicator → w_j · h_j / M0


def mpi_sql(table: str, indicators: Sequence[tuple[str, int]], denominator: int) -> str:
    """One query: the total row first, then one row per county, ordered by code."""
    for name, weight in indicators:
        if not IDENTIFIER.fullmatch(name) or not isinstance(weight, int):
            raise ValueError(f"bad indicator {name!r} or weight {weight!r}")
    if not isinstance(denominator, int) or denominator <= 0:
        raise ValueError(f"bad denominator {denominator!r}")
    deprived = ", ".join(f'CAST("d_{name}" AS BOOLEAN) AS "d_{name}"' for name, _ in indicators)
    sums = ", ".join(
        f'coalesce(sum(n) FILTER (WHERE poor AND "d_{name}"), 0) AS "c_{name}", '
        f'coalesce(sum(n) FILTER (WHERE "d_{name}"), 0) AS "u_{name}"'
        for name, _ in indicators
    )
    ratios = ", ".join(
        f'"c_{name}" / nullif(people, 0) AS "h_{name}", "u_{name}" / nullif(people, 0) AS "uh_{name}", '
        f'{weight} * "c_{name}" / nullif(poor_score, 0) AS "w_{name}"'
        for name, weight in indicators
    )
    return f"""
        WITH h AS (
            SELECT county_code, CAST(members AS BIGINT) AS n, CAST(score AS DOUBLE) AS score,
                   CAST(poor AS BOOLEAN) AS poor{", " + deprived if deprived else ""}
            FROM {table}
        ),
        g AS (
            SELECT grouping(county_code) = 1 AS is_total, county_code,
                   coalesce(sum(n), 0) AS people, count(*) AS households,
                   coalesce(sum(n) FILTER (WHERE poor), 0) AS poor_people,
                   count(*) FILTER (WHERE poor) AS poor_households,
                   coalesce(sum(n * score) FILTER (WHERE poor), 0) AS poor_score{", " + sums if sums else ""}
            FROM h GROUP BY GROUPING SETS ((), (county_code))
        )
        SELECT CASE WHEN is_total THEN NULL ELSE county_code END AS county_code,
               people, households, poor_people, poor_households,
               coalesce(poor_people / nullif(people, 0), 0) AS "H",
               coalesce(poor_score / nullif(poor_people * {denominator}, 0), 0) AS "A",
               coalesce(poor_score / nullif(people * {denominator}, 0), 0) AS "M0",
               CASE WHEN is_total THEN 1.0
                    ELSE coalesce(poor_score / nullif(sum(poor_score) FILTER (WHERE NOT is_total) OVER (), 0), 0)
               END AS contribution{", " + ratios if ratios else ""}
        FROM g ORDER BY is_total DESC, county_code"""


def mpi_decompose(
    evaluation: Evaluation, indicators: Sequence[tuple[str, int]], denominator: int
) -> list[MpiGroup]:
    """H, A, M0 for the whole scope (first) and each county, with censored headcounts per indicator."""
    cursor = evaluation.connection.execute(mpi_sql(evaluation.table, indicators, denominator))
    names = [column[0] for column in cursor.description]
    groups = []
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        groups.append(
            MpiGroup(
                county_code=row["county_code"],
                **{key: row[key] for key in FIGURES},
                contribution=float(row["contribution"]),
                censored={name: row[f"h_{name}"] or 0.0 for name, _ in indicators},
                uncensored={name: row[f"uh_{name}"] or 0.0 for name, _ in indicators},
                indicator_contribution={name: row[f"w_{name}"] or 0.0 for name, _ in indicators},
            )
        )
    return groups
