"""A generated register, loaded; users with and without the permission to see unmasked personal data."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User

from bangfu.demo.generator import generate_register, scaled_profile
from bangfu.registry import contract
from bangfu.registry.loading import register_load_folder


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A register of 300 households in 13 villages of several counties, as the generator writes it."""
    folder = tmp_path_factory.mktemp("generated") / "register"
    generate_register(scaled_profile(households=300), folder, seed=3)
    return folder


@pytest.fixture
def loaded(divisions, generated: Path) -> Path:
    register_load_folder(generated)
    return generated


@pytest.fixture
def officer(db) -> User:
    """A user allowed to see unmasked ID numbers and phones (core.view_personal_data)."""
    user = User.objects.create_user("officer", password="x")
    user.user_permissions.add(
        Permission.objects.get(codename="view_personal_data", content_type__app_label="core")
    )
    return User.objects.get(pk=user.pk)  # permissions are cached per instance


@pytest.fixture
def clerk(db) -> User:
    """A user without that permission."""
    return User.objects.create_user("clerk", password="x")


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def read_folder(folder: Path) -> dict[str, list[list[str]]]:
    return {
        sheet.name: read_csv(folder / sheet.file_name)
        for sheet in contract.SHEETS
        if (folder / sheet.file_name).exists()
    }
