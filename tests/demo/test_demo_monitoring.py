"""The demo's monitoring cases: seeded, every channel, some overdue, eliminated and reopened; loaded and cleared."""

from datetime import date

import pytest

from bangfu.demo.generator.monitoring import generate_cases, monitoring_records_clear, monitoring_records_load
from bangfu.monitoring.deadlines import overdue_flags
from bangfu.monitoring.models import CaseStep, MonitoringCase
from tests import factories

#: (code, exited, has labour): every third household not exited, every fifth without labour.
HOUSEHOLDS = [(f"H{n:04d}", n % 3 != 0, n % 5 != 0) for n in range(1, 2001)]
WITHOUT_LABOUR = {code for code, _exited, labour in HOUSEHOLDS if not labour}


def test_the_generator_is_seeded_and_covers_the_cases_a_county_sees():
    cases = generate_cases(HOUSEHOLDS, seed=2020)
    assert [(c.household, c.step, c.discovered) for c in cases] == [
        (c.household, c.step, c.discovered) for c in generate_cases(HOUSEHOLDS, seed=2020)
    ]
    assert len(cases) == 90 and len({c.household for c in cases}) == 90  # 1.5 % a year, a household once
    assert {c.channel for c in cases} == {"农户自主申报", "基层干部排查", "部门筛查预警", "标准筛查"}
    assert {c.discovered.year for c in cases} == {2021, 2022, 2023}
    assert {c.category for c in cases} == {"脱贫不稳定户", "边缘易致贫户", "突发严重困难户"}
    assert any(c.step == "风险消除" for c in cases) and any(c.reopened for c in cases)
    assert any(c.step in ("入户核实", "村级评议", "乡镇审核") and not c.reopened for c in cases)  # stuck
    assert any(c.step == "帮扶" and not c.measures for c in cases)  # no measure: overdue
    for c in cases:
        assert all(a[2] <= b[2] for a, b in zip(c.timeline, c.timeline[1:], strict=False))
        assert 1 <= len(c.risks) <= 5
        if c.step == "风险消除":
            assert c.dates["eliminated"] >= c.dates["identified"] and c.measures
            assert c.household not in WITHOUT_LABOUR  # domain-rules.md §3: never eliminated without labour
    assert any(c.household in WITHOUT_LABOUR and c.step == "帮扶" and c.measures for c in cases)


@pytest.mark.django_db
def test_loaded_and_cleared(divisions):
    village = factories.village()
    households = [
        (factories.household(village, f"H{n:03d}", exit_year=2019).code, True, True) for n in range(1, 140)
    ]
    cases = generate_cases(households, seed=7)
    counts = monitoring_records_load(cases, [])
    assert counts["cases"] == MonitoringCase.objects.count() == len(cases) == 6
    assert CaseStep.objects.count() == sum(len(c.timeline) for c in cases)
    flags = [overdue_flags(c, date(2024, 1, 1)) for c in MonitoringCase.objects.all()]
    assert len(flags) == 6
    monitoring_records_clear()
    assert not MonitoringCase.objects.exists() and not CaseStep.objects.exists()
