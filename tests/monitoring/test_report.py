"""Monitoring figures of the results report by year, from hand-countable cases; the Markdown section."""

from datetime import date

import pytest

from bangfu.monitoring.models import MonitoringCase
from bangfu.programme import services as programme
from bangfu.reports.results import results_report
from tests import factories

pytestmark = pytest.mark.django_db


def case(household, **kw):
    return MonitoringCase.objects.create(
        household=household, risk_types=["因病"], channel="基层干部排查", **kw
    )


def test_figures_by_year(divisions):
    village = factories.village()
    a, b, c, d = (factories.household(village, f"H00{n}") for n in range(1, 5))
    # identified 2021, measure in time, eliminated 2022
    case(a, category="脱贫不稳定户", discovered_on=date(2021, 3, 1), identified_on=date(2021, 3, 20),
               step="风险消除", eliminated_on=date(2022, 5, 1), elimination_method="帮扶消除")  # fmt: skip
    plan = programme.household_plan_set(household=a, year=2021)
    programme.measure_create(
        plan=plan, category="就业", description="", status="已完成", start_date=date(2021, 4, 1)
    )
    # identified 2021 without any measure: overdue at the end of 2021 and 2022
    case(
        b,
        category="边缘易致贫户",
        discovered_on=date(2021, 6, 1),
        identified_on=date(2021, 6, 25),
        step="帮扶",
    )
    # discovered late 2021, still not identified: identification overdue at the end of 2022 (and 2021)
    case(c, category="突发严重困难户", discovered_on=date(2021, 11, 1), step="公示")
    # reopened in 2022, identified again 2022
    case(d, category="突发严重困难户", discovered_on=date(2022, 2, 1), identified_on=date(2022, 2, 20), step="帮扶",
         reopened_count=1)  # fmt: skip
    plan = programme.household_plan_set(household=d, year=2022)
    programme.measure_create(
        plan=plan, category="健康", description="", status="实施中", start_date=date(2022, 3, 1)
    )
    r = results_report(year=2022)
    assert list(r["monitoring_by_year"]) == ["2021", "2022"]
    y21, y22 = r["monitoring_by_year"]["2021"], r["monitoring_by_year"]["2022"]
    assert y21["identified"] == 2 and y21["identified_by_category"] == {
        "脱贫不稳定户": 1,
        "边缘易致贫户": 1,
        "突发严重困难户": 0,
    }
    assert (y21["eliminated"], y21["open_at_year_end"], y21["overdue_at_year_end"]) == (0, 2, 2)
    assert (y22["identified"], y22["eliminated"], y22["open_at_year_end"], y22["overdue_at_year_end"]) == (
        1,
        1,
        2,
        2,
    )
    assert r["monitoring_cases_reopened"] == 1
    assert results_report(year=2020)["monitoring_by_year"] == {}


def test_markdown_section(divisions):
    from django.template.loader import render_to_string

    factories_household = factories.household(factories.village(), "H001")
    case(factories_household, category="边缘易致贫户", discovered_on=date(2021, 3, 1), identified_on=date(2021, 3, 5),
         step="帮扶")  # fmt: skip
    text = render_to_string("reports/results.zh-hans.md", {"r": results_report(year=2021)})
    assert "## 防止返贫动态监测" in text and "| 2021 | 1 | 0 | 1 | 0 | 0 | 1 | 1 |" in text
