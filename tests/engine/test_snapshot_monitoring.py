"""Monitoring cases, assistance measures and job placements arrive in the snapshot typed, with both readers."""

from datetime import date

import pytest
from django.db import connection

from bangfu.engine import readers
from bangfu.engine.snapshot import SCHEMAS, snapshot_queries, snapshot_take
from bangfu.markets.models import Placement
from bangfu.monitoring.models import MonitoringCase
from bangfu.programme.models import HouseholdPlan, Measure
from tests.assessment.registers import small_register


def _monitoring_rows(register) -> dict:
    household = register["households"]["A2"]
    other = register["households"]["B2"]
    case = MonitoringCase.objects.create(
        household=household, category="脱贫不稳定户", risk_types=["因病", "缺劳动力"], channel="基层干部排查",
        step="风险消除", discovered_on=date(2021, 3, 1), identified_on=date(2021, 3, 20),
        eliminated_on=date(2021, 9, 1), elimination_method="帮扶消除",
    )  # fmt: skip
    MonitoringCase.objects.create(
        household=other, category="边缘易致贫户", risk_types=[], channel="标准筛查", step="入户核实",
        discovered_on=date(2022, 1, 5),
    )  # fmt: skip
    plan = HouseholdPlan.objects.create(household=household, year=2021)
    measure = Measure.objects.create(
        plan=plan, category="公益岗位", status="已完成", start_date=date(2021, 4, 1)
    )
    member = household.members.order_by("id").first()
    placement = Placement.objects.create(
        member=member,
        employer="村公益岗位",
        destination="本地",
        job_kind="公益岗位",
        start_date=date(2021, 4, 1),
    )
    return {
        "case": case,
        "measure": measure,
        "placement": placement,
        "member": member,
        "household": household,
    }


@pytest.fixture
def register(divisions):
    register = small_register()
    return register | _monitoring_rows(register)


def test_cases_measures_and_placements_arrive_typed(register):
    snapshot = snapshot_take()
    assert snapshot.counts["monitoring_cases"] == 2
    db = snapshot.duckdb
    case = db.execute(
        "SELECT household_id, category, risk_types, channel, step, discovered_on, identified_on, eliminated_on,"
        " elimination_method FROM monitoring_cases WHERE case_id = ?",
        [register["case"].pk],
    ).fetchone()
    assert case == (
        register["household"].pk, "脱贫不稳定户", ";因病;缺劳动力;", "基层干部排查", "风险消除",
        date(2021, 3, 1), date(2021, 3, 20), date(2021, 9, 1), "帮扶消除",
    )  # fmt: skip
    assert db.execute("SELECT risk_types, identified_on FROM monitoring_cases WHERE case_id <> ?",
                      [register["case"].pk]).fetchone() == ("", None)  # fmt: skip
    measure = db.execute(
        "SELECT household_id, plan_year, category, status, start_date, end_date FROM measures"
    )
    assert measure.fetchall() == [
        (register["household"].pk, 2021, "公益岗位", "已完成", date(2021, 4, 1), None)
    ]
    placement = db.execute("SELECT member_id, household_id, job_kind, start_date, end_date FROM placements")
    assert placement.fetchall() == [
        (register["member"].pk, register["household"].pk, "公益岗位", date(2021, 4, 1), None)
    ]


def test_the_scope_restricts_the_monitoring_tables(register):
    counts = snapshot_take("441581").counts  # B2's village: one case, no measure, no placement
    assert (counts["monitoring_cases"], counts["measures"], counts["placements"]) == (1, 0, 0)


@pytest.fixture
def committed(transactional_db, divisions):
    register = small_register()
    return register | _monitoring_rows(register)


def test_the_fast_reader_gives_the_cursors_monitoring_tables(committed):
    pytest.importorskip("adbc_driver_sqlite" if connection.vendor == "sqlite" else "adbc_driver_postgresql")
    fast = readers.adbc_reader(connection)
    results = []
    for reader in (fast, readers.DjangoCursor()):
        tables = {}

        def store(name, table, tables=tables):
            tables[name] = table.rename_columns(SCHEMAS[name].names).cast(SCHEMAS[name])

        reader.read(connection, snapshot_queries(None), SCHEMAS, store)
        results.append(tables)
    for name in ("monitoring_cases", "measures", "placements"):
        assert results[0][name].equals(results[1][name]), name
    assert results[0]["monitoring_cases"].num_rows == 2
    assert Placement.objects.count() == 1
