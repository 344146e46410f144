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
    COALESCE(it.negative_income_records, 0) AS negative_income_records,
    COALESCE(mt.members, 0) AS members,
    (
      COALESCE(mt.labourers, 0)
    ) > 0 AS has_labour
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
    END AS id_sex_matches,
    CAST(EXTRACT(YEAR FROM (
      SELECT
        MIN(p.start_date)
      FROM (
        SELECT
          *
        FROM placements
        WHERE
          household_id IN (
            SELECT
              household_id
            FROM households
            WHERE
              village_code LIKE '441521%'
          )
      ) AS p
      WHERE
        p.member_id = m.member_id
        AND p.job_kind = '公益岗位'
        AND EXTRACT(YEAR FROM p.start_date) <= 2021
    )) - EXTRACT(YEAR FROM m.birth_date) - CASE
      WHEN EXTRACT(MONTH FROM m.birth_date) * 100 + EXTRACT(DAY FROM m.birth_date) > EXTRACT(MONTH FROM (
        SELECT
          MIN(p.start_date)
        FROM (
          SELECT
            *
          FROM placements
          WHERE
            household_id IN (
              SELECT
                household_id
              FROM households
              WHERE
                village_code LIKE '441521%'
            )
        ) AS p
        WHERE
          p.member_id = m.member_id
          AND p.job_kind = '公益岗位'
          AND EXTRACT(YEAR FROM p.start_date) <= 2021
      )) * 100 + EXTRACT(DAY FROM (
        SELECT
          MIN(p.start_date)
        FROM (
          SELECT
            *
          FROM placements
          WHERE
            household_id IN (
              SELECT
                household_id
              FROM households
              WHERE
                village_code LIKE '441521%'
            )
        ) AS p
        WHERE
          p.member_id = m.member_id
          AND p.job_kind = '公益岗位'
          AND EXTRACT(YEAR FROM p.start_date) <= 2021
      ))
      THEN 1
      ELSE 0
    END AS INT) AS public_welfare_post_start_age
  FROM member_rows AS m
), case_measures AS (
  SELECT
    c.case_id,
    SUM(
      CASE
        WHEN x.status <> '取消'
        AND (
          x.start_date IS NULL OR x.start_date <= CAST('2021-12-31' AS DATE)
        )
        THEN 1
        ELSE 0
      END
    ) AS measures,
    SUM(
      CASE
        WHEN x.status = '已完成'
        AND (
          x.start_date IS NULL OR x.start_date <= CAST('2021-12-31' AS DATE)
        )
        THEN 1
        ELSE 0
      END
    ) AS completed_measures,
    SUM(
      CASE
        WHEN x.status <> '取消'
        AND x.category IN ('就业', '公益岗位')
        AND x.plan_year <= EXTRACT(YEAR FROM c.eliminated_on)
        THEN 1
        ELSE 0
      END
    ) AS employment_measures
  FROM (
    SELECT
      *
    FROM monitoring_cases
    WHERE
      household_id IN (
        SELECT
          household_id
        FROM households
        WHERE
          village_code LIKE '441521%'
      )
  ) AS c
  JOIN (
    SELECT
      *
    FROM measures
    WHERE
      household_id IN (
        SELECT
          household_id
        FROM households
        WHERE
          village_code LIKE '441521%'
      )
  ) AS x
    ON x.household_id = c.household_id
  WHERE
    NOT c.identified_on IS NULL
    AND x.plan_year >= EXTRACT(YEAR FROM c.identified_on)
    AND x.plan_year <= 2021
  GROUP BY
    c.case_id
), case_rows AS (
  SELECT
    c.*,
    NOT c.identified_on IS NULL AND c.identified_on <= CAST('2021-12-31' AS DATE) AS identified,
    NOT c.eliminated_on IS NULL AND c.eliminated_on <= CAST('2021-12-31' AS DATE) AS eliminated,
    CASE
      WHEN c.identified_on <= CAST('2021-12-31' AS DATE)
      THEN CAST((
        EXTRACT(YEAR FROM CAST('2021-12-31' AS DATE)) - EXTRACT(YEAR FROM c.identified_on)
      ) * 12 + EXTRACT(MONTH FROM CAST('2021-12-31' AS DATE)) - EXTRACT(MONTH FROM c.identified_on) - CASE
        WHEN EXTRACT(DAY FROM CAST('2021-12-31' AS DATE)) < EXTRACT(DAY FROM c.identified_on)
        AND EXTRACT(DAY FROM CAST('2021-12-31' AS DATE) + INTERVAL '1' DAY) <> 1
        THEN 1
        ELSE 0
      END AS INT)
    END AS months_since_identification,
    CASE
      WHEN c.eliminated_on <= CAST('2021-12-31' AS DATE)
      THEN CAST((
        EXTRACT(YEAR FROM c.eliminated_on) - EXTRACT(YEAR FROM c.identified_on)
      ) * 12 + EXTRACT(MONTH FROM c.eliminated_on) - EXTRACT(MONTH FROM c.identified_on) - CASE
        WHEN EXTRACT(DAY FROM c.eliminated_on) < EXTRACT(DAY FROM c.identified_on)
        AND EXTRACT(DAY FROM c.eliminated_on + INTERVAL '1' DAY) <> 1
        THEN 1
        ELSE 0
      END AS INT)
    END AS months_to_elimination,
    ei.wages + ei.business_income + ei.property_income + ei.transfer_income - ei.business_costs AS elimination_year_net_income,
    ei.wages AS elimination_year_wages,
    CAST(CASE
      WHEN EXTRACT(YEAR FROM c.eliminated_on) = 2021
      THEN 6000
      WHEN EXTRACT(YEAR FROM c.eliminated_on) = 2022
      THEN 6000
      WHEN EXTRACT(YEAR FROM c.eliminated_on) = 2023
      THEN CASE WHEN h.village_code LIKE '52%' THEN 7300 ELSE 6000 END
      WHEN EXTRACT(YEAR FROM c.eliminated_on) = 2024
      THEN 6000
      WHEN EXTRACT(YEAR FROM c.eliminated_on) = 2025
      THEN CASE WHEN h.village_code LIKE '53%' THEN 8700 ELSE 6000 END
    END AS DOUBLE) AS elimination_line
  FROM (
    SELECT
      *
    FROM monitoring_cases
    WHERE
      household_id IN (
        SELECT
          household_id
        FROM households
        WHERE
          village_code LIKE '441521%'
      )
  ) AS c
  JOIN (
    SELECT
      *
    FROM households
    WHERE
      village_code LIKE '441521%'
  ) AS h
    ON h.household_id = c.household_id
  LEFT JOIN (
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
  ) AS ei
    ON ei.household_id = c.household_id AND ei.year = EXTRACT(YEAR FROM c.eliminated_on)
  WHERE
    c.discovered_on <= CAST('2021-12-31' AS DATE)
), case_features AS (
  SELECT
    c.case_id,
    c.household_id,
    COALESCE(c.identified, FALSE) AS case_identified,
    c.months_since_identification AS months_since_identification,
    COALESCE(cm.measures, 0) AS case_measures,
    COALESCE(c.eliminated, FALSE) AS case_eliminated,
    c.months_to_elimination AS months_identified_to_eliminated,
    CASE WHEN c.eliminated THEN c.elimination_method ELSE '' END AS elimination_method,
    c.elimination_year_net_income AS eliminated_year_net_income,
    c.elimination_line AS elimination_line,
    COALESCE(cm.completed_measures, 0) AS case_completed_measures,
    COALESCE(cm.employment_measures, 0) AS case_employment_measures,
    c.elimination_year_wages AS eliminated_year_wages,
    COALESCE(c.risk_types LIKE '%;缺劳动力;%', FALSE) AS risk_lack_of_labour
  FROM case_rows AS c
  LEFT JOIN case_measures AS cm
    ON cm.case_id = c.case_id
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
  UNION ALL
  SELECT DISTINCT
    'case_no_measure' AS check_id,
    f.household_id,
    f.household_code,
    CAST(NULL AS BIGINT) AS member_id,
    CAST(NULL AS TEXT) AS id_number,
    '监测对象识别已满1个月，但自识别年度起没有落实任何帮扶措施' AS message
  FROM case_features AS cf
  JOIN household_features AS f
    ON f.household_id = cf.household_id
  WHERE
    COALESCE(
      (
        cf.case_identified
        AND cf.months_since_identification >= 1
        AND cf.case_measures = 0
      ),
      FALSE
    )
  UNION ALL
  SELECT DISTINCT
    'case_eliminated_early' AS check_id,
    f.household_id,
    f.household_code,
    CAST(NULL AS BIGINT) AS member_id,
    CAST(NULL AS TEXT) AS id_number,
    '风险消除日期距识别不满6个月（识别满6个月方可消除风险）' AS message
  FROM case_features AS cf
  JOIN household_features AS f
    ON f.household_id = cf.household_id
  WHERE
    COALESCE((
      cf.case_eliminated AND cf.months_identified_to_eliminated < 6
    ), FALSE)
  UNION ALL
  SELECT DISTINCT
    'case_eliminated_unidentified' AS check_id,
    f.household_id,
    f.household_code,
    CAST(NULL AS BIGINT) AS member_id,
    CAST(NULL AS TEXT) AS id_number,
    '监测对象已标注风险消除，但没有识别（县级审定）日期' AS message
  FROM case_features AS cf
  JOIN household_features AS f
    ON f.household_id = cf.household_id
  WHERE
    COALESCE((
      cf.case_eliminated AND NOT cf.case_identified
    ), FALSE)
  UNION ALL
  SELECT DISTINCT
    'case_eliminated_below_line' AS check_id,
    f.household_id,
    f.household_code,
    CAST(NULL AS BIGINT) AS member_id,
    CAST(NULL AS TEXT) AS id_number,
    '风险消除方式为帮扶消除，但消除当年人均纯收入低于当年监测线' AS message
  FROM case_features AS cf
  JOIN household_features AS f
    ON f.household_id = cf.household_id
  WHERE
    COALESCE(
      (
        cf.elimination_method = '帮扶消除'
        AND CAST(cf.eliminated_year_net_income AS DOUBLE) / NULLIF(f.members, 0) < cf.elimination_line
      ),
      FALSE
    )
  UNION ALL
  SELECT DISTINCT
    'case_eliminated_without_measure' AS check_id,
    f.household_id,
    f.household_code,
    CAST(NULL AS BIGINT) AS member_id,
    CAST(NULL AS TEXT) AS id_number,
    '监测对象已风险消除，但自识别年度起没有已完成的帮扶措施（消除前须至少落实1项）' AS message
  FROM case_features AS cf
  JOIN household_features AS f
    ON f.household_id = cf.household_id
  WHERE
    COALESCE((
      cf.case_eliminated AND cf.case_completed_measures = 0
    ), FALSE)
  UNION ALL
  SELECT DISTINCT
    'case_eliminated_without_labour' AS check_id,
    f.household_id,
    f.household_code,
    CAST(NULL AS BIGINT) AS member_id,
    CAST(NULL AS TEXT) AS id_number,
    '家中没有劳动力的监测户不应标注风险消除' AS message
  FROM case_features AS cf
  JOIN household_features AS f
    ON f.household_id = cf.household_id
  WHERE
    COALESCE((
      cf.case_eliminated AND f.members > 0 AND NOT f.has_labour
    ), FALSE)
  UNION ALL
  SELECT DISTINCT
    'case_employment_help_without_wages' AS check_id,
    f.household_id,
    f.household_code,
    CAST(NULL AS BIGINT) AS member_id,
    CAST(NULL AS TEXT) AS id_number,
    '风险已消除的监测户享受了就业或公益岗位帮扶，但消除当年工资性收入为0' AS message
  FROM case_features AS cf
  JOIN household_features AS f
    ON f.household_id = cf.household_id
  WHERE
    COALESCE(
      (
        cf.case_eliminated
        AND cf.case_employment_measures > 0
        AND cf.eliminated_year_wages = 0
      ),
      FALSE
    )
  UNION ALL
  SELECT DISTINCT
    'case_lack_of_labour_with_labourers' AS check_id,
    f.household_id,
    f.household_code,
    CAST(NULL AS BIGINT) AS member_id,
    CAST(NULL AS TEXT) AS id_number,
    '监测对象风险类型含缺劳动力，但劳动力超过家庭人口的四分之一' AS message
  FROM case_features AS cf
  JOIN household_features AS f
    ON f.household_id = cf.household_id
  WHERE
    COALESCE((
      cf.risk_lack_of_labour AND f.labourer_share > 0.25
    ), FALSE)
  UNION ALL
  SELECT
    'public_welfare_post_under_16' AS check_id,
    f.household_id,
    f.household_code,
    mf.member_id,
    mf.id_number,
    '成员上公益岗位时未满16周岁' AS message
  FROM member_features AS mf
  JOIN household_features AS f
    ON f.household_id = mf.household_id
  WHERE
    COALESCE((
      mf.public_welfare_post_start_age < 16
    ), FALSE)
) AS findings
ORDER BY
  check_id,
  household_code,
  member_id
