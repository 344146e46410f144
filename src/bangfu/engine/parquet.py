"""Snapshots and results as Parquet folders with a manifest (快照目录): what travels to a Spark cluster and back.

A **snapshot folder** holds the tables of ``bangfu.standards.snapshot_schema``, exactly those columns and
types, one sub-folder per table. The big tables (households, members, incomes) are split by county
(``county=441521000000/part-0.parquet``, Hive style, so Spark and DuckDB can prune by county); villages and
village statistics are one file each. ``manifest.json`` records the schema version, the as-of date, the
scope, the Bangfu version, each table's row count and the SHA-256 of every file. A **results folder** is
written by the Spark job (``bangfu.spark_job``): the rows of one compiled query plus a manifest naming the
standard and the snapshot it was run on.

Readers check the manifest first (every file listed, none missing, none extra, every checksum equal) and
refuse a damaged folder with one line. Pure Python and pyarrow: no Django, so a cluster job can import it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from bangfu import __version__
from bangfu.standards.snapshot_schema import SNAPSHOT_TABLES

MANIFEST = "manifest.json"
SNAPSHOT_FORMAT = "bangfu-snapshot"
RESULTS_FORMAT = "bangfu-results"
#: Bumped when the snapshot tables or columns change; a reader refuses another version.
SCHEMA_VERSION = 3  # 2: village_stats gained the Guangdong village-exit indicators; 3: monitoring tables
#: Tables split into one folder per county; the others are small (one row per village or village-year).
PARTITIONED = ("households", "members", "incomes")
PARTITION = "county"
ARROW_TYPES = {
    "BIGINT": pa.int64(),
    "INTEGER": pa.int32(),
    "VARCHAR": pa.string(),
    "BOOLEAN": pa.bool_(),
    "DOUBLE": pa.float64(),
    "DATE": pa.date32(),
}
#: The snapshot tables as Arrow schemas.
SCHEMAS: dict[str, pa.Schema] = {
    table: pa.schema([(name, ARROW_TYPES[kind]) for name, kind in columns])
    for table, columns in SNAPSHOT_TABLES.items()
}
_CHUNK = 1 << 20


class FolderError(Exception):
    """A snapshot or results folder is missing, damaged or of another kind (the message is one line)."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)


def _write_manifest(folder: Path, manifest: dict) -> dict:
    manifest["files"] = {p.relative_to(folder).as_posix(): sha256(p) for p in _files(folder)}
    (folder / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest


def prepare(out_dir: Path) -> None:
    """Create ``out_dir``, or refuse it when it holds anything already."""
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FolderError(f"文件夹 {out_dir} 不是空的：请给一个新的或空的文件夹 / the folder is not empty")
    out_dir.mkdir(parents=True, exist_ok=True)


def _county_of_households(households: pa.Table) -> pa.Array:
    return pc.binary_join_element_wise(
        pc.utf8_slice_codeunits(households["village_code"], 0, 6), "000000", ""
    )


def _with_county(table: str, data: pa.Table, households: pa.Table) -> pa.Table:
    """``data`` with the county code of each row's household (the partition column)."""
    county = _county_of_households(households)
    if table != "households":
        position = pc.index_in(data["household_id"], households["household_id"])
        county = pc.take(county, position)
    return data.append_column(PARTITION, county)


def snapshot_write(
    tables: dict[str, pa.Table],
    out_dir: Path,
    *,
    as_of: datetime.date,
    scope: str | None,
    source: str = "",
) -> dict:
    """Write the snapshot ``tables`` (Arrow, snapshot schema) under ``out_dir`` with its manifest."""
    out_dir = Path(out_dir)
    prepare(out_dir)
    households = tables["households"]
    for table, schema in SCHEMAS.items():
        data = tables[table].select(schema.names).cast(schema)
        folder = out_dir / table
        folder.mkdir()
        if table in PARTITIONED and data.num_rows:
            ds.write_dataset(
                _with_county(table, data, households),
                folder,
                format="parquet",
                partitioning=ds.partitioning(pa.schema([(PARTITION, pa.string())]), flavor="hive"),
                basename_template="part-{i}.parquet",
                existing_data_behavior="overwrite_or_ignore",
                max_rows_per_group=1 << 17,
            )
        else:  # small tables, and empty ones (an empty partitioned table still needs its schema)
            pq.write_table(data, folder / "part-0.parquet")
    manifest = {
        "format": SNAPSHOT_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "as_of": as_of.isoformat(),
        "scope": scope or "",
        "bangfu_version": __version__,
        "source": source,
        "written_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "partitioned_by": {table: PARTITION for table in PARTITIONED},
        "row_counts": {table: tables[table].num_rows for table in SCHEMAS},
    }
    return _write_manifest(out_dir, manifest)


def manifest_check(folder: Path, kind: str = SNAPSHOT_FORMAT) -> dict:
    """The folder's manifest, after checking every file against it; ``FolderError`` (one line) if not."""
    folder = Path(folder)
    path = folder / MANIFEST
    if not path.is_file():
        raise FolderError(f"{folder} 没有 {MANIFEST}：不是 Bangfu 的快照或结果文件夹 / not a Bangfu folder")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        listed: dict[str, str] = manifest["files"]
        found_kind = manifest["format"]
    except (ValueError, KeyError, TypeError):
        raise FolderError(f"{path} 已损坏，无法读取 / the manifest is damaged") from None
    if found_kind != kind:
        raise FolderError(f"{folder} 是 {found_kind}，需要 {kind} / the folder is of another kind")
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise FolderError(
            f"{folder} 的快照结构版本为 {manifest.get('schema_version')}，本程序需要 {SCHEMA_VERSION}"
            " / another snapshot schema version"
        )
    present = {p.relative_to(folder).as_posix() for p in _files(folder)}
    missing, extra = sorted(set(listed) - present), sorted(present - set(listed))
    if missing or extra:
        name = (missing or extra)[0]
        what = "缺少文件" if missing else "多出未登记的文件"
        raise FolderError(f"{folder} 已损坏：{what} {name} / a file is missing or not in the manifest")
    for name, digest in listed.items():
        if sha256(folder / name) != digest:
            raise FolderError(f"{folder} 已损坏：{name} 的校验和与清单不符 / checksum mismatch")
    return manifest


def table_files(folder: Path, table: str) -> list[str]:
    """The Parquet files of one snapshot table (absolute paths, sorted)."""
    return sorted(str(p) for p in (Path(folder) / table).rglob("*.parquet"))


def snapshot_read(folder: Path, tables: Iterable[str] = SCHEMAS) -> tuple[dict[str, pa.Table], dict]:
    """The snapshot's tables as Arrow (exactly the schema's columns), and its manifest, once checked."""
    manifest = manifest_check(folder)
    data = {
        table: ds.dataset(table_files(folder, table), schema=SCHEMAS[table], format="parquet").to_table()
        for table in tables
    }
    for table, arrow in data.items():
        if arrow.num_rows != manifest["row_counts"][table]:
            raise FolderError(f"{folder} 已损坏：{table} 的行数与清单不符 / row count mismatch")
    return data, manifest


def results_manifest_write(folder: Path, manifest: dict) -> dict:
    """Seal a results folder the Spark job wrote: its manifest lists and checks every file in it."""
    folder = Path(folder)
    for stray in [*folder.glob("_SUCCESS"), *folder.glob(".*.crc"), *folder.rglob(".*.crc")]:
        stray.unlink(missing_ok=True)  # Hadoop's markers; the manifest takes their place
    manifest = {"format": RESULTS_FORMAT, "schema_version": SCHEMA_VERSION, **manifest}
    return _write_manifest(folder, manifest)


def results_files(folder: Path) -> list[str]:
    return sorted(str(p) for p in (Path(folder) / "rows").rglob("*.parquet"))


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
