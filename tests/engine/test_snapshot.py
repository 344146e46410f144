"""The snapshot holds the register exactly: the schema's tables, names and types, the register's rows."""

from datetime import date

import pyarrow as pa
import pytest
from django.db import connection

from bangfu.core.errors import ApplicationError
from bangfu.engine import readers
from bangfu.engine.snapshot import SCHEMAS, snapshot_queries, snapshot_take
from bangfu.markets.models import Placement
from bangfu.monitoring.models import DepartmentAlert, MonitoringCase
from bangfu.programme.models import Measure
from bangfu.registry.models import Household, IncomeRecord, Member, Village, VillageYearStat
from bangfu.standards.snapshot_schema import SNAPSHOT_TABLES
from tests.assessment.registers import VILLAGE_A


def register_counts() -> dict[str, int]:
    return {
        "villages": Village.objects.count(),
        "village_stats": VillageYearStat.objects.count(),
        "households": Household.objects.count(),
        "members": Member.objects.count(),
        "incomes": IncomeRecord.objects.count(),
        "monitoring_cases": MonitoringCase.objects.count(),
        "measures": Measure.objects.count(),
        "placements": Placement.objects.count(),
        "department_alerts": DepartmentAlert.objects.filter(household__isnull=False).count(),
    }


def test_row_counts_and_types_equal_the_register_and_the_schema(register):
    snapshot = snapshot_take()
    assert snapshot.counts == register_counts()
    assert list(snapshot.tables) == list(SNAPSHOT_TABLES)
    for name, table in snapshot.tables.items():
        assert table.schema == SCHEMAS[name], name
    described = snapshot.duckdb.execute("DESCRIBE members").fetchall()
    assert [(row[0], row[1]) for row in described] == list(SNAPSHOT_TABLES["members"])


def test_values_arrive_typed(register):
    snapshot = snapshot_take()
    household = register["households"]["A1"]
    row = snapshot.duckdb.execute(
        "SELECT household_code, village_code, attribute, identified_year, exit_year, main_cause, housing_grade,"
        " housing_renovated, safe_water FROM households WHERE household_id = ?",
        [household.pk],
    ).fetchone()
    assert row == ("4415211012010001", VILLAGE_A, "一般贫困户", 2016, None, "", "A", None, True)
    member = snapshot.duckdb.execute(
        "SELECT birth_date, resident_medical_insurance, employee_medical_insurance, receives_dibao, id_number"
        " FROM members WHERE member_id = ?",
        [register["both_schemes"].pk],
    ).fetchone()
    assert member == (date(1970, 5, 1), True, True, True, register["both_schemes"].id_number)
    income = snapshot.duckdb.execute(
        "SELECT year, wages, business_costs, compliant_out_of_pocket FROM incomes"
        " WHERE household_id = ? ORDER BY year",
        [household.pk],
    ).fetchall()
    assert income == [(2019, 1000.0, 0.0, None), (2020, 30000.0, 0.0, 1234.5)]
    village = snapshot.duckdb.execute(
        "SELECT village_code, name, county_code, is_poor, identified_year, registered_population FROM villages"
        " ORDER BY village_code"
    ).fetchall()
    assert village[0] == (VILLAGE_A, "新山村", "441521000000", True, 2016, 100)


def test_scope_restricts_every_table_to_the_divisions_villages(register):
    snapshot = snapshot_take("441521")
    assert snapshot.counts == {"villages": 1, "village_stats": 0, "households": 3, "members": 9, "incomes": 3,
                               "monitoring_cases": 0, "measures": 0, "placements": 0, "department_alerts": 0}  # fmt: skip
    codes = {row[0] for row in snapshot.duckdb.execute("SELECT village_code FROM households").fetchall()}
    assert codes == {VILLAGE_A}
    assert snapshot_take("4415").counts == snapshot_take().counts
    assert snapshot_take(VILLAGE_A).counts["households"] == 3


@pytest.mark.parametrize("scope", ["4", "44152x", "4415211012011", "'; DROP TABLE x"])
def test_a_bad_scope_is_refused(register, scope):
    with pytest.raises(ApplicationError, match="范围"):
        snapshot_take(scope)


def test_a_scope_that_names_no_division_is_refused(register):
    with pytest.raises(ApplicationError, match="没有以它开头的行政区划代码"):
        snapshot_take("4499")


def test_an_empty_register_gives_empty_tables_of_the_schema(db):
    snapshot = snapshot_take()
    assert set(snapshot.counts.values()) == {0}
    assert snapshot.tables["members"].schema == SCHEMAS["members"]


def test_duckdb_never_loads_extensions(register):
    snapshot = snapshot_take()
    settings = snapshot.duckdb.execute(
        "SELECT current_setting('autoinstall_known_extensions'), current_setting('autoload_known_extensions')"
    ).fetchone()
    assert settings == (False, False)


def test_the_cursor_is_used_inside_the_callers_transaction(register):
    # The test runs inside a transaction: ADBC's own connection would not see the uncommitted register.
    assert connection.in_atomic_block
    assert isinstance(readers.choose(connection), readers.DjangoCursor)
    assert snapshot_take().reader == "cursor"


@pytest.fixture
def committed_register(transactional_db, divisions):
    from tests.assessment.registers import small_register

    return small_register()


def _fast_reader():
    """The reader ``auto`` picks for committed data: SQLite file → a copy read with ADBC; PostgreSQL → ADBC."""
    pytest.importorskip("adbc_driver_sqlite" if connection.vendor == "sqlite" else "adbc_driver_postgresql")
    reader = readers.adbc_reader(connection)
    assert reader is not None
    return reader


def _read(reader, scope=None) -> dict[str, pa.Table]:
    tables = {}

    def store(name, table):
        schema = SCHEMAS[name]
        tables[name] = table.rename_columns(schema.names).cast(schema)

    reader.read(connection, snapshot_queries(scope), SCHEMAS, store)
    return tables


def test_the_fast_and_cursor_readers_give_the_same_tables(committed_register):
    reader = _fast_reader()
    by_fast = _read(reader)
    by_cursor = _read(readers.DjangoCursor())
    for name in SNAPSHOT_TABLES:
        assert by_fast[name].equals(by_cursor[name]), name
    assert _read(reader, "441581")["households"].num_rows == 2
    assert snapshot_take().reader == reader.name


def test_sqlite_is_read_through_a_copy_never_by_a_second_library_on_the_live_file(
    committed_register, monkeypatch
):
    """The ADBC driver bundles its own SQLite: it may open the snapshot's private copy, never the database
    Django has open (it deleted the WAL files under Django's connections and corrupted the database)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    import adbc_driver_sqlite.dbapi

    live = str(connection.settings_dict["NAME"])
    opened = []
    real_connect = adbc_driver_sqlite.dbapi.connect

    def connect(uri=None, **kwargs):
        opened.append(str(uri))
        return real_connect(uri, **kwargs)

    monkeypatch.setattr(adbc_driver_sqlite.dbapi, "connect", connect)
    snapshot = snapshot_take()
    assert snapshot.counts == register_counts()
    assert opened and all(path != live and "bangfu-snapshot-" in path for path in opened)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        assert cursor.fetchall() == [("ok",)]


def test_the_fast_reader_reads_every_table_as_of_one_moment(committed_register, monkeypatch):
    """A household committed by someone else while the snapshot is read does not appear half-way."""
    reader = _fast_reader()
    households = Household.objects.count()
    village_id = committed_register["villages"]["A"].pk
    tables = {}

    if connection.vendor == "sqlite":  # the copy is where SQLite reads: commit between its tables
        copy_table = readers.SqliteCopy._copy_table

        def copy_then_insert(source, table, sql):
            copy_table(source, table, sql)
            if table == "villages":
                _insert_household_elsewhere(village_id)

        monkeypatch.setattr(readers.SqliteCopy, "_copy_table", staticmethod(copy_then_insert))

    def store(name, table):
        tables[name] = table
        if name == "villages" and connection.vendor != "sqlite":
            _insert_household_elsewhere(village_id)

    reader.read(connection, snapshot_queries(None), SCHEMAS, store)
    assert tables["households"].num_rows == households
    monkeypatch.undo()
    assert Household.objects.count() == households + 1
    assert _read(reader)["households"].num_rows == households + 1  # a later snapshot sees it


def _insert_household_elsewhere(village_id: int) -> None:
    """Commit a household through another connection (on SQLite, of the same library: Python's sqlite3)."""
    columns = "created_at, updated_at, code, village_id, head_id_number, attribute, main_cause, phone, extra"
    values = ("2020-01-01", "2020-01-01", "9999", village_id, "x", "一般农户", "", "", "{}")
    table = Household._meta.db_table
    if connection.vendor == "sqlite":
        import sqlite3

        with sqlite3.connect(connection.settings_dict["NAME"], timeout=30) as other:
            other.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(values))})", values)
        other.close()
        return
    import psycopg

    with psycopg.connect(readers.postgresql_conninfo(connection.settings_dict), autocommit=True) as other:
        other.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(values))})", values)
