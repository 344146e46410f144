WITH member_rows AS (
  SELECT
    m.*,
    CAST(2020 - EXTRACT(YEAR FROM m.birth_date) - CASE
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
    m.birth_date IS NULL OR m.birth_date <= CAST('2020-12-31' AS DATE)
), member_totals AS (
  SELECT
    m.household_id,
    COUNT(m.member_id) AS members,
    SUM(CASE WHEN m.labour_ability IN ('普通劳动力', '技能劳动力', '弱劳动力或半劳动力') THEN 1 ELSE 0 END) AS labourers,
    SUM(
      CASE
        WHEN COALESCE(m.receives_dibao, FALSE) OR COALESCE(m.receives_tekun, FALSE)
        THEN 1
        ELSE 0
      END
    ) AS social_assistance_members,
    SUM(
      CASE
        WHEN m.age BETWEEN 6 AND 15
        AND m.out_of_school
        AND COALESCE(m.dropout_reason, '') <> '身体原因'
        AND NOT COALESCE(m.home_schooled, FALSE)
        THEN 1
        ELSE 0
      END
    ) AS out_of_school_children,
    SUM(
      CASE
        WHEN NOT COALESCE(m.resident_medical_insurance, FALSE)
        AND NOT COALESCE(m.employee_medical_insurance, FALSE)
        THEN 1
        ELSE 0
      END
    ) AS uninsured_members
  FROM member_rows AS m
  GROUP BY
    m.household_id
), household_features AS (
  SELECT
    h.household_id,
    h.household_code,
    h.village_id,
    h.village_code,
    NOT i.household_id IS NULL AS has_income_record,
    COALESCE(mt.members, 0) AS members,
    (
      COALESCE(mt.labourers, 0)
    ) > 0 AS has_labour,
    CAST((
      i.wages + i.business_income + i.property_income + i.transfer_income - i.business_costs
    ) AS DOUBLE PRECISION) / NULLIF((
      COALESCE(mt.members, 0)
    ), 0) AS disposable_income_per_capita,
    (
      COALESCE(mt.social_assistance_members, 0)
    ) > 0
    OR COALESCE(h.attribute IN ('低保贫困户', '特困供养贫困户'), FALSE) AS covered_by_social_assistance,
    CAST((
      i.wages + i.business_income + i.property_income + i.transfer_income - i.business_costs
    ) AS DOUBLE PRECISION) / NULLIF((
      COALESCE(mt.members, 0)
    ), 0) AS net_income_per_capita,
    h.food_secure AS food_secure,
    h.clothing_secure AS clothing_secure,
    COALESCE(mt.out_of_school_children, 0) AS out_of_school_children,
    COALESCE(mt.uninsured_members, 0) AS uninsured_members,
    h.housing_grade AS housing_grade,
    h.housing_renovated AS housing_renovated,
    h.safe_water AS safe_water
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
    ON i.household_id = h.household_id AND i.year = 2020
  WHERE
    h.attribute <> '一般农户' AND h.identified_year <= 2020
), household_verdicts AS (
  SELECT
    f.*,
    COALESCE(
      (
        f.has_income_record
        AND f.members > 0
        AND (
          f.has_labour
          AND f.disposable_income_per_capita >= 7365
          OR NOT f.has_labour
          AND f.covered_by_social_assistance
          AND f.net_income_per_capita >= 4000
        )
      ),
      FALSE
    ) AS met_income,
    COALESCE((
      NOT f.has_labour OR f.food_secure
    ), FALSE) AS met_food,
    COALESCE((
      NOT f.has_labour OR f.clothing_secure
    ), FALSE) AS met_clothing,
    COALESCE((
      f.out_of_school_children = 0
    ), FALSE) AS met_education,
    COALESCE((
      f.uninsured_members = 0
    ), FALSE) AS met_medical,
    COALESCE(
      (
        f.housing_grade IN ('A', 'B')
        OR f.housing_grade IN ('C', 'D')
        AND f.housing_renovated
      ),
      FALSE
    ) AS met_housing,
    COALESCE((
      f.safe_water
    ), FALSE) AS met_water,
    CASE
      WHEN COALESCE((
        NOT f.has_labour OR f.food_secure
      ), FALSE)
      THEN ''
      ELSE CONCAT_WS('、', CASE WHEN f.food_secure IS NULL THEN '不愁吃' END)
    END AS unrecorded_food,
    CASE
      WHEN COALESCE((
        NOT f.has_labour OR f.clothing_secure
      ), FALSE)
      THEN ''
      ELSE CONCAT_WS('、', CASE WHEN f.clothing_secure IS NULL THEN '不愁穿' END)
    END AS unrecorded_clothing
  FROM household_features AS f
)
SELECT
  c.household_id,
  c.household_code,
  CASE
    WHEN NOT c.met_income
    OR (
      NOT c.met_food AND NOT c.unrecorded_food <> ''
    )
    OR (
      NOT c.met_clothing AND NOT c.unrecorded_clothing <> ''
    )
    OR NOT c.met_education
    OR NOT c.met_medical
    OR NOT c.met_housing
    OR NOT c.met_water
    THEN 'fail'
    WHEN c.unrecorded_food <> '' OR c.unrecorded_clothing <> ''
    THEN 'undecided'
    ELSE 'pass'
  END AS result,
  CASE
    WHEN NOT c.met_income
    OR (
      NOT c.met_food AND NOT c.unrecorded_food <> ''
    )
    OR (
      NOT c.met_clothing AND NOT c.unrecorded_clothing <> ''
    )
    OR NOT c.met_education
    OR NOT c.met_medical
    OR NOT c.met_housing
    OR NOT c.met_water
    THEN CONCAT_WS(
      ';',
      CASE
        WHEN NOT c.met_clothing AND NOT c.unrecorded_clothing <> ''
        THEN 'clothing'
      END,
      CASE WHEN NOT c.met_education THEN 'education' END,
      CASE WHEN NOT c.met_food AND NOT c.unrecorded_food <> '' THEN 'food' END,
      CASE WHEN NOT c.met_housing THEN 'housing' END,
      CASE WHEN NOT c.met_income THEN 'income' END,
      CASE WHEN NOT c.met_medical THEN 'medical' END,
      CASE WHEN NOT c.met_water THEN 'water' END
    )
    ELSE CONCAT_WS(
      ';',
      CASE WHEN c.unrecorded_clothing <> '' THEN 'clothing' END,
      CASE WHEN FALSE THEN 'education' END,
      CASE WHEN c.unrecorded_food <> '' THEN 'food' END,
      CASE WHEN FALSE THEN 'housing' END,
      CASE WHEN FALSE THEN 'income' END,
      CASE WHEN FALSE THEN 'medical' END,
      CASE WHEN FALSE THEN 'water' END
    )
  END AS failed,
  CAST(NULL AS TEXT) AS category,
  CAST(JSON_BUILD_OBJECT(
    'criteria',
    JSON_BUILD_OBJECT(
      'income',
      JSON_BUILD_OBJECT(
        'passed',
        c.met_income,
        'values',
        JSON_BUILD_OBJECT(
          'has_income_record',
          c.has_income_record,
          'members',
          c.members,
          'has_labour',
          c.has_labour,
          'disposable_income_per_capita',
          c.disposable_income_per_capita,
          'line',
          7365,
          'covered_by_social_assistance',
          c.covered_by_social_assistance,
          'net_income_per_capita',
          c.net_income_per_capita,
          'national_line',
          4000
        )
      ),
      'food',
      JSON_BUILD_OBJECT(
        'passed',
        c.met_food,
        'values',
        JSON_BUILD_OBJECT('has_labour', c.has_labour, 'food_secure', c.food_secure),
        'not_recorded',
        c.unrecorded_food
      ),
      'clothing',
      JSON_BUILD_OBJECT(
        'passed',
        c.met_clothing,
        'values',
        JSON_BUILD_OBJECT('has_labour', c.has_labour, 'clothing_secure', c.clothing_secure),
        'not_recorded',
        c.unrecorded_clothing
      ),
      'education',
      JSON_BUILD_OBJECT(
        'passed',
        c.met_education,
        'values',
        JSON_BUILD_OBJECT('out_of_school_children', c.out_of_school_children)
      ),
      'medical',
      JSON_BUILD_OBJECT(
        'passed',
        c.met_medical,
        'values',
        JSON_BUILD_OBJECT('uninsured_members', c.uninsured_members)
      ),
      'housing',
      JSON_BUILD_OBJECT(
        'passed',
        c.met_housing,
        'values',
        JSON_BUILD_OBJECT('housing_grade', c.housing_grade, 'housing_renovated', c.housing_renovated)
      ),
      'water',
      JSON_BUILD_OBJECT('passed', c.met_water, 'values', JSON_BUILD_OBJECT('safe_water', c.safe_water))
    ),
    'parameters',
    JSON_BUILD_OBJECT(
      'line',
      7365,
      'national_line',
      4000,
      'school_age_min',
      6,
      'school_age_max',
      15,
      'school_cutoff',
      '08-31',
      'incidence_limit',
      0.02,
      'collective_income_min',
      100000,
      'farmer_income_min',
      9820
    )
  ) AS TEXT) AS detail
FROM household_verdicts AS c
ORDER BY
  c.household_code
