"""Snapshot folders (``bangfu snapshot``): the engine's tables as Parquet with a manifest readers check first."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from bangfu.engine.parquet import SCHEMA_VERSION, FolderError, manifest_check, snapshot_read, snapshot_write
from bangfu.standards.snapshot_schema import SNAPSHOT_TABLES
from tests.spark.engines import arrow_of_duckdb
from tests.standards.register import mixed_register

AS_OF = datetime.date(2021, 12, 31)


@pytest.fixture
def folder(tmp_path):
    tables = arrow_of_duckdb(mixed_register().connection)
    snapshot_write(tables, tmp_path / "snap", as_of=AS_OF, scope="4415")
    return tmp_path / "snap", tables


def test_the_folder_holds_the_schema_tables_split_by_county_and_reads_back_equal(folder):
    path, tables = folder
    read, manifest = snapshot_read(path)
    assert set(read) == set(SNAPSHOT_TABLES)
    for table, columns in SNAPSHOT_TABLES.items():
        assert read[table].column_names == [name for name, _ in columns]
        key = read[table].column_names[:2]
        assert (
            read[table]
            .sort_by([(k, "ascending") for k in key])
            .equals(tables[table].sort_by([(k, "ascending") for k in key]))
        )
    counties = sorted(p.name for p in (path / "households").iterdir())
    assert counties == ["county=441502000000", "county=441521000000"]
    assert (path / "villages" / "part-0.parquet").is_file()
    assert manifest["as_of"] == "2021-12-31" and manifest["scope"] == "4415"
    assert manifest["schema_version"] == SCHEMA_VERSION and manifest["bangfu_version"]
    assert manifest["row_counts"] == {table: tables[table].num_rows for table in SNAPSHOT_TABLES}
    assert len(manifest["files"]) == 2 * 3 + 6 and all(
        len(digest) == 64 for digest in manifest["files"].values()
    )


def _damage(path, how: str) -> None:
    member_file = next((path / "members").rglob("*.parquet"))
    if how == "changed":
        data = bytearray(member_file.read_bytes())
        data[len(data) // 2] ^= 0xFF
        member_file.write_bytes(bytes(data))
    elif how == "missing":
        member_file.unlink()
    elif how == "extra":
        (path / "members" / "stray.parquet").write_bytes(b"x")
    elif how == "manifest":
        (path / "manifest.json").write_text("{", encoding="utf-8")
    elif how == "version":
        manifest = json.loads((path / "manifest.json").read_text())
        (path / "manifest.json").write_text(json.dumps(manifest | {"schema_version": 99}))


@pytest.mark.parametrize(
    ("how", "says"),
    [
        ("changed", "校验和与清单不符"),
        ("missing", "缺少文件"),
        ("extra", "多出未登记的文件"),
        ("manifest", "已损坏，无法读取"),
        ("version", "结构版本为 99"),
    ],
)
def test_a_damaged_folder_is_refused_in_one_line(folder, how, says):
    path, _ = folder
    _damage(path, how)
    with pytest.raises(FolderError, match=says) as caught:
        snapshot_read(path)
    assert "\n" not in str(caught.value)


def test_a_folder_in_use_is_not_written_over(folder):
    path, tables = folder
    with pytest.raises(FolderError, match="不是空的"):
        snapshot_write(tables, path, as_of=AS_OF, scope=None)


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_assess_on_a_snapshot_folder_equals_assess_on_the_database(register, tmp_path):
    _, said = _run("snapshot", str(tmp_path / "snap"), "--as-of", "2021-06-30")
    assert "households 5" in said and "数据日期 2021-06-30" in said
    assert manifest_check(tmp_path / "snap")["as_of"] == "2021-06-30"
    for level in ("household", "village"):
        args = ["assess", "--standard", "gd-2016", "--year", "2020", "--level", level]
        from_database, _ = _run(*args)
        from_folder, _ = _run(*args, "--snapshot", str(tmp_path / "snap"))
        assert from_folder == from_database and from_folder.count("\n") >= 2
    _, checked = _run("quality", "--out", str(tmp_path / "q.csv"), "--snapshot", str(tmp_path / "snap"))
    assert "发现" in checked


@pytest.mark.django_db(transaction=True)
def test_assess_refuses_a_damaged_folder_and_a_scope_outside_it(register, tmp_path):
    _run("snapshot", str(tmp_path / "snap"), "--scope", "441521")
    with pytest.raises(CommandError, match="只含范围 441521"):
        _run(
            "assess",
            "--standard",
            "gd-2016",
            "--year",
            "2020",
            "--scope",
            "441581",
            "--snapshot",
            str(tmp_path / "snap"),
        )
    _damage(tmp_path / "snap", "changed")
    with pytest.raises(CommandError, match="校验和与清单不符") as caught:
        _run("assess", "--standard", "gd-2016", "--year", "2020", "--snapshot", str(tmp_path / "snap"))
    assert "\n" not in str(caught.value)
    with pytest.raises(CommandError, match="不是空的"):
        _run("snapshot", str(tmp_path / "snap"))
