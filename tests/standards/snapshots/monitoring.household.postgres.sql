WITH member_rows AS (
  SELECT
    m.*,
    CAST(2021 - EXTRACT(YEAR FROM m.birth_date) - CASE
      WHEN EXTRACT(MONTH FROM m.birth_date) * 100 + EXTRACT(DAY FROM m.birth_date) > 831
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
    COUNT(m.member_id) AS members,
    SUM(
      CASE
        WHEN m.age BETWEEN 6 AND 15
        AND m.out_of_school
        AND COALESCE(m.dropout_reason, '') <> '身体原因'
        AND NOT COALESCE(m.home_schooled, FALSE)
        THEN 1
        ELSE 0
      END
    ) AS out_of_school_children
  FROM member_rows AS m
  GROUP BY
    m.household_id
), household_features AS (
  SELECT
    h.household_id,
    h.household_code,
    h.village_id,
    h.village_code,
    COALESCE(h.attribute IN ('一般贫困户', '低保贫困户', '特困供养贫困户'), FALSE) AS registered_poor,
    COALESCE(h.exit_year <= 2021, FALSE) AS exited_by_year,
    CAST((
      i.wages + i.business_income + i.property_income + i.transfer_income - i.business_costs
    ) AS DOUBLE PRECISION) / NULLIF((
      COALESCE(mt.members, 0)
    ), 0) AS net_income_per_capita,
    h.attribute AS attribute,
    CAST((
      i.wages + i.business_income + i.property_income + i.transfer_income - i.business_costs
    ) - COALESCE(i.compliant_out_of_pocket, 0) AS DOUBLE PRECISION) / NULLIF((
      COALESCE(mt.members, 0)
    ), 0) AS net_income_after_out_of_pocket_per_capita,
    i.compliant_out_of_pocket AS compliant_out_of_pocket,
    (
      SELECT
        COUNT(*)
      FROM (
        SELECT
          *
        FROM department_alerts
        WHERE
          household_id IN (
            SELECT
              household_id
            FROM households
            WHERE
              village_code LIKE '441521%'
          )
      ) AS a
      WHERE
        a.household_id = h.household_id
        AND COALESCE(a.raised, FALSE)
        AND EXTRACT(YEAR FROM a.occurred_on) = 2021
        AND (
          (
            a.department = '医保' AND a.event = '住院自付'
          )
          OR (
            a.department = '医保' AND a.event = '门诊自付'
          )
          OR (
            a.department = '卫健' AND a.event = '新发大病'
          )
        )
    ) AS medical_alerts,
    (
      SELECT
        COUNT(*)
      FROM (
        SELECT
          *
        FROM department_alerts
        WHERE
          household_id IN (
            SELECT
              household_id
            FROM households
            WHERE
              village_code LIKE '441521%'
          )
      ) AS a
      WHERE
        a.household_id = h.household_id
        AND COALESCE(a.raised, FALSE)
        AND EXTRACT(YEAR FROM a.occurred_on) = 2021
        AND (
          (
            a.department = '残联' AND a.event = '新增残疾'
          )
        )
    ) AS disability_alerts,
    COALESCE(mt.out_of_school_children, 0) AS out_of_school_children,
    (
      SELECT
        COUNT(*)
      FROM (
        SELECT
          *
        FROM department_alerts
        WHERE
          household_id IN (
            SELECT
              household_id
            FROM households
            WHERE
              village_code LIKE '441521%'
          )
      ) AS a
      WHERE
        a.household_id = h.household_id
        AND COALESCE(a.raised, FALSE)
        AND EXTRACT(YEAR FROM a.occurred_on) = 2021
        AND (
          (
            a.department = '教育' AND a.event = '辍学'
          )
          OR (
            a.department = '教育' AND a.event = '非义务教育自付学费'
          )
        )
    ) AS schooling_alerts,
    h.housing_grade AS housing_grade,
    h.housing_renovated AS housing_renovated,
    (
      SELECT
        COUNT(*)
      FROM (
        SELECT
          *
        FROM department_alerts
        WHERE
          household_id IN (
            SELECT
              household_id
            FROM households
            WHERE
              village_code LIKE '441521%'
          )
      ) AS a
      WHERE
        a.household_id = h.household_id
        AND COALESCE(a.raised, FALSE)
        AND EXTRACT(YEAR FROM a.occurred_on) = 2021
        AND (
          (
            a.department = '住建' AND a.event = '住房鉴定C级'
          )
          OR (
            a.department = '住建' AND a.event = '住房鉴定D级'
          )
        )
    ) AS housing_alerts,
    h.safe_water AS safe_water,
    (
      SELECT
        COUNT(*)
      FROM (
        SELECT
          *
        FROM department_alerts
        WHERE
          household_id IN (
            SELECT
              household_id
            FROM households
            WHERE
              village_code LIKE '441521%'
          )
      ) AS a
      WHERE
        a.household_id = h.household_id
        AND COALESCE(a.raised, FALSE)
        AND EXTRACT(YEAR FROM a.occurred_on) = 2021
        AND (
          (
            a.department = '应急' AND a.event = '自然灾害受灾'
          )
        )
    ) AS disaster_alerts,
    (
      SELECT
        COUNT(*)
      FROM (
        SELECT
          *
        FROM department_alerts
        WHERE
          household_id IN (
            SELECT
              household_id
            FROM households
            WHERE
              village_code LIKE '441521%'
          )
      ) AS a
      WHERE
        a.household_id = h.household_id
        AND COALESCE(a.raised, FALSE)
        AND EXTRACT(YEAR FROM a.occurred_on) = 2021
        AND (
          (
            a.department = '公安' AND a.event = '意外伤亡'
          )
        )
    ) AS accident_alerts,
    NOT i.household_id IS NULL AS has_income_record,
    COALESCE(mt.members, 0) AS members
  FROM (
    SELECT
      *
    FROM households
    WHERE
      village_code LIKE '441521%'
  ) AS h
  LEFT JOIN member_totals AS mt
    ON mt.household_id = h.household_id
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
  ) AS i
    ON i.household_id = h.household_id AND i.year = 2021
), household_verdicts AS (
  SELECT
    f.*,
    COALESCE((
      f.registered_poor AND NOT f.exited_by_year
    ), FALSE) AS met_not_exited,
    COALESCE((
      f.exited_by_year AND f.net_income_per_capita < 6000
    ), FALSE) AS met_unstable_exited,
    COALESCE((
      f.attribute = '一般农户' AND f.net_income_per_capita < 6000
    ), FALSE) AS met_near_poor,
    COALESCE(
      (
        f.net_income_per_capita >= 6000
        AND f.net_income_after_out_of_pocket_per_capita < 6000
      ),
      FALSE
    ) AS met_sudden_hardship,
    COALESCE(
      (
        f.registered_poor
        AND f.compliant_out_of_pocket >= 5000
        OR NOT f.registered_poor
        AND f.compliant_out_of_pocket >= 20000
        OR f.medical_alerts > 0
      ),
      FALSE
    ) AS met_medical_spending,
    COALESCE((
      f.disability_alerts > 0
    ), FALSE) AS met_disability,
    COALESCE((
      f.out_of_school_children > 0 OR f.schooling_alerts > 0
    ), FALSE) AS met_schooling,
    COALESCE(
      (
        f.housing_grade IN ('C', 'D')
        AND NOT COALESCE(f.housing_renovated, FALSE)
        OR f.housing_alerts > 0
      ),
      FALSE
    ) AS met_housing,
    COALESCE((
      f.safe_water = FALSE
    ), FALSE) AS met_water,
    COALESCE((
      f.disaster_alerts > 0 OR f.accident_alerts > 0
    ), FALSE) AS met_disaster,
    COALESCE((
      NOT f.has_income_record OR f.members = 0
    ), FALSE) AS met_data_missing
  FROM household_features AS f
)
SELECT
  c.household_id,
  c.household_code,
  CASE
    WHEN c.met_not_exited
    OR c.met_unstable_exited
    OR c.met_near_poor
    OR c.met_sudden_hardship
    OR c.met_medical_spending
    OR c.met_disability
    OR c.met_schooling
    OR c.met_housing
    OR c.met_water
    OR c.met_disaster
    THEN 'flag'
    WHEN COALESCE(c.met_data_missing, TRUE)
    THEN 'missing'
    ELSE 'clear'
  END AS result,
  COALESCE(
    CASE
      WHEN c.met_not_exited
      THEN 'not_exited'
      WHEN c.met_unstable_exited
      THEN 'unstable_exited'
      WHEN c.met_near_poor
      THEN 'near_poor'
      WHEN c.met_sudden_hardship
      THEN 'sudden_hardship'
      WHEN c.met_medical_spending
      THEN 'medical_spending'
      WHEN c.met_disability
      THEN 'disability'
      WHEN c.met_schooling
      THEN 'schooling'
      WHEN c.met_housing
      THEN 'housing'
      WHEN c.met_water
      THEN 'water'
      WHEN c.met_disaster
      THEN 'disaster'
    END,
    ''
  ) AS failed,
  CAST(CASE
    WHEN c.met_not_exited
    THEN 'not_exited'
    WHEN c.met_unstable_exited
    THEN 'unstable_exited'
    WHEN c.met_near_poor
    THEN 'near_poor'
    WHEN c.met_sudden_hardship
    THEN 'sudden_hardship'
    WHEN c.met_medical_spending
    THEN 'medical_spending'
    WHEN c.met_disability
    THEN 'disability'
    WHEN c.met_schooling
    THEN 'schooling'
    WHEN c.met_housing
    THEN 'housing'
    WHEN c.met_water
    THEN 'water'
    WHEN c.met_disaster
    THEN 'disaster'
  END AS TEXT) AS category,
  CAST(JSON_BUILD_OBJECT(
    'criteria',
    JSON_BUILD_OBJECT(
      'not_exited',
      JSON_BUILD_OBJECT(
        'flagged',
        c.met_not_exited,
        'values',
        JSON_BUILD_OBJECT('registered_poor', c.registered_poor, 'exited_by_year', c.exited_by_year)
      ),
      'unstable_exited',
      JSON_BUILD_OBJECT(
        'flagged',
        c.met_unstable_exited,
        'values',
        JSON_BUILD_OBJECT(
          'exited_by_year',
          c.exited_by_year,
          'net_income_per_capita',
          c.net_income_per_capita,
          'line',
          6000
        )
      ),
      'near_poor',
      JSON_BUILD_OBJECT(
        'flagged',
        c.met_near_poor,
        'values',
        JSON_BUILD_OBJECT('attribute', c.attribute, 'net_income_per_capita', c.net_income_per_capita, 'line', 6000)
      ),
      'sudden_hardship',
      JSON_BUILD_OBJECT(
        'flagged',
        c.met_sudden_hardship,
        'values',
        JSON_BUILD_OBJECT(
          'net_income_per_capita',
          c.net_income_per_capita,
          'line',
          6000,
          'net_income_after_out_of_pocket_per_capita',
          c.net_income_after_out_of_pocket_per_capita
        )
      ),
      'medical_spending',
      JSON_BUILD_OBJECT(
        'flagged',
        c.met_medical_spending,
        'values',
        JSON_BUILD_OBJECT(
          'registered_poor',
          c.registered_poor,
          'compliant_out_of_pocket',
          c.compliant_out_of_pocket,
          'medical_self_pay_registered',
          5000,
          'medical_self_pay_other',
          20000,
          'medical_alerts',
          c.medical_alerts
        )
      ),
      'disability',
      JSON_BUILD_OBJECT(
        'flagged',
        c.met_disability,
        'values',
        JSON_BUILD_OBJECT('disability_alerts', c.disability_alerts)
      ),
      'schooling',
      JSON_BUILD_OBJECT(
        'flagged',
        c.met_schooling,
        'values',
        JSON_BUILD_OBJECT(
          'out_of_school_children',
          c.out_of_school_children,
          'schooling_alerts',
          c.schooling_alerts
        )
      ),
      'housing',
      JSON_BUILD_OBJECT(
        'flagged',
        c.met_housing,
        'values',
        JSON_BUILD_OBJECT(
          'housing_grade',
          c.housing_grade,
          'housing_renovated',
          c.housing_renovated,
          'housing_alerts',
          c.housing_alerts
        )
      ),
      'water',
      JSON_BUILD_OBJECT('flagged', c.met_water, 'values', JSON_BUILD_OBJECT('safe_water', c.safe_water)),
      'disaster',
      JSON_BUILD_OBJECT(
        'flagged',
        c.met_disaster,
        'values',
        JSON_BUILD_OBJECT('disaster_alerts', c.disaster_alerts, 'accident_alerts', c.accident_alerts)
      ),
      'data_missing',
      JSON_BUILD_OBJECT(
        'flagged',
        c.met_data_missing,
        'values',
        JSON_BUILD_OBJECT('has_income_record', c.has_income_record, 'members', c.members)
      )
    ),
    'parameters',
    JSON_BUILD_OBJECT(
      'line',
      6000,
      'school_age_min',
      6,
      'school_age_max',
      15,
      'school_cutoff',
      '08-31',
      'medical_self_pay_registered',
      5000,
      'medical_self_pay_other',
      20000
    )
  ) AS TEXT) AS detail
FROM household_verdicts AS c
ORDER BY
  c.household_code
