"""The results report and the dashboard figures read dated facts as of 31 December of their year (issue 14).

A user's complaint: "I corrected a household's status in 2021 and the 2020 report changed." A register file
dates its rows (核实日期, docs/contracts.md); the import keeps every version. A correction verified in 2021 (the
household was wrongly identified, its head can no longer work) must change no figure of 2020, and must show in
2021: the figures read the version of each household and member in force on 31 December of the year, as the
engine's snapshot does (``registry.dated``).
"""

from __future__ import annotations

import pytest

from bangfu.indicators.models import VillageIncomeBand, VillageYearFigure
from bangfu.indicators.services import figures_refresh
from bangfu.registry import contract
from bangfu.registry.importing.apply import register_import_apply
from bangfu.registry.importing.formats import open_source
from bangfu.registry.importing.typed import validated_rows
from bangfu.registry.importing.validate import register_validate
from bangfu.reports.results import results_report
from tests.registry.importing.builders import H1, HEAD_1, WIFE_1, valid_rows, write_folder

HEADERS = {
    "户": [*contract.HOUSEHOLDS.headers, "核实日期"],
    "成员": [*contract.MEMBERS.headers, "核实日期"],
}
REPORT_FIGURES = (
    "poor_households",
    "poor_households_exit_rate",
    "households_lifted",
    "people_lifted",
    "labour_household_income_per_capita",
    "labour_household_income_before",
)


def imported(folder, *, on: str, corrected: bool) -> None:
    rows = valid_rows()
    rows["收入"].append(
        dict(zip(contract.INCOMES.headers, [H1, "2021", "21000", "0", "0", "0", "0", ""], strict=True))
    )
    if corrected:  # 2021 review: 错评 (an ordinary household), and its head and wife can no longer work
        household = next(row for row in rows["户"] if row["户编号"] == H1)
        household.update({"贫困户属性": "一般农户", "识别年度": "", "脱贫年度": ""})
        for member in rows["成员"]:
            if member["证件号码"] in (HEAD_1, WIFE_1):
                member["劳动技能"] = "丧失劳动力"
    for sheet in ("户", "成员"):
        for row in rows[sheet]:
            row["核实日期"] = on
    with open_source(write_folder(folder, rows, headers=HEADERS)) as source:
        report = register_validate(source)
        assert report.ok, report.errors[:5]
        register_import_apply(validated_rows(source), file_name=folder.name)


def figures(year: int) -> dict:
    report = results_report(year=year)
    figures_refresh(reason="test")
    dashboard = list(
        VillageYearFigure.objects.filter(year__lte=year)
        .order_by("village_id", "year")
        .values_list(
            "year",
            "households_registered",
            "people_registered",
            "households_exited",
            "people_exited",
            "people_remaining",
            "income_households",
            "income_people",
            "income_net",
        )
    )
    bands = list(
        VillageIncomeBand.objects.filter(year__lte=year)
        .order_by("village_id", "year", "band")
        .values_list("year", "band", "households", "people")
    )
    return {"report": {key: report[key] for key in REPORT_FIGURES}, "dashboard": dashboard, "bands": bands}


@pytest.fixture
def verified_2020(divisions, tmp_path):
    imported(tmp_path / "2020", on="2020-06-30", corrected=False)
    return tmp_path


def test_a_status_corrected_in_2021_changes_no_2020_figure(verified_2020):
    before = {year: figures(year) for year in (2019, 2020)}
    assert before[2020]["report"]["poor_households"] == 1
    assert before[2020]["report"]["people_lifted"] == 3
    assert before[2020]["report"]["labour_household_income_per_capita"] == round(
        (20000 + 3000 + 100 + 1200 - 1000) / 3
    )
    imported(verified_2020 / "2021", on="2021-03-01", corrected=True)
    for year in (2019, 2020):
        assert figures(year) == before[year], year


def test_the_correction_shows_from_its_date_on(verified_2020):
    imported(verified_2020 / "2021", on="2021-03-01", corrected=True)
    report = results_report(year=2021)
    assert (report["poor_households"], report["households_lifted"], report["people_lifted"]) == (0, 0, 0)
    figures_refresh(reason="test")
    rows = VillageYearFigure.objects.filter(year=2021, households_registered__gt=0)
    assert not rows.exists()
    assert VillageYearFigure.objects.filter(year=2020, households_registered=1, people_exited=3).exists()


def test_labour_is_read_as_of_the_year(verified_2020):
    """Households with labour (R6, R7) are those with labour on 31 December of the report's year: a head who
    could no longer work from 2021 still makes the 2020 household one with labour."""
    imported(verified_2020 / "2021", on="2021-03-01", corrected=True)
    assert results_report(year=2020)["labour_household_income_per_capita"] is not None


def test_registered_poor_trainees_read_the_household_status_of_the_year(verified_2020):
    """R23's registered poor trainees: the trainee's household as a registered poor household on 31 December of
    the report's year, so the 2021 correction (错评) leaves 2020's count alone and shows in 2021."""
    from datetime import date

    from bangfu.markets.models import Trainee, TrainingCourse
    from bangfu.regions.models import Division
    from bangfu.registry.models import Member

    course = TrainingCourse.objects.create(
        code="C1", name="粤菜师傅", brand="粤菜师傅", division=Division.objects.get(code="441521101201"),
        start_date=date(2020, 5, 1),
    )  # fmt: skip
    Trainee.objects.create(course=course, member=Member.objects.get(id_number=HEAD_1))
    imported(verified_2020 / "2021", on="2021-03-01", corrected=True)
    assert results_report(year=2020)["trainees_registered_poor"] == 1
    assert results_report(year=2021)["trainees_registered_poor"] == 0
