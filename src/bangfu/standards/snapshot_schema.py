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
        # Issue 14's optional criteria; NULL = not recorded (an exit criterion over it is undecided).
        ("food_secure", "BOOLEAN"),  # 不愁吃
        ("clothing_secure", "BOOLEAN"),  # 不愁穿
        ("income_stable", "BOOLEAN"),  # 收入稳定
        ("relocated", "BOOLEAN"),  # 易地扶贫搬迁
        ("relocation_keys_date", "DATE"),  # 搬迁交钥匙日期
        ("water_quantity_ok", "BOOLEAN"),  # 水量达标
        ("water_quality_ok", "BOOLEAN"),  # 水质达标
        ("water_convenient", "BOOLEAN"),  # 用水方便
        ("water_supply_assured", "BOOLEAN"),  # 供水保证率达标
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
        ("home_schooled", "BOOLEAN"),  # 送教上门; NULL = not recorded
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
    # Dynamic monitoring (防返贫监测) and assistance, read by the monitoring data-quality checks.
    **{
        "monitoring_cases": (
            ("case_id", "BIGINT"),
            ("household_id", "BIGINT"),
            ("category", "VARCHAR"),  # 脱贫不稳定户 / 边缘易致贫户 / 突发严重困难户
            ("risk_types", "VARCHAR"),  # ';'-wrapped list: ';因病;缺劳动力;' ('' when none)
            ("channel", "VARCHAR"),
            ("step", "VARCHAR"),  # 入户核实 … 帮扶 / 风险消除 / 不予识别
            ("discovered_on", "DATE"),
            ("identified_on", "DATE"),  # NULL until 县级审定
            ("eliminated_on", "DATE"),  # NULL unless the risk is eliminated
            ("elimination_method", "VARCHAR"),  # 帮扶消除 / 自然消除 ('' when none)
        ),
        "measures": (  # assistance measures (帮扶措施) of household plans (一户一策)
            ("measure_id", "BIGINT"),
            ("household_id", "BIGINT"),
            ("plan_year", "INTEGER"),
            ("category", "VARCHAR"),  # 产业 / 就业 / 公益岗位 / …
            ("status", "VARCHAR"),  # 计划 / 实施中 / 已完成 / 取消
            ("start_date", "DATE"),
            ("end_date", "DATE"),
        ),
        "placements": (  # members placed in work (转移就业), including public-welfare posts (公益岗位)
            ("placement_id", "BIGINT"),
            ("member_id", "BIGINT"),
            ("household_id", "BIGINT"),
            ("job_kind", "VARCHAR"),  # 公益岗位 / 市场就业
            ("start_date", "DATE"),
            ("end_date", "DATE"),
        ),
        "department_alerts": (  # rows of department files matched to a registered household (部门筛查预警)
            ("alert_id", "BIGINT"),
            ("household_id", "BIGINT"),
            ("department", "VARCHAR"),  # 医保 / 卫健 / 教育 / 民政 / 残联 / 住建 / 应急 / 公安 / 人社 / 其他
            ("event", "VARCHAR"),  # 预警事项 of shared/contracts/department-alerts.md
            ("occurred_on", "DATE"),
            ("amount", "DOUBLE"),
            ("raised", "BOOLEAN"),  # crossed the monitoring standard's threshold at import
        ),
    },
}


def create_statements() -> list[str]:
    """DuckDB ``CREATE TABLE`` statements for an empty snapshot (tests build small snapshots with these)."""
    return [
        f"CREATE TABLE {table} ({', '.join(f'{name} {kind}' for name, kind in columns)})"
        for table, columns in SNAPSHOT_TABLES.items()
    ]
