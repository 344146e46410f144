WITH member_rows AS (
  SELECT
    m.*,
    CAST(2021 - EXTRACT(YEAR FROM m.birth_date) - CASE
      WHEN EXTRACT(MONTH FROM m.birth_date) * 100 + EXTRACT(DAY FROM m.birth_date) > 1231
      THEN 1
      ELSE 0
    END AS INT) AS age
  FROM (
    SELECT
      *
    FROM members
    WHERE
      household_id IN (
        SELECT
          household_id
        FROM households
        WHERE
          village_code LIKE '441521%'
      )
  ) AS m
  WHERE
    m.birth_date IS NULL OR m.birth_date <= CAST('2021-12-31' AS DATE)
), member_totals AS (
  SELECT
    m.household_id,
    SUM(CASE WHEN m.relation = '户主' THEN 1 ELSE 0 END) AS heads,
    SUM(CASE WHEN m.labour_ability IN ('普通劳动力', '技能劳动力', '弱劳动力或半劳动力') THEN 1 ELSE 0 END) AS labourers,
    COUNT(m.member_id) AS members
  FROM member_rows AS m
  GROUP BY
    m.household_id
), income_totals AS (
  SELECT
    r.household_id,
    SUM(
      CASE
        WHEN r.wages < 0
        OR r.business_income < 0
        OR r.property_income < 0
        OR r.transfer_income < 0
        OR r.business_costs < 0
        OR r.compliant_out_of_pocket < 0
        THEN 1
        ELSE 0
      END
    ) AS negative_income_records
  FROM (
    SELECT
      *
    FROM incomes
    WHERE
      household_id IN (
        SELECT
          household_id
        FROM households
        WHERE
          village_code LIKE '441521%'
      )
  ) AS r
  GROUP BY
    r.household_id
), household_features AS (
  SELECT
    h.household_id,
    h.household_code,
    h.village_id,
    h.village_code,
    COALESCE(mt.heads, 0) AS heads,
    h.main_cause AS main_cause,
    CAST((
      COALESCE(mt.labourers, 0)
    ) AS DOUBLE) / NULLIF((
      COALESCE(mt.members, 0)
    ), 0) AS labourer_share,
    h.housing_grade AS housing_grade,
    h.housing_renovated AS housing_renovated,
    h.exit_year AS exit_year,
    h.identified_year AS identified_year,
    COALESCE(h.attribute IN ('一般贫困户', '低保贫困户', '特困供养贫困户'), FALSE) AS registered_poor,
    COALESCE(it.negative_income_records, 0) AS negative_income_records
  FROM (
    SELECT
      *
    FROM households
    WHERE
      village_code LIKE '441521%'
  ) AS h
  LEFT JOIN member_totals AS mt
    ON mt.household_id = h.household_id
  LEFT JOIN income_totals AS it
    ON it.household_id = h.household_id
), member_features AS (
  SELECT
    m.member_id,
    m.household_id,
    m.id_number,
    m.resident_medical_insurance AS resident_medical_insurance,
    m.employee_medical_insurance AS employee_medical_insurance,
    m.education AS education,
    m.school_status AS school_status,
    m.age AS age,
    m.labour_ability AS labour_ability,
    m.months_employed AS months_employed,
    m.out_of_school AS out_of_school,
    m.dropout_reason AS dropout_reason,
    CASE
      WHEN COALESCE(REGEXP_MATCHES(m.id_number, '^[0-9]{17}[0-9X]$'), FALSE)
      THEN SUBSTRING(
        '10X98765432',
        (
          CAST(SUBSTRING(m.id_number, 1, 1) AS INT) * 7 + CAST(SUBSTRING(m.id_number, 2, 1) AS INT) * 9 + CAST(SUBSTRING(m.id_number, 3, 1) AS INT) * 10 + CAST(SUBSTRING(m.id_number, 4, 1) AS INT) * 5 + CAST(SUBSTRING(m.id_number, 5, 1) AS INT) * 8 + CAST(SUBSTRING(m.id_number, 6, 1) AS INT) * 4 + CAST(SUBSTRING(m.id_number, 7, 1) AS INT) * 2 + CAST(SUBSTRING(m.id_number, 8, 1) AS INT) * 1 + CAST(SUBSTRING(m.id_number, 9, 1) AS INT) * 6 + CAST(SUBSTRING(m.id_number, 10, 1) AS INT) * 3 + CAST(SUBSTRING(m.id_number, 11, 1) AS INT) * 7 + CAST(SUBSTRING(m.id_number, 12, 1) AS INT) * 9 + CAST(SUBSTRING(m.id_number, 13, 1) AS INT) * 10 + CAST(SUBSTRING(m.id_number, 14, 1) AS INT) * 5 + CAST(SUBSTRING(m.id_number, 15, 1) AS INT) * 8 + CAST(SUBSTRING(m.id_number, 16, 1) AS INT) * 4 + CAST(SUBSTRING(m.id_number, 17, 1) AS INT) * 2
        ) % 11 + 1,
        1
      ) = SUBSTRING(m.id_number, 18, 1)
      ELSE FALSE
    END AS id_number_valid,
    CASE
      WHEN COALESCE(REGEXP_MATCHES(m.id_number, '^[0-9]{17}[0-9X]$'), FALSE)
      THEN CAST(SUBSTRING(m.id_number, 7, 4) AS INT) = EXTRACT(YEAR FROM m.birth_date)
      AND CAST(SUBSTRING(m.id_number, 11, 2) AS INT) = EXTRACT(MONTH FROM m.birth_date)
      AND CAST(SUBSTRING(m.id_number, 13, 2) AS INT) = EXTRACT(DAY FROM m.birth_date)
    END AS id_birth_date_matches,
    CASE
      WHEN COALESCE(REGEXP_MATCHES(m.id_number, '^[0-9]{17}[0-9X]$'), FALSE)
      AND m.sex IN ('男', '女')
      THEN (
        CAST(SUBSTRING(m.id_number, 17, 1) AS INT) % 2 = 1
      ) = (
        m.sex = '男'
      )
    END AS id_sex_matches
  FROM member_rows AS m
)
SELECT
  check_id,
  household_id,
  household_code,
  member_id,
  id_number,
  message
FROM (
  SELECT
    'head_missing' AS check_id,
    f.household_id,
    f.household_code,
    CAST(NULL AS BIGINT) AS member_id,
    CAST(NULL AS TEXT) AS id_number,
    '户内没有与户主关系为“户主”的成员' AS message
  FROM household_features AS f
  WHERE
    COALESCE((
      f.heads = 0
    ), FALSE)
  UNION ALL
  SELECT
    'head_multiple' AS check_id,
    f.household_id,
    f.household_code,
    CAST(NULL AS BIGINT) AS member_id,
    CAST(NULL AS TEXT) AS id_number,
    '户内有多名与户主关系为“户主”的成员' AS message
  FROM household_features AS f
  WHERE
    COALESCE((
      f.heads > 1
    ), FALSE)
  UNION ALL
  SELECT
    'medical_both_schemes' AS check_id,
    f.household_id,
    f.household_code,
    mf.member_id,
    mf.id_number,
    '成员同时参加城乡居民医保和职工医保（只能参加一种）' AS message
  FROM member_features AS mf
  JOIN household_features AS f
    ON f.household_id = mf.household_id
  WHERE
    COALESCE((
      mf.resident_medical_insurance AND mf.employee_medical_insurance
    ), FALSE)
  UNION ALL
  SELECT
    'medical_no_scheme' AS check_id,
    f.household_id,
    f.household_code,
    mf.member_id,
    mf.id_number,
    '成员既未参加城乡居民医保，也未参加职工医保' AS message
  FROM member_features AS mf
  JOIN household_features AS f
    ON f.household_id = mf.household_id
  WHERE
    COALESCE(
      (
        NOT COALESCE(mf.resident_medical_insurance, FALSE)
        AND NOT COALESCE(mf.employee_medical_insurance, FALSE)
      ),
      FALSE
    )
  UNION ALL
  SELECT
    'education_and_school_status' AS check_id,
    f.household_id,
    f.household_code,
    mf.member_id,
    mf.id_number,
    '文化程度与在校生状况只能填写其中一项，现两项都已填写' AS message
  FROM member_features AS mf
  JOIN household_features AS f
    ON f.household_id = mf.household_id
  WHERE
    COALESCE((
      mf.education <> '' AND mf.school_status <> ''
    ), FALSE)
  UNION ALL
  SELECT
    'education_or_school_status_missing' AS check_id,
    f.household_id,
    f.household_code,
    mf.member_id,
    mf.id_number,
    '文化程度与在校生状况必须填写其中一项，现两项都为空' AS message
  FROM member_features AS mf
  JOIN household_features AS f
    ON f.household_id = mf.household_id
  WHERE
    COALESCE(
      (
        COALESCE(mf.education, '') = '' AND COALESCE(mf.school_status, '') = ''
      ),
      FALSE
    )
  UNION ALL
  SELECT
    'grades_7_9_age' AS check_id,
    f.household_id,
    f.household_code,
    mf.member_id,
    mf.id_number,
    '在校生状况为七至九年级，但年龄不在12至16周岁之间' AS message
  FROM member_features AS mf
  JOIN household_features AS f
    ON f.household_id = mf.household_id
  WHERE
    COALESCE((
      mf.school_status = '七至九年级' AND NOT mf.age BETWEEN 12 AND 16
    ), FALSE)
  UNION ALL
  SELECT
    'lack_of_labour_with_labourers' AS check_id,
    f.household_id,
    f.household_code,
    CAST(NULL AS BIGINT) AS member_id,
    CAST(NULL AS TEXT) AS id_number,
    '主要致贫原因为缺劳动力，但劳动力超过家庭人口的四分之一' AS message
  FROM household_features AS f
  WHERE
    COALESCE((
      f.main_cause = '缺劳动力' AND f.labourer_share > 0.25
    ), FALSE)
  UNION ALL
  SELECT
    'employed_without_labour' AS check_id,
    f.household_id,
    f.household_code,
    mf.member_id,
    mf.id_number,
    '劳动技能为丧失劳动力或无劳动力，但务工月数大于0' AS message
  FROM member_features AS mf
  JOIN household_features AS f
    ON f.household_id = mf.household_id
  WHERE
    COALESCE((
      mf.labour_ability IN ('丧失劳动力', '无劳动力') AND mf.months_employed > 0
    ), FALSE)
  UNION ALL
  SELECT
    'months_employed_range' AS check_id,
    f.household_id,
    f.household_code,
    mf.member_id,
    mf.id_number,
    '务工月数必须在0至12之间' AS message
  FROM member_features AS mf
  JOIN household_features AS f
    ON f.household_id = mf.household_id
  WHERE
    COALESCE((
      mf.months_employed < 0 OR mf.months_employed > 12
    ), FALSE)
  UNION ALL
  SELECT
    'dropout_without_reason' AS check_id,
    f.household_id,
    f.household_code,
    mf.member_id,
    mf.id_number,
    '失学辍学为“是”，但未填写辍学原因' AS message
  FROM member_features AS mf
  JOIN household_features AS f
    ON f.household_id = mf.household_id
  WHERE
    COALESCE((
      mf.out_of_school AND COALESCE(mf.dropout_reason, '') = ''
    ), FALSE)
  UNION ALL
  SELECT
    'renovated_safe_housing' AS check_id,
    f.household_id,
    f.household_code,
    CAST(NULL AS BIGINT) AS member_id,
    CAST(NULL AS TEXT) AS id_number,
    '危房改造只适用于C、D级住房，但A、B级住房填写了危房改造为“是”' AS message
  FROM household_features AS f
  WHERE
    COALESCE((
      f.housing_grade IN ('A', 'B') AND f.housing_renovated
    ), FALSE)
  UNION ALL
  SELECT
    'exit_before_identification' AS check_id,
    f.household_id,
    f.household_code,
    CAST(NULL AS BIGINT) AS member_id,
    CAST(NULL AS TEXT) AS id_number,
    '脱贫年度早于识别年度' AS message
  FROM household_features AS f
  WHERE
    COALESCE((
      f.exit_year < f.identified_year
    ), FALSE)
  UNION ALL
  SELECT
    'registered_poor_without_year' AS check_id,
    f.household_id,
    f.household_code,
    CAST(NULL AS BIGINT) AS member_id,
    CAST(NULL AS TEXT) AS id_number,
    '贫困户属性为建档立卡贫困户，但未填写识别年度' AS message
  FROM household_features AS f
  WHERE
    COALESCE((
      f.registered_poor AND f.identified_year IS NULL
    ), FALSE)
  UNION ALL
  SELECT
    'registered_poor_without_cause' AS check_id,
    f.household_id,
    f.household_code,
    CAST(NULL AS BIGINT) AS member_id,
    CAST(NULL AS TEXT) AS id_number,
    '贫困户属性为建档立卡贫困户，但未填写主要致贫原因' AS message
  FROM household_features AS f
  WHERE
    COALESCE((
      f.registered_poor AND COALESCE(f.main_cause, '') = ''
    ), FALSE)
  UNION ALL
  SELECT
    'negative_income' AS check_id,
    f.household_id,
    f.household_code,
    CAST(NULL AS BIGINT) AS member_id,
    CAST(NULL AS TEXT) AS id_number,
    '收入记录中有负数金额（收入、支出均应不小于0）' AS message
  FROM household_features AS f
  WHERE
    COALESCE((
      f.negative_income_records > 0
    ), FALSE)
  UNION ALL
  SELECT
    'id_number_invalid' AS check_id,
    f.household_id,
    f.household_code,
    mf.member_id,
    mf.id_number,
    '证件号码不是18位，或校验位不正确' AS message
  FROM member_features AS mf
  JOIN household_features AS f
    ON f.household_id = mf.household_id
  WHERE
    COALESCE((
      NOT mf.id_number_valid
    ), FALSE)
  UNION ALL
  SELECT
    'id_birth_date_mismatch' AS check_id,
    f.household_id,
    f.household_code,
    mf.member_id,
    mf.id_number,
    '证件号码中的出生日期与出生日期不一致' AS message
  FROM member_features AS mf
  JOIN household_features AS f
    ON f.household_id = mf.household_id
  WHERE
    COALESCE((
      NOT mf.id_birth_date_matches
    ), FALSE)
  UNION ALL
  SELECT
    'id_sex_mismatch' AS check_id,
    f.household_id,
    f.household_code,
    mf.member_id,
    mf.id_number,
    '证件号码第17位（奇数为男、偶数为女）与性别不一致' AS message
  FROM member_features AS mf
  JOIN household_features AS f
    ON f.household_id = mf.household_id
  WHERE
    COALESCE((
      NOT mf.id_sex_matches
    ), FALSE)
) AS findings
ORDER BY
  check_id,
  household_code,
  member_id
