"""A small register in two counties, three villages, households of every kind, for the figures' tests."""

from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture
def register(divisions):
    """海丰县: 新山村 (poor, exited 2019) and 东尾村; 陆河县: 坡平村 (poor, not exited). Years 2015–2020."""
    xinshan = factories.village("441521101201", name="新山村", exit_year=2019, population=500)
    dongwei = factories.village("441521102202", name="东尾村", poor=False, population=800)
    poping = factories.village("441523101201", name="坡平村", population=400)
    households = [
        # village, code, members, attribute, identified, exit, incomes {year: (wages, transfers, costs)}
        (
            xinshan,
            "4415211012010001",
            3,
            "一般贫困户",
            2016,
            2018,
            {2015: (3000, 0, 0), 2018: (12000, 900, 0)},
        ),
        (
            xinshan,
            "4415211012010002",
            4,
            "低保贫困户",
            2016,
            None,
            {2016: (2000, 1000, 500), 2018: (8000, 0, 0)},
        ),
        (xinshan, "4415211012010003", 1, "特困供养贫困户", 2017, 2020, {2020: (0, 9000, 0)}),
        (xinshan, "4415211012010004", 5, "一般农户", None, None, {2018: (50000, 0, 0)}),
        (
            dongwei,
            "4415211022020001",
            2,
            "一般贫困户",
            2016,
            2017,
            {2016: (1000, 0, 3000), 2017: (30000, 2000, 0)},
        ),
        (
            poping,
            "4415231012010001",
            6,
            "一般贫困户",
            2018,
            None,
            {2018: (20000, 1000, 0), 2020: (61000, 0, 0)},
        ),
        (poping, "4415231012010002", 2, "一般贫困户", 2016, 2016, {}),
    ]
    for village, code, members, attribute, identified, exit_year, incomes in households:
        household = factories.household(
            village,
            code,
            members=members,
            attribute=attribute,
            identified_year=identified,
            exit_year=exit_year,
        )
        for year, (wages, transfers, costs) in incomes.items():
            factories.income(household, year, wages=wages, transfers=transfers, costs=costs)
    return {"xinshan": xinshan, "dongwei": dongwei, "poping": poping}
