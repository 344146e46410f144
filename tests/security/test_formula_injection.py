"""Neutral exports (docs/export.md, "Text that looks like a formula"): text a spreadsheet would run — starting
with ``=``, ``+``, ``-``, ``@``, tab or CR — is inert in every export, numbers stay numbers, and an export read
back by the import gives the original values.

Before the fix, ``/villages/export.xlsx`` wrote ``=HYPERLINK(…)`` as a live formula cell and the CSV exports
wrote every such text as it was.
"""

import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from bangfu.assessment.output import write_rows
from bangfu.core.spreadsheet import FORMULA_STARTS, csv_text, csv_unquote
from bangfu.regions.models import Division
from bangfu.registry.importing.issues import ImportIssue
from bangfu.registry.importing.report import report_write
from bangfu.registry.models import Household, Member
from tests.web.test_households import build_register, build_users

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://x","点此")', "+1+2", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1", "'=quoted already"]
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
    villages = Division.objects.filter(level="village").order_by("code")
    for division, text in zip(villages, HOSTILE, strict=False):
        Division.objects.filter(pk=division.pk).update(name=text)
    Division.objects.filter(level="town").update(name="@town")
    names = {}
    for index, member in enumerate(Member.objects.order_by("pk")):
        name = KEPT[index % len(KEPT)]
        Member.objects.filter(pk=member.pk).update(name=name, ethnicity="-汉", extra={"备注": "+86 备注"})
        names[member.pk] = name
    Household.objects.update(extra={"说明": "=1+2"})
    return names


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


def _assert_csv_inert(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows:
        for cell in row:
            assert not cell or cell[0] not in FORMULA_STARTS, f"live CSV cell {cell!r}"
    return rows


def test_register_exports_are_inert_and_round_trip(divisions, tmp_path):
    names = _hostile_register()
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("export", str(tmp_path / "档案.xlsx"), **quiet)
    texts = _assert_workbook_inert(tmp_path / "档案.xlsx")
    for text in HOSTILE:  # as written, in string cells (a CR kept as a CR)
        assert text in texts
    book = load_workbook(tmp_path / "档案.xlsx")
    assert isinstance(book["收入"]["C2"].value, int | float)  # numbers stay numbers
    call_command("export", str(tmp_path / "档案.zip"), "--format", "csv", **quiet)
    with zipfile.ZipFile(tmp_path / "档案.zip") as archive:
        for name in archive.namelist():
            rows = _assert_csv_inert(archive.read(name).decode("utf-8-sig"))
            if name == "收入.csv":
                assert rows[1][2].isdigit()  # an amount is written as a number, unquoted
    # Round trip: each format read back by the import restores the values that were overwritten.
    for path in ("档案.xlsx", "档案.zip"):
        Member.objects.update(name="改过", ethnicity="汉")
        call_command("import", str(tmp_path / path), **quiet)
        for pk, name in names.items():
            member = Member.objects.get(pk=pk)
            assert (member.name, member.ethnicity, member.extra) == (name, "-汉", {"备注": "+86 备注"}), path


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
    rows = _assert_csv_inert(stream.getvalue())
    assert [csv_unquote(row[0]) for row in rows[1:]] == HOSTILE
    assert rows[1][1:] == ["5", "-3"]  # numbers as they are
    issues = [ImportIssue(sheet="成员", row=2, column="姓名", value=text, message="x") for text in HOSTILE]
    report_write(issues, tmp_path / "问题.csv")
    _assert_csv_inert((tmp_path / "问题.csv").read_text(encoding="utf-8-sig"))
    report_write(issues, tmp_path / "问题.xlsx")
    assert set(HOSTILE) <= set(_assert_workbook_inert(tmp_path / "问题.xlsx"))


def test_the_results_workbook_writes_names_as_text(divisions, tmp_path):
    from bangfu.reports.results import results_report
    from bangfu.reports.workbook import results_workbook

    _hostile_register()
    Division.objects.filter(level="village").update(name='=HYPERLINK("http://x","点此")')
    results_workbook(results_report(year=2020), tmp_path / "成效.xlsx")
    assert any("HYPERLINK" in text for text in _assert_workbook_inert(tmp_path / "成效.xlsx"))
