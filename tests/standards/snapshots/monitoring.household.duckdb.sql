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
    COUNT(m.member_id) AS members
  FROM member_rows AS m
  GROUP BY
    m.household_id
), household_features AS (
  SELECT
    h.household_id,
    h.household_code,
    h.village_id,
    h.village_code,
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
    ), 0) AS net_income_after_out_of_pocket_per_capita
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
    ) AS met_sudden_hardship
  FROM household_features AS f
)
SELECT
  c.household_id,
  c.household_code,
  CASE
    WHEN c.met_unstable_exited OR c.met_near_poor OR c.met_sudden_hardship
    THEN 'flag'
    ELSE 'clear'
  END AS result,
  COALESCE(
    CASE
      WHEN c.met_unstable_exited
      THEN 'unstable_exited'
      WHEN c.met_near_poor
      THEN 'near_poor'
      WHEN c.met_sudden_hardship
      THEN 'sudden_hardship'
    END,
    ''
  ) AS failed,
  CAST(CASE
    WHEN c.met_unstable_exited
    THEN 'unstable_exited'
    WHEN c.met_near_poor
    THEN 'near_poor'
    WHEN c.met_sudden_hardship
    THEN 'sudden_hardship'
  END AS TEXT) AS category,
  CAST(TO_JSON(
    {'criteria': {'unstable_exited': {'flagged': c.met_unstable_exited, 'values': {'exited_by_year': c.exited_by_year, 'net_income_per_capita': c.net_income_per_capita, 'line': 6000}}, 'near_poor': {'flagged': c.met_near_poor, 'values': {'attribute': c.attribute, 'net_income_per_capita': c.net_income_per_capita, 'line': 6000}}, 'sudden_hardship': {'flagged': c.met_sudden_hardship, 'values': {'net_income_per_capita': c.net_income_per_capita, 'line': 6000, 'net_income_after_out_of_pocket_per_capita': c.net_income_after_out_of_pocket_per_capita}}}, 'parameters': {'line': 6000}}
  ) AS TEXT) AS detail
FROM household_verdicts AS c
ORDER BY
  c.household_code
