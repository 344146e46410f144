"""The SQL the compiler emits: snapshotted per dialect, reading only the snapshot, always scope-guarded.

Snapshots are files under tests/standards/snapshots/ named <standard>.<query>.<dialect>.sql. After a
deliberate change to the compiler or a shipped standard, regenerate them and review the diff:

    BANGFU_UPDATE_SQL_SNAPSHOTS=1 .venv/bin/pytest tests/standards/test_compiled_sql.py
"""

import datetime
import os
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp
from sqlglot.optimizer.qualify import qualify

from bangfu.standards import Area, load_standard, shipped_standard_ids
from bangfu.standards.query import DIALECTS
from bangfu.standards.snapshot_schema import SNAPSHOT_TABLES
from tests.standards.register import Snapshot

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("BANGFU_UPDATE_SQL_SNAPSHOTS") == "1"
SCOPE = "441521"
AS_OF = datetime.date(2021, 12, 31)


def area_of(prefix: str | None) -> Area:
    """The area of one division-code prefix, or everything."""
    return Area.within(prefix) if prefix else Area.everything()


def every_query(scope=None):
    """(name, CompiledQuery) for every query every shipped standard emits."""
    for standard_id in shipped_standard_ids():
        standard = load_standard(standard_id)
        if standard.kind in ("household_exit", "monitoring"):
            year = 2021 if standard.kind == "monitoring" else 2020
            yield f"{standard_id}.household", standard.household_query(year, area=area_of(scope))
            yield (
                f"{standard_id}.explain",
                standard.household_query(year, area=area_of(scope), household_code="H1"),
            )
        if standard.kind == "household_exit":
            yield f"{standard_id}.village", standard.village_query(2020, area=area_of(scope))
        if standard.kind == "quality":
            yield f"{standard_id}.quality", standard.quality_query(area=area_of(scope), as_of=AS_OF)
        if standard.kind == "mpi":
            yield f"{standard_id}.mpi", standard.mpi_query(2020, area=area_of(scope))


QUERIES = dict(every_query(SCOPE))
UNSCOPED = dict(every_query())


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_generated_sql_matches_its_snapshot(name, dialect):
    sql = QUERIES[name].to(dialect, pretty=True) + "\n"
    path = SNAPSHOTS / f"{name}.{dialect}.sql"
    if UPDATE or not path.exists():
        path.write_text(sql, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"new snapshot written: {path.name}; review and commit it")
    assert sql == path.read_text(encoding="utf-8"), f"{path.name} differs; see the module docstring"


@pytest.mark.parametrize("dialect", ["postgres", "spark"])
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_other_dialects_parse_back(name, dialect):
    assert sqlglot.parse_one(QUERIES[name].to(dialect), read=dialect) is not None


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_reads_only_snapshot_tables_and_columns(name):
    """Qualifying against the snapshot schema fails on any table or column the schema does not have."""
    schema = {table: dict(columns) for table, columns in SNAPSHOT_TABLES.items()}
    tree = sqlglot.parse_one(UNSCOPED[name].sql, read="duckdb")
    qualify(tree, schema=schema, dialect="duckdb", validate_qualify_columns=True)
    ctes = {cte.alias for cte in tree.find_all(exp.CTE)}
    assert {t.name for t in tree.find_all(exp.Table)} - ctes <= set(SNAPSHOT_TABLES)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_table_read_is_guarded_by_the_scope(name):
    """Each read of a snapshot table sits in a subquery that filters it to the scope's division codes."""
    tree = sqlglot.parse_one(QUERIES[name].sql, read="duckdb")
    ctes = {cte.alias for cte in tree.find_all(exp.CTE)}
    reads = [t for t in tree.find_all(exp.Table) if t.name not in ctes]
    assert reads
    for table in reads:
        select = table.find_ancestor(exp.Select)
        guard = select.args["where"].sql(dialect="duckdb")
        assert f"village_code LIKE '{SCOPE}%'" in guard, f"{table.name} read without the scope guard"
    assert f"LIKE '{SCOPE}%'" not in UNSCOPED[name].sql


def test_scope_keeps_other_areas_out():
    snapshot = Snapshot()
    for code, village in [("IN", "441521100201"), ("OUT", "441502100201")]:
        household = snapshot.household(code, village_code=village, members=1)
        snapshot.income(household, 2020)
    for name, query in every_query(SCOPE):
        if "explain" in name:
            continue
        codes = {row.get("household_code") or row.get("village_code") for row in snapshot.rows(query)}
        assert codes - {"IN", "441521100201"} == set(), name
