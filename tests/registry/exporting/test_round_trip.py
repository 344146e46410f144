"""Export → load or import → export gives the same bytes: the export writes exactly what the contract reads."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from bangfu.regions.models import Division, Level
from bangfu.registry import contract
from bangfu.registry.exporting import register_export
from bangfu.registry.loading import register_load_folder
from bangfu.registry.models import Household, IncomeRecord, LivingConditions, Member, Village, VillageYearStat


def empty_the_register() -> None:
    """The database as before any register was loaded: shipped divisions only."""
    for model in (IncomeRecord, Member, LivingConditions, Household, VillageYearStat, Village):
        model.objects.all().delete()
    Division.objects.filter(level=Level.VILLAGE).delete()
    Division.objects.filter(level=Level.TOWN).delete()


@pytest.mark.parametrize("target", ["folder", "register.zip"])
def test_export_load_export_gives_identical_files(loaded, officer, tmp_path, target):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    register_export(
        path=first / "register", fmt="csv", unmask=True, user=officer
    )  # a folder the loader reads
    if target != "folder":
        register_export(path=first / target, fmt="csv", unmask=True, user=officer)
    empty_the_register()
    assert not Village.objects.exists()
    summary = register_load_folder(first / "register")
    assert summary.households == 300
    register_export(path=second / "register", fmt="csv", unmask=True, user=officer)
    if target != "folder":
        register_export(path=second / target, fmt="csv", unmask=True, user=officer)
        assert (first / target).read_bytes() == (second / target).read_bytes()
    for sheet in contract.SHEETS:
        name = sheet.file_name
        assert (first / "register" / name).read_bytes() == (second / "register" / name).read_bytes(), name


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_import_export_gives_identical_files(loaded, officer, tmp_path, fmt):
    """Through the import (`bangfu import`), from the workbook or the zip the export wrote."""
    exported = tmp_path / ("register.xlsx" if fmt == "xlsx" else "register.zip")
    register_export(path=exported, fmt=fmt, unmask=True, user=officer)
    register_export(path=tmp_path / "first", fmt="csv", unmask=True, user=officer)
    empty_the_register()
    call_command("import", str(exported))
    assert Household.objects.count() == 300
    register_export(path=tmp_path / "second", fmt="csv", unmask=True, user=officer)
    for sheet in contract.SHEETS:
        name = sheet.file_name
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes(), name
    call_command("import", str(exported))  # and importing it again changes nothing
    register_export(path=tmp_path / "third", fmt="csv", unmask=True, user=officer)
    for sheet in contract.SHEETS:
        name = sheet.file_name
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "third" / name).read_bytes(), name
