"""The programme workbook import takes the actor and records who loaded which file (ProgrammeImport), in the
import's transaction: a dry run, a refused file or a refused actor leave no record and no records."""

import hashlib

import pytest
from django.core.management import CommandError, call_command

from bangfu.core.errors import ApplicationError
from bangfu.programme.models import AssistingUnit, Programme
from bangfu.programme_projects.importing import programme_import
from bangfu.programme_projects.models import ProgrammeImport
from bangfu.projects.models import FundFlow
from tests import factories
from tests.programme.test_import import FILLED, fill, register, template  # noqa: F401  (fixtures)


@pytest.fixture
def workbook(register, template, tmp_path):  # noqa: F811
    return fill(template, tmp_path / "填好.xlsx", FILLED)


def test_the_command_records_the_import_as_done_by_the_user(workbook, capsys):
    admin = factories.account("admin", "admin")
    call_command("programme-import", str(workbook), "--user", "admin")
    record = ProgrammeImport.objects.get()
    assert (record.user, record.username, record.file_name) == (admin, "admin", "填好.xlsx")
    assert record.sha256 == hashlib.sha256(workbook.read_bytes()).hexdigest()
    assert record.programme == Programme.objects.get()
    assert record.summary["created"] is True
    assert record.summary["written"]["fund_flows"] == FundFlow.objects.count() == 3
    assert record.summary["rows"]["资金"] == 3


def test_the_operator_without_user_is_recorded_without_account(workbook):
    result = programme_import(path=workbook, actor=None)
    assert result.ok
    record = ProgrammeImport.objects.get()
    assert (record.user, record.username, record.programme.name) == (None, "", "深圳对口帮扶汕尾")


def test_a_dry_run_and_a_refused_file_record_nothing(register, template, tmp_path):  # noqa: F811
    path = fill(template, tmp_path / "填好.xlsx", FILLED)
    assert programme_import(path=path, actor=None, dry_run=True).ok
    bad = {name: [dict(row) for row in rows] for name, rows in FILLED.items()}
    bad["资金"][1]["金额"] = 5000000.01
    refused = programme_import(path=fill(template, tmp_path / "超拨.xlsx", bad), actor=None)
    assert refused.issues
    assert not ProgrammeImport.objects.exists() and not Programme.objects.exists()


def test_only_an_administrator_may_import(workbook):
    officer = factories.account("haifeng", "officer", divisions=["441521000000"])
    with pytest.raises(ApplicationError):
        programme_import(path=workbook, actor=officer, lang="en")
    with pytest.raises(CommandError):
        call_command("programme-import", str(workbook), "--user", "haifeng")
    assert not AssistingUnit.objects.exists() and not ProgrammeImport.objects.exists()


def test_an_unknown_user_is_refused_before_reading(workbook):
    with pytest.raises(CommandError, match="没有用户名为 nobody 的用户"):
        call_command("programme-import", str(workbook), "--user", "nobody")
    assert not Programme.objects.exists()
