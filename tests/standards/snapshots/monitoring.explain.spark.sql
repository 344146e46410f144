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
    ) AS DOUBLE) / NULLIF((
      COALESCE(mt.members, 0)
    ), 0) AS net_income_per_capita,
    h.attribute AS attribute,
    CAST((
      i.wages + i.business_income + i.property_income + i.transfer_income - i.business_costs
    ) - COALESCE(i.compliant_out_of_pocket, 0) AS DOUBLE) / NULLIF((
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
  WHERE
    h.household_code = 'H1'
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
  END AS STRING) AS category,
  CAST(TO_JSON(
    STRUCT(
      STRUCT(
        STRUCT(
          c.met_not_exited AS `flagged`,
          STRUCT(c.registered_poor AS `registered_poor`, c.exited_by_year AS `exited_by_year`) AS `values`
        ) AS `not_exited`,
        STRUCT(
          c.met_unstable_exited AS `flagged`,
          STRUCT(
            c.exited_by_year AS `exited_by_year`,
            c.net_income_per_capita AS `net_income_per_capita`,
            6000 AS `line`
          ) AS `values`
        ) AS `unstable_exited`,
        STRUCT(
          c.met_near_poor AS `flagged`,
          STRUCT(
            c.attribute AS `attribute`,
            c.net_income_per_capita AS `net_income_per_capita`,
            6000 AS `line`
          ) AS `values`
        ) AS `near_poor`,
        STRUCT(
          c.met_sudden_hardship AS `flagged`,
          STRUCT(
            c.net_income_per_capita AS `net_income_per_capita`,
            6000 AS `line`,
            c.net_income_after_out_of_pocket_per_capita AS `net_income_after_out_of_pocket_per_capita`
          ) AS `values`
        ) AS `sudden_hardship`,
        STRUCT(
          c.met_medical_spending AS `flagged`,
          STRUCT(
            c.registered_poor AS `registered_poor`,
            c.compliant_out_of_pocket AS `compliant_out_of_pocket`,
            5000 AS `medical_self_pay_registered`,
            20000 AS `medical_self_pay_other`,
            c.medical_alerts AS `medical_alerts`
          ) AS `values`
        ) AS `medical_spending`,
        STRUCT(
          c.met_disability AS `flagged`,
          STRUCT(c.disability_alerts AS `disability_alerts`) AS `values`
        ) AS `disability`,
        STRUCT(
          c.met_schooling AS `flagged`,
          STRUCT(
            c.out_of_school_children AS `out_of_school_children`,
            c.schooling_alerts AS `schooling_alerts`
          ) AS `values`
        ) AS `schooling`,
        STRUCT(
          c.met_housing AS `flagged`,
          STRUCT(
            c.housing_grade AS `housing_grade`,
            c.housing_renovated AS `housing_renovated`,
            c.housing_alerts AS `housing_alerts`
          ) AS `values`
        ) AS `housing`,
        STRUCT(c.met_water AS `flagged`, STRUCT(c.safe_water AS `safe_water`) AS `values`) AS `water`,
        STRUCT(
          c.met_disaster AS `flagged`,
          STRUCT(c.disaster_alerts AS `disaster_alerts`, c.accident_alerts AS `accident_alerts`) AS `values`
        ) AS `disaster`,
        STRUCT(
          c.met_data_missing AS `flagged`,
          STRUCT(c.has_income_record AS `has_income_record`, c.members AS `members`) AS `values`
        ) AS `data_missing`
      ) AS `criteria`,
      STRUCT(
        6000 AS `line`,
        6 AS `school_age_min`,
        15 AS `school_age_max`,
        '08-31' AS `school_cutoff`,
        5000 AS `medical_self_pay_registered`,
        20000 AS `medical_self_pay_other`
      ) AS `parameters`
    ),
    MAP('ignoreNullFields', 'false')
  ) AS STRING) AS detail
FROM household_verdicts AS c
ORDER BY
  c.household_code
