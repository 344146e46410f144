"""Assessment runs: snapshot → DuckDB → results written back whole, or nothing at all."""

import pytest

from bangfu.assessment import services
from bangfu.assessment.models import AssessmentRun, HouseholdResult, QualityFinding, VillageResult
from bangfu.assessment.services import assessment_run, quality_check_run
from bangfu.core.errors import ApplicationError

pytestmark = pytest.mark.usefixtures("fakes")


def household_results(run) -> dict[str, tuple]:
    rows = HouseholdResult.objects.filter(run=run).values_list(
        "household__code", "result", "failed_criteria", "category", "detail"
    )
    return {code: (result, failed, category, detail) for code, result, failed, category, detail in rows}


def test_a_household_run_stores_every_listed_household_with_its_reasons(register):
    run = assessment_run(standard_id="fake-exit", year=2020)
    results = household_results(run)
    assert sorted(results) == ["4415211012010001", "4415211012010002", "4415211012010003", "4415811022030002"]
    assert results["4415211012010001"][:3] == ("pass", "", "")
    assert results["4415211012010002"][:3] == ("fail", "income;water", "")
    assert results["4415211012010003"][:3] == ("fail", "income", "")
    detail = results["4415211012010002"][3]
    assert detail["criteria"]["income"] == {"passed": False, "values": {"per_capita_net_income": 5000.0}}
    assert detail["parameters"] == {"line": 7365}


def test_the_run_records_what_was_run_on_what(register):
    run = assessment_run(standard_id="fake-exit", year=2020)
    run.refresh_from_db()
    assert (run.standard, run.standard_kind, run.content_hash, run.year, run.level, run.scope) == (
        "fake-exit",
        "household_exit",
        "f" * 64,
        2020,
        "household",
        "",
    )
    assert run.status == "succeeded" and run.started_at <= run.finished_at
    assert run.result_counts == {"fail": 2, "pass": 2}
    assert run.snapshot_counts == {
        "villages": 2,
        "village_stats": 0,
        "households": 5,
        "members": 12,
        "incomes": 5,
        "monitoring_cases": 0,
        "measures": 0,
        "placements": 0,
        "department_alerts": 0,
    }
    assert set(run.timings) == {"engine", "reader", "compile", "snapshot", "evaluate", "write"}
    assert run.timings["engine"] == "duckdb"


def test_the_same_register_and_standard_give_the_same_results(register):
    first = assessment_run(standard_id="fake-exit", year=2020)
    second = assessment_run(standard_id="fake-exit", year=2020)
    assert first.pk != second.pk
    assert household_results(first) == household_results(second)
    assert first.result_counts == second.result_counts


def test_scope_restricts_the_run(register):
    run = assessment_run(standard_id="fake-exit", year=2020, scope="441581")
    assert list(household_results(run)) == ["4415811022030002"]
    assert run.scope == "441581" and run.snapshot_counts["households"] == 2


def test_a_village_run_stores_incidence_as_a_fraction(register):
    run = assessment_run(standard_id="fake-exit", year=2020, level="village")
    (result,) = VillageResult.objects.filter(run=run)
    # A2 (2 people) and A3 (4 people) fail: 6 of village A's 100 registered people.
    assert (result.village.division.code, result.result, result.incidence) == ("441521101201", "fail", 0.06)
    assert result.failed_criteria == "incidence" and result.detail == {"poor_people": 6}


def test_monitoring_lists_every_household_with_its_category(register):
    run = assessment_run(standard_id="fake-monitoring", year=2021)
    results = household_results(run)
    assert len(results) == 5  # ordinary households too
    assert {code: row[:3] for code, row in results.items() if row[0] == "flag"}["4415811022030001"] == (
        "flag",
        "income",
        "near_poor",
    )
    assert run.result_counts == {"flag": 5, "near_poor": 5}  # nobody has a 2021 income record


def test_quality_findings_point_at_households_and_members(register):
    run = quality_check_run(standard_id="fake-quality")
    findings = list(QualityFinding.objects.filter(run=run).order_by("check_id"))
    assert [(f.check_id, f.household.code) for f in findings] == [
        ("both_medical", "4415211012010003"),
        ("unsafe_water", "4415211012010002"),
    ]
    assert findings[0].member == register["both_schemes"] and findings[1].member is None
    assert run.result_counts == {"both_medical": 1, "unsafe_water": 1} and run.year is None
    assert run.as_of is not None


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"standard_id": "no-such", "year": 2020}, "没有编号为 no-such 的标准"),
        ({"standard_id": "fake-exit", "year": 2015}, "没有 2015 年的参数"),
        ({"standard_id": "fake-exit", "year": 2020, "scope": "44x"}, "范围"),
        ({"standard_id": "fake-exit", "year": 2020, "scope": "4499"}, "没有以它开头"),
        ({"standard_id": "fake-monitoring", "year": 2021, "level": "village"}, "不能做 village 级评估"),
        ({"standard_id": "fake-quality", "year": 2020}, "bangfu quality"),
    ],
)
def test_users_mistakes_are_application_errors_and_store_nothing(register, arguments, message):
    with pytest.raises(ApplicationError, match=message):
        assessment_run(**arguments)
    assert not AssessmentRun.objects.exists()


def test_a_standard_whose_sql_fails_is_an_application_error(register, monkeypatch):
    from tests.assessment import fake_standards

    broken = fake_standards.FakeExit(id="broken")
    monkeypatch.setattr(
        type(broken), "household_query", lambda self, *a, **k: fake_standards.Query("SELECT 1")
    )
    monkeypatch.setitem(fake_standards.STANDARDS, "broken", broken)
    with pytest.raises(ApplicationError, match="标准 broken 的查询无法执行"):
        assessment_run(standard_id="broken", year=2020)
    assert not AssessmentRun.objects.exists()


def failing_bulk_insert(error: BaseException, after: int = 2):
    """bulk_insert that writes ``after`` rows for real, then fails (the write breaks midway)."""
    real = services.bulk_insert
    written = []

    def insert(model, fields, rows, progress=None):
        rows = iter(rows)
        written.append(real(model, fields, [next(rows) for _ in range(after)]))
        raise error

    return insert, written


@pytest.mark.parametrize("error", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_a_run_that_fails_while_writing_leaves_nothing(register, monkeypatch, error):
    insert, written = failing_bulk_insert(error)
    monkeypatch.setattr(services, "bulk_insert", insert)
    with pytest.raises(type(error)):
        assessment_run(standard_id="fake-exit", year=2020)
    assert written == [2]  # rows were written before the failure …
    assert not AssessmentRun.objects.exists()  # … and rolled back with the run
    assert not HouseholdResult.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_failed_run_leaves_nothing_in_the_database_either(divisions, fakes, monkeypatch):
    """The same with real commits (no test transaction around it): the run's own transaction rolls back."""
    from tests.assessment.registers import small_register

    small_register()
    real = services.bulk_insert
    insert, written = failing_bulk_insert(RuntimeError("disk full"))
    monkeypatch.setattr(services, "bulk_insert", insert)
    with pytest.raises(RuntimeError):
        assessment_run(standard_id="fake-exit", year=2020)
    assert written == [2]
    assert not AssessmentRun.objects.exists() and not HouseholdResult.objects.exists()
    monkeypatch.setattr(services, "bulk_insert", real)
    run = assessment_run(standard_id="fake-exit", year=2020)
    assert HouseholdResult.objects.filter(run=run).count() == 4


def test_a_standard_that_gives_an_unknown_verdict_stores_nothing(register, monkeypatch):
    from tests.assessment import fake_standards

    odd = fake_standards.FakeExit(id="odd")
    sql = "SELECT household_id, household_code, 'maybe' AS result, '' AS failed, NULL AS category, '{}' AS detail"
    monkeypatch.setattr(
        type(odd), "household_query", lambda self, *a, **k: fake_standards.Query(f"{sql} FROM households")
    )
    monkeypatch.setitem(fake_standards.STANDARDS, "odd", odd)
    with pytest.raises(ApplicationError, match="未知的结论 maybe"):
        assessment_run(standard_id="odd", year=2020)
    assert not AssessmentRun.objects.exists()
