"""A run's results and findings as the command line writes them (the CLI contract's columns), within an area.

The command line reads the whole register and passes ``Area.everything()``; the pages read through ``runs`` and
``quality``, which recompute counts within the reader's scope.
"""

from __future__ import annotations

from collections.abc import Iterator

from bangfu.assessment.models import AssessmentRun
from bangfu.codes.area import Area
from bangfu.core.personal_data import mask_id_number

CHUNK = 5000

#: Column names of the CLI's outputs (the public contract of issue #3).
HOUSEHOLD_COLUMNS = ("household_code", "result", "criteria", "category")
VILLAGE_COLUMNS = ("village_code", "result", "incidence", "criteria")
FINDING_COLUMNS = ("check", "household_code", "member", "message")


def run_result_rows(run: AssessmentRun, *, area: Area) -> Iterator[tuple]:
    """The run's results in ``area`` in code order: ``HOUSEHOLD_COLUMNS`` or ``VILLAGE_COLUMNS`` (by level)."""
    if run.level == "village":
        results = run.village_results.in_area(area).order_by("village__division__code")
        fields = ("village__division__code", "result", "incidence", "failed_criteria")
    else:
        results = run.household_results.in_area(area).order_by("household__code")
        fields = ("household__code", "result", "failed_criteria", "category")
    return results.values_list(*fields).iterator(chunk_size=CHUNK)


def run_finding_rows(run: AssessmentRun, *, area: Area) -> Iterator[tuple[str, str, str, str]]:
    """The run's quality findings in ``area`` as ``FINDING_COLUMNS``, member ID numbers masked."""
    findings = (
        run.findings.in_area(area)
        .order_by("check_id", "household__code", "member_id", "message")
        .values_list("check_id", "household__code", "member__id_number", "message")
    )
    for check, household_code, id_number, message in findings.iterator(chunk_size=CHUNK):
        yield check, household_code or "", mask_id_number(id_number), message
