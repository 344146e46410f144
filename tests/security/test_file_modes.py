"""Files Bangfu creates are its owner's only: the database (and -wal/-shm), the secret key, uploads, exports
(mode 600; folders 700). Processes run as users run them: ``bangfu`` in a fresh BANGFU_HOME."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bangfu.accounts.models import Role
from tests import factories
from tests.processes import bangfu
from tests.registry.importing.builders import valid_rows, write_workbook


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def assert_private(root: Path) -> list[Path]:
    """Every file under ``root`` is 600 and every folder 700; the paths checked."""
    checked = []
    for folder, folders, files in os.walk(root):
        for name in folders:
            assert mode(Path(folder, name)) == 0o700, Path(folder, name)
        for name in files:
            assert mode(Path(folder, name)) == 0o600, Path(folder, name)
            checked.append(Path(folder, name))
    return checked


@pytest.mark.slow
def test_a_fresh_home_after_migrate_and_export_is_the_owners_only(tmp_path):
    home = tmp_path / "home"  # does not exist yet: bangfu creates it
    register = write_workbook(tmp_path / "台账.xlsx", valid_rows())
    old = os.umask(0o022)  # a usual login shell's umask: bangfu must not rely on the caller's
    try:
        assert bangfu("migrate", "--verbosity", "0", home=home).returncode == 0
        imported = bangfu("import", str(register), home=home)
        assert imported.returncode == 0, imported.stderr
        export = bangfu("export", str(home / "exports" / "档案.xlsx"), home=home)
    finally:
        os.umask(old)
    assert export.returncode == 0, export.stderr
    assert mode(home) == 0o700
    for name in ("bangfu.sqlite3", "secret_key"):
        assert mode(home / name) == 0o600
    checked = assert_private(home)
    assert home / "exports" / "档案.xlsx" in checked and home / "bangfu.sqlite3" in checked


def test_the_wal_files_of_the_database_are_the_owners_only(tmp_path):
    home = tmp_path / "home"
    code = "from django.db import connection; connection.cursor().execute('CREATE TABLE t (x)')"
    result = bangfu("shell", "--no-imports", "-c", code, home=home)
    assert result.returncode == 0, result.stderr
    wal = [path for path in home.iterdir() if path.name.startswith("bangfu.sqlite3-")]
    for path in wal:
        assert mode(path) == 0o600, path
    assert_private(home)


def test_an_uploaded_register_file_is_the_owners_only(client, divisions, settings, tmp_path):
    settings.BANGFU_JOBS_INLINE = True
    settings.BANGFU_HOME = tmp_path / "home"
    client.force_login(factories.account("boss", Role.ADMINISTRATOR))
    path = write_workbook(tmp_path / "台账.xlsx", valid_rows())
    response = client.post("/register/upload/", {"file": SimpleUploadedFile("台账.xlsx", path.read_bytes())})
    assert response.status_code == 302
    assert assert_private(tmp_path / "home" / "uploads")  # the stored file and the check's findings


def test_a_register_export_from_the_web_is_the_owners_only(client, divisions, settings, tmp_path):
    settings.BANGFU_JOBS_INLINE = True
    settings.BANGFU_HOME = tmp_path / "home"
    factories.household(factories.village("441521101201"), "4415211012010001")
    client.force_login(factories.account("boss", Role.ADMINISTRATOR))
    response = client.post("/register/upload/export/", {"area": ""})
    assert response.status_code == 302
    checked = assert_private(tmp_path / "home" / "exports")
    assert [path.name for path in checked] == ["register.xlsx"]
