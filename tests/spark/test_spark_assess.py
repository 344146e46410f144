"""``--engine spark`` stores what the DuckDB engine stores; the stand-alone job's results import as a run."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from argparse import Namespace

import pytest
from django.core.management import CommandError, call_command

from bangfu.assessment.models import AssessmentRun, HouseholdResult, QualityFinding, VillageResult
from bangfu.spark_job import run_job
from tests.assessment.registers import small_register

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def register(divisions):
    return small_register()


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _stored(run: AssessmentRun) -> list[tuple]:
    if run.standard_kind == "quality":
        rows = QualityFinding.objects.filter(run=run).values_list(
            "check_id", "household_id", "member_id", "message"
        )
    elif run.level == "village":
        rows = VillageResult.objects.filter(run=run).values_list(
            "village_id", "result", "incidence", "failed_criteria", "detail"
        )
    else:
        rows = HouseholdResult.objects.filter(run=run).values_list(
            "household_id", "result", "failed_criteria", "category", "detail"
        )
    return sorted(
        (
            tuple(json.loads(v) if isinstance(v, str) and v.startswith("{") else v for v in row)
            for row in rows
        ),
        key=repr,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["assess", "--standard", "gd-2016", "--year", "2020"],
        ["assess", "--standard", "cn-2020", "--year", "2020", "--level", "village"],
        ["assess", "--standard", "monitoring", "--year", "2021", "--scope", "441521"],
        ["quality", "--as-of", "2021-12-31"],
    ],
)
def test_spark_stores_and_prints_what_duckdb_does(spark, register, tmp_path, args):
    if args[0] == "quality":
        args = [*args, "--out", str(tmp_path / "duck.csv")]
    printed, _ = _run(*args)
    duck = AssessmentRun.objects.latest("pk")
    spark_args = [*args[:-1], str(tmp_path / "spark.csv")] if args[0] == "quality" else args
    spark_printed, said = _run(*spark_args, "--engine", "spark")
    run = AssessmentRun.objects.latest("pk")
    assert run.pk != duck.pk and run.timings["engine"] == "spark" and duck.timings["engine"] == "duckdb"
    assert run.snapshot_counts == duck.snapshot_counts and run.result_counts == duck.result_counts
    assert _stored(run) == _stored(duck) and _stored(run)
    if args[0] == "quality":
        assert (tmp_path / "spark.csv").read_text() == (tmp_path / "duck.csv").read_text()
    else:
        assert spark_printed == printed
    assert f"编号 {run.pk}" in said


def test_the_job_writes_results_that_import_as_the_duckdb_run(spark, register, tmp_path):
    _run("snapshot", str(tmp_path / "snap"))
    _run("assess", "--standard", "gd-2016", "--year", "2020")
    duck = AssessmentRun.objects.latest("pk")
    args = Namespace(
        standard="gd-2016", snapshot=tmp_path / "snap", out=tmp_path / "results", year=2020,
        level="household", scope=None, as_of=None, spark_master=None,
    )  # fmt: skip
    manifest = run_job(args, spark=spark)
    assert manifest["rows"] == 4 and manifest["content_hash"] == duck.content_hash
    _, said = _run("results-import", str(tmp_path / "results"))
    run = AssessmentRun.objects.latest("pk")
    assert "已载入 gd-2016" in said and run.timings["engine"] == "spark"
    assert (run.standard, run.year, run.level, run.result_counts) == (
        duck.standard, duck.year, duck.level, duck.result_counts,
    )  # fmt: skip
    assert _stored(run) == _stored(duck)
    rows_file = next((tmp_path / "results" / "rows").glob("*.parquet"))
    rows_file.write_bytes(rows_file.read_bytes()[:-10])
    with pytest.raises(CommandError, match="校验和与清单不符"):
        _run("results-import", str(tmp_path / "results"))
    assert AssessmentRun.objects.count() == 2


def test_spark_master_needs_the_spark_engine(register):
    with pytest.raises(CommandError, match="--spark-master"):
        _run("assess", "--standard", "gd-2016", "--year", "2020", "--spark-master", "local[1]")


def test_the_job_needs_no_django_settings_and_no_database():
    """The job's imports never configure Django (bangfu.registry.choices's code lists import django.db's
    TextChoices, so the package must be installed, but no settings, apps or database are involved)."""
    code = (
        "import os, sys; os.environ.pop('DJANGO_SETTINGS_MODULE', None); import bangfu.spark_job;"
        "from django.conf import settings; from django.apps import apps;"
        "print(settings.configured, apps.ready, 'bangfu.config.settings' in sys.modules, 'psycopg' in sys.modules)"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.split() == ["False", "False", "False", "False"]
