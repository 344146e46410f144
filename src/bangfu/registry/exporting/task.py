"""The register export's queued task (``bangfu worker`` runs it; see ``core.jobs`` and ``background``): JSON
arguments (the job's id, the user's id, the folder as a string, the area's code), and ``register_export``, the
service ``bangfu export`` calls."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django_tasks import task

from bangfu.core.jobs import JobProgress, job_run
from bangfu.registry import contract
from bangfu.registry.exporting.services import register_export

EXPORT_FILE = "register.xlsx"
#: The export's stages (``export:<sheet>``), in the order ``register_export`` writes the sheets.
EXPORT_STEPS = tuple(
    f"export:{sheet.name}"
    for sheet in (contract.VILLAGES, contract.HOUSEHOLDS, contract.MEMBERS, contract.INCOMES,
                  contract.VILLAGE_STATS)
)  # fmt: skip


@task()
def register_export_task(
    *, job_id: int, user_id: int, folder: str, area: str, unmask: bool, name: str
) -> dict:
    """Write the register of ``area`` (``""``: all of it) to ``folder/register.xlsx`` for its user."""

    def work(progress: JobProgress) -> dict:
        progress.plan(EXPORT_STEPS)
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        summary = register_export(
            path=target / EXPORT_FILE,
            scope=area or None,
            unmask=unmask,
            user=get_user_model().objects.filter(pk=user_id).first(),
            progress=lambda sheet, done, total: progress(f"export:{sheet}", done, total, final=done == total),
        )
        return {"folder": target.name, "name": name, "rows": summary.rows}

    return job_run(job_id, work, writes=False)
