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
    ) AS uninsured_members,
    SUM(CASE WHEN NOT COALESCE(m.critical_illness_insurance, FALSE) THEN 1 ELSE 0 END) AS critical_illness_uninsured_members,
    SUM(CASE WHEN m.critical_illness_insurance IS NULL THEN 1 ELSE 0 END) AS critical_illness_unrecorded_members
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
    CAST((
      i.wages + i.business_income + i.property_income + i.transfer_income - i.business_costs
    ) AS DOUBLE PRECISION) / NULLIF((
      COALESCE(mt.members, 0)
    ), 0) AS net_income_per_capita,
    h.income_stable AS income_stable,
    h.food_secure AS food_secure,
    h.clothing_secure AS clothing_secure,
    COALESCE(mt.out_of_school_children, 0) AS out_of_school_children,
    COALESCE(mt.uninsured_members, 0) AS uninsured_members,
    CASE
      WHEN (
        COALESCE(mt.critical_illness_uninsured_members, 0)
      ) > (
        COALESCE(mt.critical_illness_unrecorded_members, 0)
      )
      THEN FALSE
      WHEN (
        COALESCE(mt.critical_illness_unrecorded_members, 0)
      ) > 0
      THEN NULL
      ELSE TRUE
    END AS critical_illness_covered,
    h.housing_grade AS housing_grade,
    h.housing_renovated AS housing_renovated,
    COALESCE(h.relocated, FALSE)
    AND COALESCE(EXTRACT(YEAR FROM h.relocation_keys_date) <= 2020, FALSE) AS relocation_housed,
    h.safe_water AS safe_water,
    h.water_quantity_ok AS water_quantity_ok,
    h.water_quality_ok AS water_quality_ok,
    h.water_convenient AS water_convenient,
    h.water_supply_assured AS water_supply_assured,
    COALESCE(mt.members, 0) AS members,
    h.exit_year AS exit_year
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
    COALESCE((
      f.has_income_record AND f.net_income_per_capita > 4000
    ), FALSE) AS met_income,
    COALESCE((
      f.income_stable
    ), FALSE) AS met_income_stable,
    COALESCE((
      f.food_secure
    ), FALSE) AS met_food,
    COALESCE((
      f.clothing_secure
    ), FALSE) AS met_clothing,
    COALESCE((
      f.out_of_school_children = 0
    ), FALSE) AS met_education,
    COALESCE((
      f.uninsured_members = 0
    ), FALSE) AS met_medical,
    COALESCE((
      f.critical_illness_covered
    ), FALSE) AS met_critical_illness,
    COALESCE(
      (
        f.housing_grade IN ('A', 'B')
        OR f.housing_grade IN ('C', 'D')
        AND f.housing_renovated
        OR f.relocation_housed
      ),
      FALSE
    ) AS met_housing,
    COALESCE((
      f.safe_water
    ), FALSE) AS met_water,
    COALESCE((
      f.water_quantity_ok
    ), FALSE) AS met_water_quantity,
    COALESCE((
      f.water_quality_ok
    ), FALSE) AS met_water_quality,
    COALESCE((
      f.water_convenient
    ), FALSE) AS met_water_convenience,
    COALESCE((
      f.water_supply_assured
    ), FALSE) AS met_water_supply,
    CASE
      WHEN COALESCE((
        f.income_stable
      ), FALSE)
      THEN ''
      ELSE CONCAT_WS('、', CASE WHEN f.income_stable IS NULL THEN '收入稳定' END)
    END AS unrecorded_income_stable,
    CASE
      WHEN COALESCE((
        f.food_secure
      ), FALSE)
      THEN ''
      ELSE CONCAT_WS('、', CASE WHEN f.food_secure IS NULL THEN '不愁吃' END)
    END AS unrecorded_food,
    CASE
      WHEN COALESCE((
        f.clothing_secure
      ), FALSE)
      THEN ''
      ELSE CONCAT_WS('、', CASE WHEN f.clothing_secure IS NULL THEN '不愁穿' END)
    END AS unrecorded_clothing,
    CASE
      WHEN COALESCE((
        f.critical_illness_covered
      ), FALSE)
      THEN ''
      ELSE CONCAT_WS('、', CASE WHEN f.critical_illness_covered IS NULL THEN '大病保险' END)
    END AS unrecorded_critical_illness,
    CASE
      WHEN COALESCE((
        f.water_quantity_ok
      ), FALSE)
      THEN ''
      ELSE CONCAT_WS('、', CASE WHEN f.water_quantity_ok IS NULL THEN '水量达标' END)
    END AS unrecorded_water_quantity,
    CASE
      WHEN COALESCE((
        f.water_quality_ok
      ), FALSE)
      THEN ''
      ELSE CONCAT_WS('、', CASE WHEN f.water_quality_ok IS NULL THEN '水质达标' END)
    END AS unrecorded_water_quality,
    CASE
      WHEN COALESCE((
        f.water_convenient
      ), FALSE)
      THEN ''
      ELSE CONCAT_WS('、', CASE WHEN f.water_convenient IS NULL THEN '用水方便' END)
    END AS unrecorded_water_convenience,
    CASE
      WHEN COALESCE((
        f.water_supply_assured
      ), FALSE)
      THEN ''
      ELSE CONCAT_WS('、', CASE WHEN f.water_supply_assured IS NULL THEN '供水保证率达标' END)
    END AS unrecorded_water_supply
  FROM household_features AS f
), village_households AS (
  SELECT
    c.village_id,
    SUM(c.members) AS registered_poor_members,
    SUM(
      CASE
        WHEN c.met_income
        AND c.met_income_stable
        AND c.met_food
        AND c.met_clothing
        AND c.met_education
        AND c.met_medical
        AND c.met_critical_illness
        AND c.met_housing
        AND c.met_water
        AND c.met_water_quantity
        AND c.met_water_quality
        AND c.met_water_convenience
        AND c.met_water_supply
        THEN 0
        ELSE c.members
      END
    ) AS poor_members_failing,
    SUM(CASE WHEN c.exit_year IS NULL OR c.exit_year > 2020 THEN c.members ELSE 0 END) AS poor_members_remaining
  FROM household_verdicts AS c
  GROUP BY
    c.village_id
), village_features AS (
  SELECT
    vl.village_id,
    vl.village_code,
    CAST((
      COALESCE(hv.poor_members_remaining, 0)
    ) AS DOUBLE PRECISION) / NULLIF((
      COALESCE(vs.registered_population, vl.registered_population)
    ), 0) AS poverty_incidence
  FROM (
    SELECT
      *
    FROM villages
    WHERE
      village_code LIKE '441521%'
  ) AS vl
  LEFT JOIN (
    SELECT
      *
    FROM village_stats
    WHERE
      village_id IN (
        SELECT
          village_id
        FROM villages
        WHERE
          village_code LIKE '441521%'
      )
  ) AS vs
    ON vs.village_id = vl.village_id AND vs.year = 2020
  LEFT JOIN village_households AS hv
    ON hv.village_id = vl.village_id
  WHERE
    COALESCE(vl.is_poor, FALSE) AND vl.identified_year <= 2020
), village_verdicts AS (
  SELECT
    vf.*,
    COALESCE((
      vf.poverty_incidence < 0.02
    ), FALSE) AS met_incidence
  FROM village_features AS vf
)
SELECT
  vc.village_id,
  vc.village_code,
  CASE WHEN vc.met_incidence THEN 'pass' ELSE 'fail' END AS result,
  vc.poverty_incidence AS incidence,
  CONCAT_WS(';', CASE WHEN NOT vc.met_incidence THEN 'incidence' END) AS failed,
  CAST(JSON_BUILD_OBJECT(
    'criteria',
    JSON_BUILD_OBJECT(
      'incidence',
      JSON_BUILD_OBJECT(
        'passed',
        vc.met_incidence,
        'values',
        JSON_BUILD_OBJECT('poverty_incidence', vc.poverty_incidence, 'incidence_limit', 0.02)
      )
    ),
    'parameters',
    JSON_BUILD_OBJECT(
      'line',
      4000,
      'school_age_min',
      6,
      'school_age_max',
      15,
      'school_cutoff',
      '08-31',
      'incidence_limit',
      0.02
    )
  ) AS TEXT) AS detail
FROM village_verdicts AS vc
ORDER BY
  vc.village_code
