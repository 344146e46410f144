"""Neutral exports (docs/export.md, "Text that looks like a formula"): text a spreadsheet would run — starting
with ``=``, ``+``, ``-``, ``@``, tab or CR — is inert in every export, numbers stay numbers, and an export read
back by the import gives the original values.

Before the fix, ``/villages/export.xlsx`` wrote ``=HYPERLINK(…)`` as a live formula cell and the CSV exports
wrote every such text as it was.
"""

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from bangfu.accounts.models import Role
from bangfu.assessment.output import write_rows
from bangfu.core.spreadsheet import FORMULA_STARTS, csv_text, csv_unquote
from bangfu.regions.models import Division, Level
from bangfu.registry.importing.issues import ImportIssue
from bangfu.registry.importing.report import report_write
from bangfu.registry.models import Household, Member
from tests import factories
from tests.web.test_households import build_register, build_users

pytestmark = pytest.mark.django_db

#: Each fits the register's shortest free-text field (民族, 20 characters), which PostgreSQL enforces.
HOSTILE = ['=HYPERLINK("x","点此")', "+1+2", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1", "'=quoted already"]
#: The ones the import keeps as given (it trims surrounding white space from every cell, so a leading tab or
#: CR never came from an import in the first place).
KEPT = [text for text in HOSTILE if text == text.strip()]


def test_the_csv_rule_is_undone_exactly():
    for text in [*HOSTILE, "", "'", "''", "'a", "普通", "1", "a=b"]:
        assert csv_unquote(csv_text(text)) == text
        assert not csv_text(text) or csv_text(text)[0] not in FORMULA_STARTS


def _hostile_register() -> dict[str, str]:
    """Every free-text field of the register given a hostile value; returns member pk → name."""
    build_register()
    villages = Division.objects.filter(level=Level.VILLAGE).order_by("code")
    for division, text in zip(villages, HOSTILE, strict=False):
        Division.objects.filter(pk=division.pk).update(name=text)
    Division.objects.filter(level=Level.TOWN).update(name="@town")
    values = {}
    for index, member in enumerate(Member.objects.order_by("pk")):
        name, ethnicity = KEPT[index % len(KEPT)], HOSTILE[index % len(HOSTILE)]
        Member.objects.filter(pk=member.pk).update(name=name, ethnicity=ethnicity, extra={"备注": "+86 备注"})
        values[member.pk] = (name, ethnicity)
    assert Member.objects.count() >= len(HOSTILE)  # every hostile value is in some member's 民族
    Household.objects.update(extra={"说明": "=1+2"})
    return values


def _assert_workbook_inert(data: bytes | Path) -> list:
    book = load_workbook(data if isinstance(data, Path) else io.BytesIO(data))
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _assert_csv_inert(text: str, *, numbers: bool = False) -> list[list[str]]:
    """No cell starts with a formula character; with ``numbers``, plain numbers (``-3``) are allowed."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for row in rows:
        for cell in row:
            if numbers and NUMBER.fullmatch(cell):
                continue
            assert not cell or cell[0] not in FORMULA_STARTS, f"live CSV cell {cell!r}"
    return rows


def test_register_exports_are_inert_and_round_trip(divisions, tmp_path):
    values = _hostile_register()
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("export", str(tmp_path / "档案.xlsx"), **quiet)
    texts = _assert_workbook_inert(tmp_path / "档案.xlsx")
    for text in HOSTILE:  # as written, in string cells (a CR kept as a CR)
        assert text in texts
    book = load_workbook(tmp_path / "档案.xlsx")
    assert isinstance(book["收入"]["C2"].value, int | float)  # numbers stay numbers
    call_command("export", str(tmp_path / "档案.zip"), "--format", "csv", **quiet)
    cells = set()
    with zipfile.ZipFile(tmp_path / "档案.zip") as archive:
        for name in archive.namelist():
            rows = _assert_csv_inert(archive.read(name).decode("utf-8-sig"))
            cells.update(cell for row in rows for cell in row)
            if name == "收入.csv":
                assert rows[1][2].isdigit()  # an amount is written as a number, unquoted
    assert {"'-1", "'+1+2", "'@SUM(A1)", "'\t=1+1", "'\r=1+1", "''=quoted already"} <= cells
    # Round trip: each format read back by the import restores the values that were overwritten.
    # (A leading tab or CR is trimmed by any import, as all surrounding white space: compared trimmed.)
    exporter = factories.account("exporter", Role.ADMINISTRATOR, personal_data=True)
    Household.objects.update(main_cause="因病")  # (the import requires it of registered households)
    for path in ("full.xlsx", "full.zip"):
        unmask = ["--unmask", "--user", exporter.username]
        call_command("export", str(tmp_path / path), *unmask, **quiet)
        Member.objects.update(name="改过", ethnicity="汉", extra={})
        call_command("import", str(tmp_path / path), **quiet)
        for pk, (name, ethnicity) in values.items():
            member = Member.objects.get(pk=pk)
            expected = (name, ethnicity.strip(), {"备注": "+86 备注"})
            assert (member.name, member.ethnicity, member.extra) == expected, path


def test_the_village_export_on_the_web_writes_names_as_text(client, divisions):
    _hostile_register()
    client.force_login(build_users()["admin"])
    response = client.get("/villages/export.xlsx")
    assert response.status_code == 200
    texts = _assert_workbook_inert(response.content)
    assert HOSTILE[0] in texts and "@town" in texts


def test_command_csv_outputs_and_the_import_report_are_inert(tmp_path):
    stream = io.StringIO()
    write_rows(stream, ["a", "b", "c"], [(text, 5, -3) for text in HOSTILE], "csv")
    rows = _assert_csv_inert(stream.getvalue(), numbers=True)
    assert [row[0] for row in rows[1:]] == [csv_text(text) for text in HOSTILE]
    assert [csv_unquote(row[0]) for row in rows[1:]] == HOSTILE
    assert rows[1][1:] == ["5", "-3"]  # numbers as they are
    issues = [ImportIssue(sheet="成员", row=2, column="姓名", value=text, message="x") for text in HOSTILE]
    report_write(issues, tmp_path / "问题.csv")
    _assert_csv_inert((tmp_path / "问题.csv").read_text(encoding="utf-8-sig"))
    report_write(issues, tmp_path / "问题.xlsx")
    written = _assert_workbook_inert(tmp_path / "问题.xlsx")  # (openpyxl writes a CR that reads back as LF)
    assert {text.replace("\r", "\n") for text in HOSTILE} <= set(written)


def test_the_results_workbook_writes_names_as_text(divisions, tmp_path):
    from bangfu.reports.results import results_report
    from bangfu.reports.workbook import results_workbook

    _hostile_register()
    Division.objects.filter(level=Level.VILLAGE).update(name='=HYPERLINK("http://x","点此")')
    results_workbook(results_report(year=2020), tmp_path / "成效.xlsx")
    assert any("HYPERLINK" in text for text in _assert_workbook_inert(tmp_path / "成效.xlsx"))
