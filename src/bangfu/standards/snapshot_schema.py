"""The register snapshot that standards are evaluated on: table and column names and DuckDB types.

This is the contract between the engine (which copies the operational database into these tables, as
Arrow, for DuckDB) and the standards compiler (whose SQL reads only these tables and columns). Pure data.
Money is DOUBLE yuan; years are INTEGER; booleans may be NULL where the register allows "unknown".
"""

from __future__ import annotations

SNAPSHOT_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "villages": (
        ("village_id", "BIGINT"),
        ("village_code", "VARCHAR"),  # 12-digit division code
        ("name", "VARCHAR"),
        ("county_code", "VARCHAR"),  # 12-digit code of the county-level division
        ("is_poor", "BOOLEAN"),
        ("identified_year", "INTEGER"),
        ("exit_year", "INTEGER"),
        ("registered_population", "INTEGER"),
    ),
    "village_stats": (
        ("village_id", "BIGINT"),
        ("year", "INTEGER"),
        ("registered_population", "INTEGER"),
        ("disposable_income_per_capita", "DOUBLE"),
        ("collective_income", "DOUBLE"),
        ("living_environment_ok", "BOOLEAN"),  # 人居环境达标; NULL = not recorded
        ("roads_ok", "BOOLEAN"),  # 通硬化路; NULL = not recorded
        ("drinking_water_ok", "BOOLEAN"),  # 村饮水安全达标; NULL = not recorded
        ("public_services_ok", "BOOLEAN"),  # 基本公共服务达标; NULL = not recorded
        ("party_organisation_ok", "BOOLEAN"),  # 村党组织达标; NULL = not recorded
        ("water_power_ok", "BOOLEAN"),  # 农田水利和用电达标; NULL = not recorded
        ("tv_broadband_ok", "BOOLEAN"),  # 广播电视和宽带覆盖; NULL = not recorded
    ),
    "households": (
        ("household_id", "BIGINT"),
        ("household_code", "VARCHAR"),
        ("village_id", "BIGINT"),
        ("village_code", "VARCHAR"),
        ("attribute", "VARCHAR"),  # 一般贫困户 / 低保贫困户 / 特困供养贫困户 / 一般农户
        ("identified_year", "INTEGER"),
        ("exit_year", "INTEGER"),
        ("main_cause", "VARCHAR"),  # '' when none
        ("housing_grade", "VARCHAR"),  # A / B / C / D
        ("housing_renovated", "BOOLEAN"),
        ("safe_water", "BOOLEAN"),
    ),
    "members": (
        ("member_id", "BIGINT"),
        ("household_id", "BIGINT"),
        ("id_number", "VARCHAR"),
        ("name", "VARCHAR"),
        ("relation", "VARCHAR"),
        ("sex", "VARCHAR"),
        ("birth_date", "DATE"),
        ("education", "VARCHAR"),  # '' when in school
        ("school_status", "VARCHAR"),  # '' when not
        ("health", "VARCHAR"),
        ("labour_ability", "VARCHAR"),
        ("months_employed", "INTEGER"),
        ("resident_medical_insurance", "BOOLEAN"),
        ("employee_medical_insurance", "BOOLEAN"),
        ("critical_illness_insurance", "BOOLEAN"),
        ("pension_insurance", "BOOLEAN"),
        ("receives_dibao", "BOOLEAN"),
        ("receives_tekun", "BOOLEAN"),
        ("out_of_school", "BOOLEAN"),
        ("dropout_reason", "VARCHAR"),  # '' when none
    ),
    "incomes": (
        ("household_id", "BIGINT"),
        ("year", "INTEGER"),
        ("wages", "DOUBLE"),
        ("business_income", "DOUBLE"),
        ("property_income", "DOUBLE"),
        ("transfer_income", "DOUBLE"),
        ("business_costs", "DOUBLE"),
        ("compliant_out_of_pocket", "DOUBLE"),
    ),
}


def create_statements() -> list[str]:
    """DuckDB ``CREATE TABLE`` statements for an empty snapshot (tests build small snapshots with these)."""
    return [
        f"CREATE TABLE {table} ({', '.join(f'{name} {kind}' for name, kind in columns)})"
        for table, columns in SNAPSHOT_TABLES.items()
    ]
