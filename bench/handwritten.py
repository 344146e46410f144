"""Hand-written DuckDB SQL for gd-2016 (2020), monitoring (2021) and the quality checks: the baseline that
``bench/assess.py`` holds the standards compiler to (issue #3: engine ÷ hand-written ≤ 1.5).

Written directly against the snapshot tables, as an engineer would without the rule language; the benchmark
checks it returns the same verdicts and findings as the compiled standards.
"""

GD_2016_2020 = """
WITH m AS (
  SELECT * , 2020 - year(birth_date) - CASE WHEN month(birth_date) * 100 + day(birth_date) > 831 THEN 1 ELSE 0 END AS age
  FROM members WHERE birth_date <= DATE '2020-12-31'
), t AS (
  SELECT household_id, count(*) AS members,
         count(*) FILTER (labour_ability IN ('普通劳动力', '技能劳动力', '弱劳动力或半劳动力')) > 0 AS has_labour,
         bool_or(coalesce(receives_dibao, false) OR coalesce(receives_tekun, false)) AS assisted,
         count(*) FILTER (age BETWEEN 6 AND 15 AND out_of_school AND coalesce(dropout_reason, '') <> '身体原因') AS out_of_school,
         count(*) FILTER (NOT coalesce(resident_medical_insurance, false) AND NOT coalesce(employee_medical_insurance, false)) AS uninsured
  FROM m GROUP BY household_id
), f AS (
  SELECT h.household_id, h.household_code, i.household_id IS NOT NULL AS has_income, coalesce(t.members, 0) AS members,
         coalesce(t.has_labour, false) AS has_labour,
         (i.wages + i.business_income + i.property_income + i.transfer_income - i.business_costs) / nullif(t.members, 0) AS pc,
         coalesce(t.assisted, false) OR h.attribute IN ('低保贫困户', '特困供养贫困户') AS covered,
         coalesce(t.out_of_school, 0) AS out_of_school, coalesce(t.uninsured, 0) AS uninsured,
         h.housing_grade, h.housing_renovated, h.safe_water
  FROM households h LEFT JOIN t USING (household_id)
  LEFT JOIN incomes i ON i.household_id = h.household_id AND i.year = 2020
  WHERE h.attribute <> '一般农户' AND h.identified_year <= 2020
), v AS (
  SELECT *,
    coalesce(has_income AND members > 0 AND (pc >= 7365 OR NOT has_labour AND covered), false) AS income,
    out_of_school = 0 AS education, uninsured = 0 AS medical,
    coalesce(housing_grade IN ('A', 'B') OR housing_grade IN ('C', 'D') AND housing_renovated, false) AS housing,
    coalesce(safe_water, false) AS water
  FROM f
)
SELECT household_id, household_code,
  CASE WHEN income AND education AND medical AND housing AND water THEN 'pass' ELSE 'fail' END AS result,
  concat_ws(';', CASE WHEN NOT education THEN 'education' END, CASE WHEN NOT housing THEN 'housing' END,
            CASE WHEN NOT income THEN 'income' END, CASE WHEN NOT medical THEN 'medical' END,
            CASE WHEN NOT water THEN 'water' END) AS failed,
  NULL::VARCHAR AS category,
  to_json({'criteria': {
    'income': {'passed': income, 'values': {'has_income_record': has_income, 'members': members, 'has_labour': has_labour, 'net_income_per_capita': pc, 'line': 7365, 'covered_by_social_assistance': covered}},
    'education': {'passed': education, 'values': {'out_of_school_children': out_of_school}},
    'medical': {'passed': medical, 'values': {'uninsured_members': uninsured}},
    'housing': {'passed': housing, 'values': {'housing_grade': housing_grade, 'housing_renovated': housing_renovated}},
    'water': {'passed': water, 'values': {'safe_water': safe_water}}},
    'parameters': {'line': 7365, 'incidence_limit': 0.02, 'collective_income_min': 100000}})::VARCHAR AS detail
FROM v ORDER BY household_code
"""

MONITORING_2021 = """
WITH t AS (
  SELECT household_id, count(*) AS members FROM members WHERE birth_date <= DATE '2021-12-31' GROUP BY household_id
), f AS (
  SELECT h.household_id, h.household_code, h.attribute, coalesce(h.exit_year <= 2021, false) AS exited,
         (i.wages + i.business_income + i.property_income + i.transfer_income - i.business_costs) / nullif(t.members, 0) AS pc,
         (i.wages + i.business_income + i.property_income + i.transfer_income - i.business_costs
          - coalesce(i.compliant_out_of_pocket, 0)) / nullif(t.members, 0) AS pc_after
  FROM households h LEFT JOIN t USING (household_id)
  LEFT JOIN incomes i ON i.household_id = h.household_id AND i.year = 2021
), v AS (
  SELECT *, coalesce(exited AND pc < 6000, false) AS unstable, coalesce(attribute = '一般农户' AND pc < 6000, false) AS near,
         coalesce(pc >= 6000 AND pc_after < 6000, false) AS sudden,
         CASE WHEN exited AND pc < 6000 THEN 'unstable_exited' WHEN attribute = '一般农户' AND pc < 6000 THEN 'near_poor'
              WHEN pc >= 6000 AND pc_after < 6000 THEN 'sudden_hardship' END AS category
  FROM f
)
SELECT household_id, household_code, CASE WHEN category IS NULL THEN 'clear' ELSE 'flag' END AS result,
  coalesce(category, '') AS failed, category,
  to_json({'criteria': {
    'unstable_exited': {'flagged': unstable, 'values': {'exited_by_year': exited, 'net_income_per_capita': pc, 'line': 6000}},
    'near_poor': {'flagged': near, 'values': {'attribute': attribute, 'net_income_per_capita': pc, 'line': 6000}},
    'sudden_hardship': {'flagged': sudden, 'values': {'net_income_per_capita': pc, 'line': 6000, 'net_income_after_out_of_pocket_per_capita': pc_after}}},
    'parameters': {'line': 6000}})::VARCHAR AS detail
FROM v ORDER BY household_code
"""

# One scan of members and one of households, each row listing the checks it fails, then unnested.
QUALITY_2021_12_31 = """
WITH m AS (
  SELECT *, 2021 - year(birth_date) AS age,
    regexp_matches(id_number, '^[0-9]{17}[0-9X]$') AS well_formed
  FROM members WHERE birth_date <= DATE '2021-12-31'
), mc AS (
  SELECT *, CASE WHEN well_formed THEN
      substr('10X98765432', CAST((list_sum(list_transform(range(17), lambda k: CAST(id_number[k + 1] AS INT)
        * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][k + 1])) % 11) + 1 AS BIGINT), 1) = id_number[18]
      ELSE false END AS valid
  FROM m
), member_findings AS (
  SELECT household_id, member_id, id_number, unnest(list_filter([
    CASE WHEN resident_medical_insurance AND employee_medical_insurance THEN 'medical_both_schemes' END,
    CASE WHEN NOT coalesce(resident_medical_insurance, false) AND NOT coalesce(employee_medical_insurance, false) THEN 'medical_no_scheme' END,
    CASE WHEN education <> '' AND school_status <> '' THEN 'education_and_school_status' END,
    CASE WHEN coalesce(education, '') = '' AND coalesce(school_status, '') = '' THEN 'education_or_school_status_missing' END,
    CASE WHEN school_status = '七至九年级' AND NOT age BETWEEN 12 AND 16 THEN 'grades_7_9_age' END,
    CASE WHEN labour_ability IN ('丧失劳动力', '无劳动力') AND months_employed > 0 THEN 'employed_without_labour' END,
    CASE WHEN months_employed < 0 OR months_employed > 12 THEN 'months_employed_range' END,
    CASE WHEN out_of_school AND coalesce(dropout_reason, '') = '' THEN 'dropout_without_reason' END,
    CASE WHEN NOT valid THEN 'id_number_invalid' END,
    CASE WHEN well_formed AND strptime(substr(id_number, 7, 8), '%Y%m%d')::DATE <> birth_date THEN 'id_birth_date_mismatch' END,
    CASE WHEN well_formed AND sex IN ('男', '女') AND (CAST(id_number[17] AS INT) % 2 = 1) <> (sex = '男') THEN 'id_sex_mismatch' END
  ], lambda c: c IS NOT NULL)) AS check_id
  FROM mc
), t AS (
  SELECT household_id, count(*) FILTER (relation = '户主') AS heads, count(*) AS members,
         count(*) FILTER (labour_ability IN ('普通劳动力', '技能劳动力', '弱劳动力或半劳动力')) AS labourers
  FROM m GROUP BY household_id
), neg AS (
  SELECT DISTINCT household_id FROM incomes WHERE least(wages, business_income, property_income, transfer_income,
    business_costs, coalesce(compliant_out_of_pocket, 0)) < 0
), household_findings AS (
  SELECT h.household_id, unnest(list_filter([
    CASE WHEN coalesce(t.heads, 0) = 0 THEN 'head_missing' END,
    CASE WHEN t.heads > 1 THEN 'head_multiple' END,
    CASE WHEN h.main_cause = '缺劳动力' AND t.labourers / t.members > 0.25 THEN 'lack_of_labour_with_labourers' END,
    CASE WHEN h.housing_grade IN ('A', 'B') AND h.housing_renovated THEN 'renovated_safe_housing' END,
    CASE WHEN h.exit_year < h.identified_year THEN 'exit_before_identification' END,
    CASE WHEN h.attribute <> '一般农户' AND h.identified_year IS NULL THEN 'registered_poor_without_year' END,
    CASE WHEN h.attribute <> '一般农户' AND coalesce(h.main_cause, '') = '' THEN 'registered_poor_without_cause' END,
    CASE WHEN neg.household_id IS NOT NULL THEN 'negative_income' END
  ], lambda c: c IS NOT NULL)) AS check_id
  FROM households h LEFT JOIN t USING (household_id) LEFT JOIN neg USING (household_id)
)
SELECT f.check_id, f.household_id, h.household_code, f.member_id, f.id_number
FROM (SELECT check_id, household_id, member_id, id_number FROM member_findings
      UNION ALL SELECT check_id, household_id, NULL, NULL FROM household_findings) f
JOIN households h USING (household_id)
ORDER BY check_id, household_code, member_id
"""
