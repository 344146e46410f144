"""Decompression limits (issue 11 item 4): zip bombs and lying headers refused before any reader unpacks them,
in the library, ``bangfu import`` and ``bangfu programme-import``; error caps."""

from __future__ import annotations

import io
import resource

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bangfu.registry.importing import register_validate
from bangfu.registry.importing.archive import ArchiveLimits, archive_check, archive_size
from bangfu.registry.importing.issues import SourceError
from tests.registry.importing.bombs import understate_sizes, xlsx_bomb, zip_bomb
from tests.registry.importing.builders import valid_rows, write_folder, write_workbook, write_zip


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bombs")
    return {
        "xlsx": xlsx_bomb(folder / "bomb.xlsx", 200),
        "strings": xlsx_bomb(folder / "strings.xlsx", 200, shared_string=True),
        "zip": zip_bomb(folder / "bomb.zip", 200),
    }


@pytest.mark.parametrize("kind", ["xlsx", "strings", "zip"])
def test_a_bomb_is_refused_by_its_ratio_before_reading(bombs, kind):
    size = archive_size(bombs[kind])
    assert size.uncompressed > 200 * (1 << 20) and bombs[kind].stat().st_size < 2 * (1 << 20)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(SourceError) as refused:
        register_validate(bombs[kind])
    assert refused.value.key == "archive_ratio"
    assert "疑为“压缩炸弹”，不予读取" in refused.value.message and "\n" not in refused.value.message
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    print(f"{kind}: peak RSS grew by {grown_mb:.0f} MB")  # logged, not asserted (bench/upload_limits.py)


def test_a_bomb_within_the_ratio_is_refused_by_its_size(bombs):
    with pytest.raises(SourceError) as refused:
        archive_check(bombs["xlsx"], ArchiveLimits(max_bytes=100 << 20, max_ratio=10_000))
    assert refused.value.key == "archive_too_large"
    assert "超过上限 100 MB" in refused.value.message


def test_a_lying_directory_is_caught_while_decompressing(tmp_path):
    path = understate_sizes(write_zip(tmp_path / "register.zip", valid_rows()), declared=10)
    with pytest.raises(SourceError) as refused:
        archive_check(path, ArchiveLimits(max_bytes=1 << 20, max_ratio=100))
    assert refused.value.key == "archive_lying"


def test_a_bomb_whose_directory_lies_stops_at_the_declared_size(tmp_path):
    """Declared sizes pass every limit; decompressing stops at the declared size and the CRC fails."""
    path = understate_sizes(zip_bomb(tmp_path / "lying.zip", 50), declared=2000)
    assert archive_size(path).uncompressed < 10_000
    with pytest.raises(SourceError) as refused:
        register_validate(path)
    assert refused.value.key == "archive_lying"


def test_the_limits_come_from_the_settings(settings, tmp_path):
    path = write_workbook(tmp_path / "ok.xlsx", valid_rows())
    archive_check(path)  # a normal workbook passes the defaults
    settings.BANGFU_IMPORT_MAX_RATIO = 1.5
    with pytest.raises(SourceError) as refused:
        archive_check(path)
    assert refused.value.key == "archive_ratio"


def test_the_import_command_refuses_a_bomb_in_one_line(db, bombs):
    for kind in ("xlsx", "zip"):
        out = io.StringIO()
        with pytest.raises(CommandError) as refused:
            call_command("import", str(bombs[kind]), stdout=out, stderr=io.StringIO())
        assert refused.value.returncode == 1
        lines = out.getvalue().strip().splitlines()
        assert len(lines) == 1 and "压缩炸弹" in lines[0]


def test_the_programme_import_refuses_a_bomb(db, bombs):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("programme-import", str(bombs["xlsx"]), stdout=out, stderr=io.StringIO())
    assert "压缩炸弹" in out.getvalue()


def test_errors_are_capped_then_counted_per_kind(divisions, tmp_path, settings):
    settings.BANGFU_IMPORT_ERROR_LIMIT = 20
    rows = valid_rows()
    member = rows["成员"][2]
    rows["成员"] += [member | {"务工月数": "很多", "证件号码": ""} for _ in range(60)]
    report = register_validate(write_folder(tmp_path / "register", rows))
    listed = [issue for issue in report.errors if issue.rule != "errors_unlisted"]
    assert len(listed) == 20
    counted = {(i.sheet, i.column): i.message for i in report.errors if i.rule == "errors_unlisted"}
    # 120 errors found (60 rows × 务工月数 and 证件号码), 20 listed; the rest counted per kind
    assert report.error_count == 120 and report.unlisted_errors == 100
    assert set(counted) == {("成员", "务工月数"), ("成员", "证件号码")}
    assert all(text.startswith("还有 ") and "条同类错误" in text for text in counted.values())


def test_the_import_command_report_is_capped(divisions, tmp_path, settings):
    settings.BANGFU_IMPORT_ERROR_LIMIT = 10
    rows = valid_rows()
    rows["成员"] += [rows["成员"][2] | {"务工月数": "很多"} for _ in range(30)]
    folder = write_folder(tmp_path / "register", rows)
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import", str(folder), report=tmp_path / "r.csv", stdout=out, stderr=io.StringIO())
    assert "文件有 " in str(refused.value)
    lines = (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()
    # header, 10 listed errors, then one count line per kind (务工月数; 证件号码 repeated)
    assert len(lines) == 1 + 10 + 2
    assert all("还有 " in line and "条同类错误" in line for line in lines[-2:])
