"""A snapshot of the register (档案快照): the operational database copied into Arrow tables for DuckDB.

The tables and columns are exactly those of ``bangfu.standards.snapshot_schema``. The copy is set-based:
one SQL query per table does the joins and renames in the operational database, and its rows arrive as
Arrow columns (ADBC drivers; the DB-API cursor as a fallback, see ``engine/readers.py``). All tables are read
in one read transaction, so they are consistent with one point in time. DuckDB reads the Arrow tables in
place and never loads an extension (no sqlite/postgres scanners: Bangfu runs offline).
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable

import pyarrow as pa
from django.db import connection
from django.utils import timezone

from bangfu.core.errors import ApplicationError
from bangfu.engine import readers
from bangfu.engine.parquet import SCHEMAS, FolderError, manifest_check, prepare, snapshot_read, snapshot_write
from bangfu.engine.tables import Snapshot
from bangfu.markets.models import Placement
from bangfu.monitoring.models import DepartmentAlert, MonitoringCase
from bangfu.programme.models import HouseholdPlan, Measure
from bangfu.regions.models import Division
from bangfu.registry.dated import dated_tables  # the one mechanism (standards.asof's rule)
from bangfu.registry.models import Household, IncomeRecord, LivingConditions, Member, Village, VillageYearStat

#: progress(label, done, total=None, *, final=False), as core.progress.ProgressPrinter takes it.
Progress = Callable[..., None]


#: Names shown in progress lines.
LABELS = {
    "villages": "村",
    "village_stats": "村年度",
    "households": "户",
    "members": "成员",
    "incomes": "收入",
    "monitoring_cases": "监测对象",
    "measures": "帮扶措施",
    "placements": "就业安置",
    "department_alerts": "部门预警",
}

#: DuckDB never installs or loads extensions: everything it needs (json) is built into the wheel.

SCOPE_PATTERN = re.compile(r"\d{2,12}")
MONEY = "CAST({} AS DOUBLE PRECISION)"  # REAL affinity in SQLite, float8 in PostgreSQL

# One query per table, columns in snapshot order; {scope} is "" or a filter on the village's division code.
QUERIES = {
    "villages": """
        SELECT v.id, d.code, d.name, SUBSTR(d.code, 1, 6) || '000000', v.is_poor, v.identified_year,
               v.exit_year, v.registered_population
        FROM {village} v JOIN {division} d ON d.id = v.division_id
        {where} ORDER BY v.id""",
    "village_stats": """
        SELECT s.village_id, s.year, s.registered_population,
               {m_disposable}, {m_collective}, s.living_environment_ok, s.roads_ok, s.drinking_water_ok, s.public_services_ok, s.party_organisation_ok, s.water_power_ok, s.tv_broadband_ok
        FROM {stat} s {join_village} {where} ORDER BY s.village_id, s.year""",
    "households": """
        SELECT h.id, h.code, h.village_id, d.code, h.attribute, h.identified_year, h.exit_year, h.main_cause,
               l.housing_grade, l.housing_renovated, l.safe_water, l.food_secure, l.clothing_secure,
               h.income_stable, l.relocated, l.relocation_keys_date, l.water_quantity_ok, l.water_quality_ok,
               l.water_convenient, l.water_supply_assured
        FROM {household} h JOIN {village} v ON v.id = h.village_id JOIN {division} d ON d.id = v.division_id
        LEFT JOIN {living} l ON l.household_id = h.id
        {where} ORDER BY h.id""",
    "members": """
        SELECT m.id, m.household_id, m.id_number, m.name, m.relation, m.sex, m.birth_date, m.education,
               m.school_status, m.health, m.labour_ability, m.months_employed, m.resident_medical_insurance,
               m.employee_medical_insurance, m.critical_illness_insurance, m.pension_insurance,
               m.receives_dibao, m.receives_tekun, m.out_of_school, m.dropout_reason, m.home_schooled
        FROM {member} m {join_household} {where} ORDER BY m.id""",
    "incomes": """
        SELECT i.household_id, i.year, {m_wages}, {m_business}, {m_property}, {m_transfer}, {m_costs},
               {m_out_of_pocket}
        FROM {income} i {join_household} {where} ORDER BY i.household_id, i.year""",
    "monitoring_cases": """
        SELECT c.id, c.household_id, c.category, {risk_list}, c.channel, c.step, c.discovered_on,
               c.identified_on, c.eliminated_on, c.elimination_method
        FROM {case} c {join_household} {where} ORDER BY c.id""",
    "measures": """
        SELECT x.id, p.household_id, p.year, x.category, x.status, x.start_date, x.end_date
        FROM {measure} x JOIN {plan} p ON p.id = x.plan_id {join_household} {where} ORDER BY x.id""",
    "placements": """
        SELECT pl.id, pl.member_id, mm.household_id, pl.job_kind, pl.start_date, pl.end_date
        FROM {placement} pl JOIN {member} mm ON mm.id = pl.member_id {join_household} {where}
        ORDER BY pl.id""",
    "department_alerts": """
        SELECT a.id, a.household_id, a.department, a.event, a.occurred_on, {m_alert_amount}, a.raised
        FROM {alert} a JOIN {household} ah ON ah.id = a.household_id {join_household} {where}
        ORDER BY a.id""",
}
#: The alias whose household_id the scope joins on, per table.
HOUSEHOLD_ALIASES = {
    "members": "m",
    "incomes": "i",
    "monitoring_cases": "c",
    "measures": "p",
    "placements": "mm",
    "department_alerts": "a",
}
#: A case's risk types (a JSON list) as ';因病;缺劳动力;' ('' when none), per database.
RISK_LISTS = {
    "sqlite": "COALESCE(';' || (SELECT group_concat(j.value, ';') FROM json_each(c.risk_types) j) || ';', '')",
    "postgresql": "COALESCE(';' || (SELECT string_agg(j.value, ';') "
    "FROM jsonb_array_elements_text(c.risk_types) AS j(value)) || ';', '')",
}
TABLES = {
    "village": Village,
    "division": Division,
    "household": Household,
    "living": LivingConditions,
    "member": Member,
    "income": IncomeRecord,
    "stat": VillageYearStat,
    "case": MonitoringCase,
    "plan": HouseholdPlan,
    "measure": Measure,
    "placement": Placement,
    "alert": DepartmentAlert,
}
MONEY_COLUMNS = {
    "m_disposable": "s.disposable_income_per_capita",
    "m_collective": "s.collective_income",
    "m_wages": "i.wages",
    "m_business": "i.business_income",
    "m_property": "i.property_income",
    "m_transfer": "i.transfer_income",
    "m_costs": "i.business_costs",
    "m_out_of_pocket": "i.compliant_out_of_pocket",
    "m_alert_amount": "a.amount",
}


def scope_validate(scope: str | None) -> str | None:
    """The scope (a division-code prefix, e.g. 441521) if it names known divisions; ``None`` = everything."""
    if scope is None or scope == "":
        return None
    if not SCOPE_PATTERN.fullmatch(scope):
        raise ApplicationError(f"范围“{scope}”不是行政区划代码的前缀：应为 2–12 位数字，例如 441521")
    if not Division.objects.filter(code__startswith=scope).exists():
        raise ApplicationError(f"范围 {scope}：没有以它开头的行政区划代码")
    return scope


def snapshot_queries(scope: str | None, on: datetime.date | None = None) -> dict[str, str]:
    """The SQL that reads each snapshot table (SQLite and PostgreSQL alike), restricted to ``scope``.

    ``on``: read households, their living conditions and members as they stood on that date (the versions in
    force then, ``standards.asof``); ``None``: as they stand now.
    """
    names = {key: connection.ops.quote_name(model._meta.db_table) for key, model in TABLES.items()}
    if on is not None:
        names |= dated_tables(names, on)
    money = {key: MONEY.format(column) for key, column in MONEY_COLUMNS.items()}
    if scope is not None:
        if not SCOPE_PATTERN.fullmatch(scope):  # the prefix is written into the SQL: digits only
            raise ValueError(f"bad scope {scope!r}")
        where = f"WHERE d.code LIKE '{scope}%'"
        join_village = "JOIN {village} v ON v.id = s.village_id JOIN {division} d ON d.id = v.division_id"
        join_household = (
            "JOIN {household} h ON h.id = {alias}.household_id JOIN {village} v ON v.id = h.village_id"
            " JOIN {division} d ON d.id = v.division_id"
        )
    else:
        where = join_village = join_household = ""
    queries = {}
    for table, template in QUERIES.items():
        alias = HOUSEHOLD_ALIASES.get(table, "i")
        sql = template.format(
            risk_list=RISK_LISTS[connection.vendor],
            where=where,
            join_village=join_village.format(**names),
            join_household=join_household.format(alias=alias, **names),
            **names,
            **money,
        )
        queries[table] = " ".join(sql.split())
    return queries


def snapshot_take(
    scope: str | None = None,
    *,
    on: datetime.date | None = None,
    reader: str = "auto",
    progress: Progress | None = None,
) -> Snapshot:
    """Copy the register (or the villages whose division code starts with ``scope``) into a snapshot.

    ``on``: the date the snapshot describes (the assessed date): each household, its living conditions and
    members read the version in force on that date (``standards.asof``); ``None``: the register as it is now.

    ``reader``: ``auto`` (ADBC when installed and the data is committed, else the Django cursor),
    ``adbc`` or ``cursor``. Inside a transaction the caller opened, the cursor reads that transaction's view
    (uncommitted rows included); otherwise each reader opens its own read transaction.
    """
    scope = scope_validate(scope)
    started = time.perf_counter()
    read = readers.choose(connection, reader)
    tables: dict[str, pa.Table] = {}

    def store(table: str, data: pa.Table) -> None:
        schema = SCHEMAS[table]  # names and types of the snapshot schema, exactly
        tables[table] = data.rename_columns(schema.names).cast(schema)
        if progress:
            progress(f"快照{LABELS[table]}", data.num_rows, final=True)

    read.read(connection, snapshot_queries(scope, on), SCHEMAS, store)
    return Snapshot(tables, scope, read.name, time.perf_counter() - started)


def snapshot_read_folder(folder, scope: str | None = None) -> tuple[Snapshot, dict]:
    """A snapshot from a Parquet folder written by ``bangfu snapshot`` (checked against its manifest).

    ``scope`` must lie inside the folder's own scope (a snapshot of 4415 cannot answer for 4416); ``None``
    means the folder's scope. Returns the snapshot (its scope is the effective one) and the manifest.
    """

    started = time.perf_counter()
    try:
        tables, manifest = snapshot_read(folder)
    except FolderError as error:
        raise ApplicationError(str(error)) from None
    return Snapshot(
        tables, _inside(scope, manifest, folder), "parquet", time.perf_counter() - started
    ), manifest


def snapshot_folder_check(folder, scope: str | None = None) -> tuple[str | None, dict]:
    """The effective scope and manifest of a Parquet snapshot folder, once its checksums are verified."""

    try:
        manifest = manifest_check(folder)
    except FolderError as error:
        raise ApplicationError(str(error)) from None
    return _inside(scope, manifest, folder), manifest


def _inside(scope: str | None, manifest: dict, folder) -> str | None:
    own = manifest.get("scope") or None
    if own and scope and not scope.startswith(own):
        raise ApplicationError(
            f"快照 {folder} 只含范围 {own}，不能评估范围 {scope} / outside the snapshot's scope"
        )
    return scope or own


def snapshot_write_folder(
    folder, *, scope: str | None = None, as_of=None, progress: Progress | None = None
) -> dict:
    """Take a snapshot of the register (``scope``) and write it to ``folder`` as Parquet with its manifest.

    ``as_of`` (default today) is recorded in the manifest: the date the register is taken to describe, the
    default date of data-quality checks run on the folder. Returns the manifest.
    """

    as_of = as_of or timezone.localdate()
    try:
        prepare(folder)  # refuse a folder in use before the (long) read
    except FolderError as error:
        raise ApplicationError(str(error)) from None
    with snapshot_take(scope, on=as_of, progress=progress) as snapshot:
        vendor = connection.vendor
        try:
            return snapshot_write(
                snapshot.tables,
                folder,
                as_of=as_of,
                scope=snapshot.scope,
                source=f"{vendor} ({snapshot.reader})",
            )
        except FolderError as error:
            raise ApplicationError(str(error)) from None
