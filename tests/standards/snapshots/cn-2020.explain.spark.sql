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
    ) AS DOUBLE) / NULLIF((
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
    h.water_supply_assured AS water_supply_assured
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
    (
      h.attribute <> '一般农户' AND h.identified_year <= 2020
    )
    AND h.household_code = 'H1'
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
)
SELECT
  c.household_id,
  c.household_code,
  CASE
    WHEN NOT c.met_income
    OR (
      NOT c.met_income_stable AND NOT c.unrecorded_income_stable <> ''
    )
    OR (
      NOT c.met_food AND NOT c.unrecorded_food <> ''
    )
    OR (
      NOT c.met_clothing AND NOT c.unrecorded_clothing <> ''
    )
    OR NOT c.met_education
    OR NOT c.met_medical
    OR (
      NOT c.met_critical_illness AND NOT c.unrecorded_critical_illness <> ''
    )
    OR NOT c.met_housing
    OR NOT c.met_water
    OR (
      NOT c.met_water_quantity AND NOT c.unrecorded_water_quantity <> ''
    )
    OR (
      NOT c.met_water_quality AND NOT c.unrecorded_water_quality <> ''
    )
    OR (
      NOT c.met_water_convenience AND NOT c.unrecorded_water_convenience <> ''
    )
    OR (
      NOT c.met_water_supply AND NOT c.unrecorded_water_supply <> ''
    )
    THEN 'fail'
    WHEN c.unrecorded_income_stable <> ''
    OR c.unrecorded_food <> ''
    OR c.unrecorded_clothing <> ''
    OR c.unrecorded_critical_illness <> ''
    OR c.unrecorded_water_quantity <> ''
    OR c.unrecorded_water_quality <> ''
    OR c.unrecorded_water_convenience <> ''
    OR c.unrecorded_water_supply <> ''
    THEN 'undecided'
    ELSE 'pass'
  END AS result,
  CASE
    WHEN NOT c.met_income
    OR (
      NOT c.met_income_stable AND NOT c.unrecorded_income_stable <> ''
    )
    OR (
      NOT c.met_food AND NOT c.unrecorded_food <> ''
    )
    OR (
      NOT c.met_clothing AND NOT c.unrecorded_clothing <> ''
    )
    OR NOT c.met_education
    OR NOT c.met_medical
    OR (
      NOT c.met_critical_illness AND NOT c.unrecorded_critical_illness <> ''
    )
    OR NOT c.met_housing
    OR NOT c.met_water
    OR (
      NOT c.met_water_quantity AND NOT c.unrecorded_water_quantity <> ''
    )
    OR (
      NOT c.met_water_quality AND NOT c.unrecorded_water_quality <> ''
    )
    OR (
      NOT c.met_water_convenience AND NOT c.unrecorded_water_convenience <> ''
    )
    OR (
      NOT c.met_water_supply AND NOT c.unrecorded_water_supply <> ''
    )
    THEN CONCAT_WS(
      ';',
      CASE
        WHEN NOT c.met_clothing AND NOT c.unrecorded_clothing <> ''
        THEN 'clothing'
      END,
      CASE
        WHEN NOT c.met_critical_illness AND NOT c.unrecorded_critical_illness <> ''
        THEN 'critical_illness'
      END,
      CASE WHEN NOT c.met_education THEN 'education' END,
      CASE WHEN NOT c.met_food AND NOT c.unrecorded_food <> '' THEN 'food' END,
      CASE WHEN NOT c.met_housing THEN 'housing' END,
      CASE WHEN NOT c.met_income THEN 'income' END,
      CASE
        WHEN NOT c.met_income_stable AND NOT c.unrecorded_income_stable <> ''
        THEN 'income_stable'
      END,
      CASE WHEN NOT c.met_medical THEN 'medical' END,
      CASE WHEN NOT c.met_water THEN 'water' END,
      CASE
        WHEN NOT c.met_water_convenience AND NOT c.unrecorded_water_convenience <> ''
        THEN 'water_convenience'
      END,
      CASE
        WHEN NOT c.met_water_quality AND NOT c.unrecorded_water_quality <> ''
        THEN 'water_quality'
      END,
      CASE
        WHEN NOT c.met_water_quantity AND NOT c.unrecorded_water_quantity <> ''
        THEN 'water_quantity'
      END,
      CASE
        WHEN NOT c.met_water_supply AND NOT c.unrecorded_water_supply <> ''
        THEN 'water_supply'
      END
    )
    ELSE CONCAT_WS(
      ';',
      CASE WHEN c.unrecorded_clothing <> '' THEN 'clothing' END,
      CASE WHEN c.unrecorded_critical_illness <> '' THEN 'critical_illness' END,
      CASE WHEN FALSE THEN 'education' END,
      CASE WHEN c.unrecorded_food <> '' THEN 'food' END,
      CASE WHEN FALSE THEN 'housing' END,
      CASE WHEN FALSE THEN 'income' END,
      CASE WHEN c.unrecorded_income_stable <> '' THEN 'income_stable' END,
      CASE WHEN FALSE THEN 'medical' END,
      CASE WHEN FALSE THEN 'water' END,
      CASE WHEN c.unrecorded_water_convenience <> '' THEN 'water_convenience' END,
      CASE WHEN c.unrecorded_water_quality <> '' THEN 'water_quality' END,
      CASE WHEN c.unrecorded_water_quantity <> '' THEN 'water_quantity' END,
      CASE WHEN c.unrecorded_water_supply <> '' THEN 'water_supply' END
    )
  END AS failed,
  CAST(NULL AS STRING) AS category,
  CAST(TO_JSON(
    STRUCT(
      STRUCT(
        STRUCT(
          c.met_income AS `passed`,
          STRUCT(
            c.has_income_record AS `has_income_record`,
            c.net_income_per_capita AS `net_income_per_capita`,
            4000 AS `line`
          ) AS `values`
        ) AS `income`,
        STRUCT(
          c.met_income_stable AS `passed`,
          STRUCT(c.income_stable AS `income_stable`) AS `values`,
          c.unrecorded_income_stable AS `not_recorded`
        ) AS `income_stable`,
        STRUCT(
          c.met_food AS `passed`,
          STRUCT(c.food_secure AS `food_secure`) AS `values`,
          c.unrecorded_food AS `not_recorded`
        ) AS `food`,
        STRUCT(
          c.met_clothing AS `passed`,
          STRUCT(c.clothing_secure AS `clothing_secure`) AS `values`,
          c.unrecorded_clothing AS `not_recorded`
        ) AS `clothing`,
        STRUCT(
          c.met_education AS `passed`,
          STRUCT(c.out_of_school_children AS `out_of_school_children`) AS `values`
        ) AS `education`,
        STRUCT(
          c.met_medical AS `passed`,
          STRUCT(c.uninsured_members AS `uninsured_members`) AS `values`
        ) AS `medical`,
        STRUCT(
          c.met_critical_illness AS `passed`,
          STRUCT(c.critical_illness_covered AS `critical_illness_covered`) AS `values`,
          c.unrecorded_critical_illness AS `not_recorded`
        ) AS `critical_illness`,
        STRUCT(
          c.met_housing AS `passed`,
          STRUCT(
            c.housing_grade AS `housing_grade`,
            c.housing_renovated AS `housing_renovated`,
            c.relocation_housed AS `relocation_housed`
          ) AS `values`
        ) AS `housing`,
        STRUCT(c.met_water AS `passed`, STRUCT(c.safe_water AS `safe_water`) AS `values`) AS `water`,
        STRUCT(
          c.met_water_quantity AS `passed`,
          STRUCT(c.water_quantity_ok AS `water_quantity_ok`) AS `values`,
          c.unrecorded_water_quantity AS `not_recorded`
        ) AS `water_quantity`,
        STRUCT(
          c.met_water_quality AS `passed`,
          STRUCT(c.water_quality_ok AS `water_quality_ok`) AS `values`,
          c.unrecorded_water_quality AS `not_recorded`
        ) AS `water_quality`,
        STRUCT(
          c.met_water_convenience AS `passed`,
          STRUCT(c.water_convenient AS `water_convenient`) AS `values`,
          c.unrecorded_water_convenience AS `not_recorded`
        ) AS `water_convenience`,
        STRUCT(
          c.met_water_supply AS `passed`,
          STRUCT(c.water_supply_assured AS `water_supply_assured`) AS `values`,
          c.unrecorded_water_supply AS `not_recorded`
        ) AS `water_supply`
      ) AS `criteria`,
      STRUCT(
        4000 AS `line`,
        6 AS `school_age_min`,
        15 AS `school_age_max`,
        '08-31' AS `school_cutoff`,
        0.02 AS `incidence_limit`
      ) AS `parameters`
    ),
    MAP('ignoreNullFields', 'false')
  ) AS STRING) AS detail
FROM household_verdicts AS c
ORDER BY
  c.household_code
