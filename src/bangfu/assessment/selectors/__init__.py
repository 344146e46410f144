"""The assessments' reads (评估结果), scoped: every function takes the reader's ``Scope`` or an ``Area``.

One read package per app, named ``selectors`` as the project's code shape names reads (docs/architecture.md):
the pages' scoped ``browsing`` module and the command line's unscoped ``selectors`` module were merged here, so
no read of assessments is importable that a view could call without an area. The command line reads the whole
register and passes ``Area.everything()`` (or ``Area.within`` its ``--scope``) explicitly.

- ``runs``: the runs a reader sees, their counts, breakdown by area and results within the reader's scope;
- ``quality``: a quality run's findings within scope (ID numbers masked);
- ``outputs``: a run's results and findings as the command line writes them (the CLI contract's columns);
- ``explanation``: why one household passed or failed a standard (``bangfu explain``);
- ``mpi``: the multidimensional poverty index over everything or one division (``bangfu mpi``).

A run is visible when it covers part of the reader's area; every count and row is recomputed within the
reader's scope, whatever the run covered.
"""

from bangfu.assessment.selectors.explanation import CriterionVerdict, Explanation, household_explanation
from bangfu.assessment.selectors.mpi import MpiReport, mpi_report
from bangfu.assessment.selectors.outputs import (
    FINDING_COLUMNS,
    HOUSEHOLD_COLUMNS,
    VILLAGE_COLUMNS,
    run_finding_rows,
    run_result_rows,
)
from bangfu.assessment.selectors.quality import FindingRow, finding_rows, quality_findings, quality_villages
from bangfu.assessment.selectors.runs import (
    AreaRow,
    area_names,
    area_trail,
    run_breakdown,
    run_counts,
    run_get,
    run_household_results,
    run_households,
    run_scope_choices,
    run_villages,
    runs,
    scoped_results,
)

__all__ = [
    "FINDING_COLUMNS",
    "HOUSEHOLD_COLUMNS",
    "VILLAGE_COLUMNS",
    "AreaRow",
    "CriterionVerdict",
    "Explanation",
    "FindingRow",
    "MpiReport",
    "area_names",
    "area_trail",
    "finding_rows",
    "household_explanation",
    "mpi_report",
    "quality_findings",
    "quality_villages",
    "run_breakdown",
    "run_counts",
    "run_finding_rows",
    "run_get",
    "run_household_results",
    "run_households",
    "run_result_rows",
    "run_scope_choices",
    "run_villages",
    "runs",
    "scoped_results",
]
