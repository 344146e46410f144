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
    SUM(CASE WHEN NOT COALESCE(m.critical_illness_insurance, FALSE) THEN 1 ELSE 0 END) AS critical_illness_uninsured_members
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
    COALESCE(mt.out_of_school_children, 0) AS out_of_school_children,
    COALESCE(mt.uninsured_members, 0) AS uninsured_members,
    COALESCE(mt.critical_illness_uninsured_members, 0) AS critical_illness_uninsured_members,
    h.housing_grade AS housing_grade,
    h.housing_renovated AS housing_renovated,
    h.safe_water AS safe_water,
    COALESCE(mt.members, 0) AS members,
    v.county_code AS county_code
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
  LEFT JOIN (
    SELECT
      *
    FROM villages
    WHERE
      village_code LIKE '441521%'
  ) AS v
    ON v.village_id = h.village_id
), mpi_deprivations AS (
  SELECT
    f.*,
    COALESCE((
      NOT f.has_income_record OR f.net_income_per_capita <= 4000
    ), FALSE) AS d_income,
    COALESCE((
      f.out_of_school_children > 0
    ), FALSE) AS d_education,
    COALESCE((
      f.uninsured_members > 0
    ), FALSE) AS d_medical_insurance,
    COALESCE((
      f.critical_illness_uninsured_members > 0
    ), FALSE) AS d_critical_illness,
    COALESCE(
      (
        NOT (
          f.housing_grade IN ('A', 'B')
          OR f.housing_grade IN ('C', 'D')
          AND f.housing_renovated
        )
      ),
      FALSE
    ) AS d_housing,
    COALESCE((
      NOT f.safe_water
    ), FALSE) AS d_water
  FROM household_features AS f
)
SELECT
  d.household_id,
  d.household_code,
  d.county_code,
  d.members,
  (
    CASE WHEN d.d_income THEN 6 ELSE 0 END + CASE WHEN d.d_education THEN 6 ELSE 0 END + CASE WHEN d.d_medical_insurance THEN 3 ELSE 0 END + CASE WHEN d.d_critical_illness THEN 3 ELSE 0 END + CASE WHEN d.d_housing THEN 6 ELSE 0 END + CASE WHEN d.d_water THEN 6 ELSE 0 END
  ) AS score,
  (
    CASE WHEN d.d_income THEN 6 ELSE 0 END + CASE WHEN d.d_education THEN 6 ELSE 0 END + CASE WHEN d.d_medical_insurance THEN 3 ELSE 0 END + CASE WHEN d.d_critical_illness THEN 3 ELSE 0 END + CASE WHEN d.d_housing THEN 6 ELSE 0 END + CASE WHEN d.d_water THEN 6 ELSE 0 END
  ) >= 10 AS poor,
  d.d_income,
  d.d_education,
  d.d_medical_insurance,
  d.d_critical_illness,
  d.d_housing,
  d.d_water
FROM mpi_deprivations AS d
ORDER BY
  d.household_code
