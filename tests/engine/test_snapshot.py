"""The snapshot holds the register exactly: the schema's tables, names and types, the register's rows."""

from datetime import date

import pyarrow as pa
import pytest
from django.db import connection

from bangfu.core.errors import ApplicationError
from bangfu.engine import readers
from bangfu.engine.snapshot import SCHEMAS, snapshot_queries, snapshot_take
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
    assert snapshot.counts == {"villages": 1, "village_stats": 0, "households": 3, "members": 9, "incomes": 3}
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


def _adbc_reader(tmp_path):
    """The ADBC reader for the test database (SQLite in memory is copied to a file first)."""
    if connection.vendor == "sqlite":
        pytest.importorskip("adbc_driver_sqlite")
        import sqlite3

        path = tmp_path / "copy.sqlite3"
        target = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
        target.close()
        return readers.AdbcSqlite(str(path)), path
    pytest.importorskip("adbc_driver_postgresql")
    return readers.adbc_reader(connection), None


def _read(reader, scope=None) -> dict[str, pa.Table]:
    tables = {}

    def store(name, table):
        schema = SCHEMAS[name]
        tables[name] = table.rename_columns(schema.names).cast(schema)

    reader.read(connection, snapshot_queries(scope), SCHEMAS, store)
    return tables


def test_adbc_and_cursor_readers_give_the_same_tables(committed_register, tmp_path):
    reader, _ = _adbc_reader(tmp_path)
    by_adbc = _read(reader)
    by_cursor = _read(readers.DjangoCursor())
    for name in SNAPSHOT_TABLES:
        assert by_adbc[name].equals(by_cursor[name]), name
    assert _read(reader, "441581")["households"].num_rows == 2


def test_adbc_reads_every_table_as_of_one_moment(committed_register, tmp_path):
    """A household committed by someone else while the snapshot is read does not appear half-way."""
    reader, path = _adbc_reader(tmp_path)
    households = Household.objects.count()
    tables = {}

    def store(name, table):
        tables[name] = table
        if name == "villages":  # another writer commits between the first and the later tables
            _insert_household_elsewhere(path, committed_register["villages"]["A"].pk)

    reader.read(connection, snapshot_queries(None), SCHEMAS, store)
    assert tables["households"].num_rows == households
    assert _read(reader)["households"].num_rows == households + 1  # a later snapshot sees it


def _insert_household_elsewhere(path, village_id: int) -> None:
    columns = "created_at, updated_at, code, village_id, head_id_number, attribute, main_cause, phone, extra"
    values = ("2020-01-01", "2020-01-01", "9999", village_id, "x", "一般农户", "", "", "{}")
    table = Household._meta.db_table
    if path is not None:
        import sqlite3

        with sqlite3.connect(path) as other:
            other.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(values))})", values)
        return
    import psycopg

    with psycopg.connect(readers.postgresql_conninfo(connection.settings_dict), autocommit=True) as other:
        other.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(values))})", values)
