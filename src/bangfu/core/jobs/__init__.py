"""Background jobs (后台任务): long work started from a page, queued as a task and run by ``bangfu worker``.

    job = job_start(kind="assessment", user=user, parameters={...}, task=assessment_run_task,
                    arguments={"standard": "gd-2016", "year": 2020, ...})
    state = job_state(job)  # status, stage, done/total, fraction — live while it runs

    @task()                                        # django-tasks: a registered function, JSON arguments
    def assessment_run_task(*, job_id, standard, year, ...):
        return job_run(job_id, lambda progress: {"run_id": assessment_run(..., progress=progress).pk})

Two records, and why:

* **The task** (``django_tasks_db``'s ``DBTaskResult``, Django's Tasks API through the django-tasks backport)
  is the queue: the function's dotted path and its JSON arguments (the job's id, ids, codes, paths as
  strings), stored in the database, run by ``bangfu worker`` (``core.jobs.worker``), visible to
  administrators in the admin (Tasks → Task results; Background jobs). The job keeps the task's path and
  arguments too (``task_path``, ``arguments``): ``job_rerun`` queues them again as a new job, from the job's
  page or the admin's action, even after the queue's records were pruned.
* **The job** (``core.BackgroundJob``, linked by ``task_id``) stays the user-facing record, because it holds
  what the task result has no place for: the user, the user's language, the live stage and counts, the
  one-line message in the user's words, and ``kept``. It is written outside the task's own transaction:
  when the job is queued, starts and ends.

``work(progress)`` does the work through the ordinary services and returns the job's result (a JSON-able
dict, e.g. ``{"run_id": 12}``); ``progress(stage, done, total=None, *, final=False)`` is the callable the
services already take. An ``ApplicationError`` fails the job with its message (one line, in the user's
language); any other exception fails it with a short note and is logged.

* **What was kept** (``BackgroundJob.kept``) is the one place that says which records a job stored. The
  service that stores them calls ``job_keep(run_id=run.pk)`` *inside the same transaction* as the records:
  the row says "kept" exactly when the records are committed, and never otherwise (a rollback, a dry run, a
  cancellation, a crash before the commit take the mark with them). The end-of-job messages say "nothing was
  kept" only when ``kept`` is empty. Outside a job (the CLI) ``job_keep`` does nothing.
* **Live progress** is kept in the worker's memory and written to ``BANGFU_HOME/jobs/<id>.json`` (at most
  once a second), which the web's processes read: on SQLite the job's transaction holds the database's only
  write lock, so no other connection could write progress to the database while it is open. On PostgreSQL
  it is *also* mirrored to the row through a separate connection, so a web process on another host shows it.
* **Cancellation.** The user who started a job (or an administrator) cancels it from its page
  (``job_cancel``): a queued job is dropped (its task deleted); for a running one the web writes
  ``BANGFU_HOME/jobs/<id>.cancel``, the job's progress callback raises ``JobCancelled`` at its next call, the
  service's transaction is rolled back and the job ends "cancelled, nothing of it was kept".
* **Stopped workers.** ``bangfu worker`` stopped with SIGTERM or Ctrl-C raises ``WorkerStopped`` in the
  task: its transaction is rolled back and the job is marked interrupted. A worker killed outright leaves
  its job ``running``; ``jobs_recover`` (called by ``bangfu worker``, ``serve`` and ``demo`` at start-up,
  by any process on its first use of jobs, and by ``job_get`` for a running job) marks it ``interrupted``,
  saying whether its results were stored. A job belongs to the process named in ``worker`` (host, pid, boot
  id): only jobs of this host whose process is gone, or of an earlier boot of this very process id, are
  marked. Queued jobs stay queued across restarts: the next worker runs them.
* **One writer at a time.** Jobs that write (imports, checks, assessments) wait for each other within a
  process and, on SQLite, across processes (a file lock, ``BANGFU_HOME/jobs-writer.lock``): two of them never
  queue on SQLite's write lock. ``bangfu serve`` starts one worker, so tasks run one after the other.

Tests run tasks in the calling process when ``settings.BANGFU_JOBS_INLINE`` is true (the "inline" task
backend, django-tasks' ImmediateBackend).
"""

from __future__ import annotations

import os  # noqa: F401 — tests name ``jobs.os.getpid()``

from bangfu.core.jobs.progress import JobCancelled, JobProgress, WorkerStopped
from bangfu.core.jobs.reading import job_get, job_state, job_wait, jobs_of, jobs_recover, worker_gone
from bangfu.core.jobs.rerun import job_rerun, job_rerun_allowed
from bangfu.core.jobs.running import job_cancel, job_keep, job_run, job_start, one_line, one_writer
from bangfu.core.jobs.state import HOST, JobState, Live, Status, live_get, worker_id

__all__ = [
    "HOST",
    "JobCancelled",
    "JobProgress",
    "JobState",
    "Live",
    "Status",
    "WorkerStopped",
    "job_cancel",
    "job_get",
    "job_keep",
    "job_rerun",
    "job_rerun_allowed",
    "job_run",
    "job_start",
    "job_state",
    "job_wait",
    "jobs_of",
    "jobs_recover",
    "live_get",
    "one_line",
    "one_writer",
    "worker_gone",
    "worker_id",
]
