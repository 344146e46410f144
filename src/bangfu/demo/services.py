"""Setting up the demo: the Shanwei register and an administrator account."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef

from bangfu.core.errors import ApplicationError
from bangfu.registry.loading import LoadSummary, register_load_folder
from bangfu.registry.models import Household, IncomeRecord, LivingConditions, Member, Village, VillageYearStat

DEMO_ADMIN = "admin"


def demo_register_present() -> bool:
    return Village.objects.exists() or Household.objects.exists()


@transaction.atomic
def demo_register_clear() -> None:
    """Remove every register and programme record and their history (``bangfu demo --reset``); divisions stay.

    The demo is thrown away whole, so its deletion is not itself recorded as history (one history row per
    deleted record made a reset take a minute).
    """
    from django.test.utils import override_settings

    from bangfu.assessment.models import AssessmentRun
    from bangfu.demo.generator.monitoring import monitoring_records_clear
    from bangfu.demo.generator.programme.load import programme_records_clear
    from bangfu.regions.models import Division, Level

    AssessmentRun.objects.all().delete()  # the demo's runs (their results refer to households)
    monitoring_records_clear()  # cases, leads and alerts refer to households
    programme_records_clear()  # they refer to villages and households
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        Household.objects.all().delete()
        Village.objects.all().delete()
        Division.objects.filter(level=Level.VILLAGE).delete()
        Division.objects.filter(level=Level.TOWN).delete()
    for model in (Village, VillageYearStat, Household, LivingConditions, Member, IncomeRecord):
        model.history.all().delete()


def demo_register_load(
    *, folder: Path, seed: int, progress: Callable[[str, int, int | None], None]
) -> tuple[object, LoadSummary]:
    """Generate the Shanwei demo register into ``folder`` and load it."""
    from bangfu.demo.generator import generate_register, shanwei_profile

    if folder.exists():
        shutil.rmtree(folder)
    generated = generate_register(
        shanwei_profile(), folder, seed=seed, progress=lambda done, total: progress("生成档案", done, total)
    )
    loaded = register_load_folder(folder, progress=lambda stage, done: progress(f"载入{stage}", done, None))
    return generated, loaded


def demo_programme_present() -> bool:
    from bangfu.demo.generator.programme.load import programme_present

    return programme_present()


def demo_programme_load(*, seed: int, progress: Callable[[str, int, int | None], None]) -> dict[str, int]:
    """Generate the programme records of the demo (R8–R21) and its employment and consumption records (R23)
    over the loaded register and bulk-load them."""
    from bangfu.demo.generator.programme import (
        generate_programme,
        programme_profile,
        register_view_from_database,
    )
    from bangfu.demo.generator.programme.load import ENTITY_LABELS, programme_records_load
    from bangfu.demo.generator.programme.markets import labour_members_from_database

    register = register_view_from_database()
    markets = labour_members_from_database([village.code for village in register.poor_villages])
    records = generate_programme(programme_profile(), register, seed=seed, markets=markets)
    counts = programme_records_load(
        records, progress=lambda entity, done: progress(f"载入{ENTITY_LABELS[entity]}", done, None)
    )
    return counts | demo_monitoring_load(seed=seed, progress=progress)


def demo_monitoring_load(*, seed: int, progress: Callable[[str, int, int | None], None]) -> dict[str, int]:
    """The demo's monitoring cases of 2021–2023 (after the programme: measures go into household plans)."""
    from bangfu.demo.generator.monitoring import generate_cases, monitoring_records_load, open_leads
    from bangfu.monitoring.elimination import NO_LABOUR
    from bangfu.registry.choices import REGISTERED_POOR_ATTRIBUTES

    progress("生成监测对象", 0, None)
    # 风险消除 needs labour (monitoring.elimination): a household without it is never marked eliminated.
    labour = Exists(
        Member.objects.filter(household=OuterRef("pk")).exclude(labour_ability__in=NO_LABOUR).values("pk")
    )
    households = [
        (code, attribute in REGISTERED_POOR_ATTRIBUTES and exit_year is not None, has_labour)
        for code, attribute, exit_year, has_labour in Household.objects.order_by("code")
        .annotate(has_labour=labour)
        .values_list("code", "attribute", "exit_year", "has_labour")
    ]
    cases = generate_cases(households, seed=seed)
    counts = monitoring_records_load(cases, open_leads([c for c, _e, _l in households], cases, seed=seed))
    return {f"monitoring_{name}": n for name, n in counts.items()}


def demo_assessments_present() -> bool:
    from bangfu.assessment.models import AssessmentRun

    return AssessmentRun.objects.exists()


#: The assessment runs ``bangfu demo`` stores, through the assessment service (the same runs a user starts):
#: (standard, level, years). Exit standards for the programme years, monitoring for the years after.
DEMO_RUNS = (
    ("gd-2016", "household", range(2016, 2021)),
    ("gd-2016", "village", range(2016, 2021)),
    ("cn-2020", "household", range(2016, 2021)),
    ("monitoring", "household", range(2021, 2024)),
)
#: The date the demo register describes (its snapshot, shanwei.toml): the quality checks count ages on it.
DEMO_AS_OF = "2021-12-31"


def demo_assessments_run(*, progress: Callable[[str, int, int | None], None]) -> tuple[list, list[str]]:
    """Store the demo's assessment runs (``DEMO_RUNS``) and a data-quality run, so that every chart and
    household page has results. Returns (runs, skipped): a run the standard cannot make (a year without
    its parameters, e.g. a monitoring line not yet in the standard file) is skipped with its reason."""
    import datetime

    from bangfu.assessment.services import assessment_run, quality_check_run

    planned = [(standard, level, year) for standard, level, years in DEMO_RUNS for year in years]
    runs, skipped = [], []
    total = len(planned) + 1
    for done, (standard, level, year) in enumerate(planned):
        progress("评估", done, total)
        try:
            runs.append(assessment_run(standard_id=standard, year=year, level=level))
        except ApplicationError as error:
            skipped.append(f"{standard} {year} {level}: {error}")
    progress("评估", len(planned), total)
    runs.append(quality_check_run(as_of=datetime.date.fromisoformat(DEMO_AS_OF)))
    progress("评估", total, total)
    return runs, skipped


def demo_users_ensure() -> str | None:
    """Create the demo accounts; returns their password when they were created (or reset from the env).

    ``admin`` administers everything; ``haifeng`` and ``luhe`` are officers of 海丰县 and 陆河县 (they may
    unmask personal data); ``cadre`` serves the first demonstration village and may not unmask. All share
    the password from ``BANGFU_DEMO_PASSWORD``, or one generated the first time.
    """
    from bangfu.accounts.models import Role
    from bangfu.accounts.services import user_create_or_update

    password = os.environ.get("BANGFU_DEMO_PASSWORD")
    existing = set(
        get_user_model().objects.filter(username__in=DEMO_USERS).values_list("username", flat=True)
    )
    keep = existing == set(DEMO_USERS) and not password  # keep passwords in use; scopes are refreshed
    password = None if keep else password or secrets.token_urlsafe(9)
    village = Village.objects.filter(is_demonstration=True).order_by("division__code").first()
    accounts = {
        DEMO_ADMIN: {"role": Role.ADMINISTRATOR, "may_view_personal_data": True},
        "haifeng": {"role": Role.OFFICER, "division_codes": ["441521000000"], "may_view_personal_data": True},
        "luhe": {"role": Role.OFFICER, "division_codes": ["441523000000"], "may_view_personal_data": True},
        "cadre": {
            "role": Role.CADRE,
            "villages": [village] if village else [],
            "cadre": _first_secretary(village),
        },
    }
    for username, options in accounts.items():
        if username == "cadre" and village is None:
            continue  # no register loaded: nothing to serve yet
        user_create_or_update(username=username, password=password, **options)
    return password


DEMO_USERS = (DEMO_ADMIN, "haifeng", "luhe", "cadre")


def _first_secretary(village):
    """The demo cadre account is the village's latest first secretary (第一书记), when the programme has one."""
    from bangfu.programme.choices import CadreRole
    from bangfu.programme.models import CadreAssignment

    if village is None:
        return None
    posted = CadreAssignment.objects.filter(village=village, role=CadreRole.FIRST_SECRETARY)
    latest = posted.select_related("cadre").order_by("-start_date").first()
    return latest.cadre if latest else None
