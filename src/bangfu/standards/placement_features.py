"""Member features over job placements (转移就业, ``placements``): public-welfare posts (公益岗位).

``public_welfare_post_start_age``: the member's completed years on the start date of their earliest 公益岗位
placement that started in or before the checked year (NULL when none or without a birth date). The placement's
date is read in a scalar subquery correlated by equality only (``member_id``), which DuckDB, PostgreSQL and
Spark SQL all accept; the age is computed outside it.
"""

from __future__ import annotations

from bangfu.standards.feature import INTEGER, MEMBER, Feature

PUBLIC_WELFARE_POST = "公益岗位"  # markets.choices.JobKind.PUBLIC_WELFARE

_FIRST_START = (
    "(SELECT MIN(p.start_date) FROM placements p WHERE p.member_id = m.member_id "
    f"AND p.job_kind = '{PUBLIC_WELFARE_POST}' AND EXTRACT(YEAR FROM p.start_date) <= :year)"
)
_AGE_AT_START = (
    f"CAST(EXTRACT(YEAR FROM {_FIRST_START}) - EXTRACT(YEAR FROM m.birth_date) - CASE WHEN "
    f"EXTRACT(MONTH FROM m.birth_date) * 100 + EXTRACT(DAY FROM m.birth_date) > "
    f"EXTRACT(MONTH FROM {_FIRST_START}) * 100 + EXTRACT(DAY FROM {_FIRST_START}) THEN 1 ELSE 0 END AS INT)"
)

PLACEMENT_FEATURES = (
    Feature(
        "public_welfare_post_start_age", MEMBER, INTEGER, "周岁", "上公益岗位时年龄",
        "completed years on the start date of the member's earliest 公益岗位 placement (in or before the "
        "year; NULL when none)", _AGE_AT_START,
    ),
)  # fmt: skip
