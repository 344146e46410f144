"""Setting up the demo: the Shanwei register and an administrator account."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from bangfu.regions.services import divisions_load_shipped
from bangfu.registry.loading import LoadSummary, register_load_folder
from bangfu.registry.models import Household, IncomeRecord, LivingConditions, Member, Village, VillageYearStat

DEMO_ADMIN = "admin"


def demo_register_present() -> bool:
    return Village.objects.exists() or Household.objects.exists()


@transaction.atomic
def demo_register_clear() -> None:
    """Remove every register record and its change history (for ``bangfu demo --reset``); divisions stay.

    The demo is thrown away whole, so its deletion is not itself recorded as history (one history row per
    deleted record made a reset take a minute).
    """
    from django.test.utils import override_settings

    from bangfu.regions.models import Division, Level

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

    divisions_load_shipped()
    if folder.exists():
        shutil.rmtree(folder)
    generated = generate_register(
        shanwei_profile(), folder, seed=seed, progress=lambda done, total: progress("生成档案", done, total)
    )
    loaded = register_load_folder(folder, progress=lambda stage, done: progress(f"载入{stage}", done, None))
    return generated, loaded


def demo_admin_ensure() -> str | None:
    """Create the demo administrator; returns its password when it was created (or reset from the env)."""
    password = os.environ.get("BANGFU_DEMO_PASSWORD")
    users = get_user_model().objects
    admin = users.filter(username=DEMO_ADMIN).first()
    if admin and not password:
        return None
    password = password or secrets.token_urlsafe(9)
    if admin is None:
        users.create_superuser(DEMO_ADMIN, email="", password=password)
    else:
        admin.set_password(password)
        admin.save(update_fields=["password"])
    return password
