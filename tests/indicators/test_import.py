"""A register import refreshes the figures in its transaction; a dry run does not."""

from __future__ import annotations

from bangfu.demo.generator import generate_register, scaled_profile
from bangfu.indicators.models import FiguresRefresh
from bangfu.registry.importing.apply import register_import_apply
from bangfu.registry.importing.formats import open_source
from bangfu.registry.importing.typed import validated_rows
from bangfu.registry.importing.validate import register_validate
from tests.indicators.expected import expected_figures, stored_figures


def _import(folder, **options):
    with open_source(folder) as source:
        assert register_validate(source).ok
        return register_import_apply(validated_rows(source), file_name=folder.name, **options)


def test_import_refreshes_the_figures_and_a_dry_run_does_not(divisions, tmp_path):
    folder = tmp_path / "register"
    generate_register(scaled_profile(households=300), folder, seed=5)
    _import(folder, dry_run=True)
    assert not FiguresRefresh.objects.exists()
    summary = _import(folder)
    refresh = FiguresRefresh.objects.get()
    assert refresh.reason.endswith(f"#{summary.import_id}")
    expected, expected_bands = expected_figures()
    assert stored_figures() == (expected, expected_bands)
    assert sum(row["households_registered"] for row in expected.values()) > 0


def test_load_refreshes_the_figures(divisions, tmp_path):
    from bangfu.registry.loading import register_load_folder

    folder = tmp_path / "register"
    generate_register(scaled_profile(households=200), folder, seed=7)
    register_load_folder(folder)
    assert FiguresRefresh.objects.get().reason.startswith("载入档案")
    assert stored_figures() == expected_figures()
