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
    h.safe_water AS safe_water,
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
), village_households AS (
  SELECT
    c.village_id,
    SUM(c.members) AS registered_poor_members,
    SUM(
      CASE
        WHEN c.met_income
        AND c.met_food
        AND c.met_clothing
        AND c.met_education
        AND c.met_medical
        AND c.met_housing
        AND c.met_water
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
    ), 0) AS poverty_incidence,
    vs.disposable_income_per_capita AS residents_disposable_income_per_capita,
    vs.collective_income AS collective_income,
    vs.living_environment_ok AS living_environment_ok,
    vs.roads_ok AS roads_ok,
    vs.drinking_water_ok AS drinking_water_ok,
    vs.public_services_ok AS public_services_ok,
    vs.party_organisation_ok AS party_organisation_ok,
    vs.water_power_ok AS water_power_ok,
    vs.tv_broadband_ok AS tv_broadband_ok
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
    ), FALSE) AS met_incidence,
    COALESCE((
      vf.residents_disposable_income_per_capita >= 9820
    ), FALSE) AS met_farmer_income,
    COALESCE((
      vf.collective_income >= 100000
    ), FALSE) AS met_collective_income,
    COALESCE((
      vf.living_environment_ok
    ), FALSE) AS met_living_environment,
    COALESCE((
      vf.roads_ok
    ), FALSE) AS met_roads,
    COALESCE((
      vf.drinking_water_ok
    ), FALSE) AS met_drinking_water,
    COALESCE((
      vf.public_services_ok
    ), FALSE) AS met_public_services,
    COALESCE((
      vf.party_organisation_ok
    ), FALSE) AS met_party_organisation,
    COALESCE((
      vf.water_power_ok
    ), FALSE) AS met_water_power,
    COALESCE((
      vf.tv_broadband_ok
    ), FALSE) AS met_tv_broadband,
    CASE
      WHEN COALESCE((
        vf.residents_disposable_income_per_capita >= 9820
      ), FALSE)
      THEN ''
      ELSE CONCAT_WS(
        '、',
        CASE WHEN vf.residents_disposable_income_per_capita IS NULL THEN '居民人均可支配收入' END
      )
    END AS unrecorded_farmer_income,
    CASE
      WHEN COALESCE((
        vf.collective_income >= 100000
      ), FALSE)
      THEN ''
      ELSE CONCAT_WS('、', CASE WHEN vf.collective_income IS NULL THEN '村集体经济收入' END)
    END AS unrecorded_collective_income,
    CASE
      WHEN COALESCE((
        vf.living_environment_ok
      ), FALSE)
      THEN ''
      ELSE CONCAT_WS('、', CASE WHEN vf.living_environment_ok IS NULL THEN '人居环境达标' END)
    END AS unrecorded_living_environment,
    CASE
      WHEN COALESCE((
        vf.roads_ok
      ), FALSE)
      THEN ''
      ELSE CONCAT_WS('、', CASE WHEN vf.roads_ok IS NULL THEN '通硬化路' END)
    END AS unrecorded_roads,
    CASE
      WHEN COALESCE((
        vf.drinking_water_ok
      ), FALSE)
      THEN ''
      ELSE CONCAT_WS('、', CASE WHEN vf.drinking_water_ok IS NULL THEN '村饮水安全达标' END)
    END AS unrecorded_drinking_water,
    CASE
      WHEN COALESCE((
        vf.public_services_ok
      ), FALSE)
      THEN ''
      ELSE CONCAT_WS('、', CASE WHEN vf.public_services_ok IS NULL THEN '基本公共服务达标' END)
    END AS unrecorded_public_services,
    CASE
      WHEN COALESCE((
        vf.party_organisation_ok
      ), FALSE)
      THEN ''
      ELSE CONCAT_WS('、', CASE WHEN vf.party_organisation_ok IS NULL THEN '村党组织达标' END)
    END AS unrecorded_party_organisation,
    CASE
      WHEN COALESCE((
        vf.water_power_ok
      ), FALSE)
      THEN ''
      ELSE CONCAT_WS('、', CASE WHEN vf.water_power_ok IS NULL THEN '农田水利和用电达标' END)
    END AS unrecorded_water_power,
    CASE
      WHEN COALESCE((
        vf.tv_broadband_ok
      ), FALSE)
      THEN ''
      ELSE CONCAT_WS('、', CASE WHEN vf.tv_broadband_ok IS NULL THEN '广播电视和宽带覆盖' END)
    END AS unrecorded_tv_broadband
  FROM village_features AS vf
)
SELECT
  vc.village_id,
  vc.village_code,
  CASE
    WHEN NOT vc.met_incidence
    OR (
      NOT vc.met_farmer_income AND NOT vc.unrecorded_farmer_income <> ''
    )
    OR (
      NOT vc.met_collective_income AND NOT vc.unrecorded_collective_income <> ''
    )
    OR (
      NOT vc.met_living_environment AND NOT vc.unrecorded_living_environment <> ''
    )
    OR (
      NOT vc.met_roads AND NOT vc.unrecorded_roads <> ''
    )
    OR (
      NOT vc.met_drinking_water AND NOT vc.unrecorded_drinking_water <> ''
    )
    OR (
      NOT vc.met_public_services AND NOT vc.unrecorded_public_services <> ''
    )
    OR (
      NOT vc.met_party_organisation AND NOT vc.unrecorded_party_organisation <> ''
    )
    OR (
      NOT vc.met_water_power AND NOT vc.unrecorded_water_power <> ''
    )
    OR (
      NOT vc.met_tv_broadband AND NOT vc.unrecorded_tv_broadband <> ''
    )
    THEN 'fail'
    WHEN vc.unrecorded_farmer_income <> ''
    OR vc.unrecorded_collective_income <> ''
    OR vc.unrecorded_living_environment <> ''
    OR vc.unrecorded_roads <> ''
    OR vc.unrecorded_drinking_water <> ''
    OR vc.unrecorded_public_services <> ''
    OR vc.unrecorded_party_organisation <> ''
    OR vc.unrecorded_water_power <> ''
    OR vc.unrecorded_tv_broadband <> ''
    THEN 'undecided'
    ELSE 'pass'
  END AS result,
  vc.poverty_incidence AS incidence,
  CASE
    WHEN NOT vc.met_incidence
    OR (
      NOT vc.met_farmer_income AND NOT vc.unrecorded_farmer_income <> ''
    )
    OR (
      NOT vc.met_collective_income AND NOT vc.unrecorded_collective_income <> ''
    )
    OR (
      NOT vc.met_living_environment AND NOT vc.unrecorded_living_environment <> ''
    )
    OR (
      NOT vc.met_roads AND NOT vc.unrecorded_roads <> ''
    )
    OR (
      NOT vc.met_drinking_water AND NOT vc.unrecorded_drinking_water <> ''
    )
    OR (
      NOT vc.met_public_services AND NOT vc.unrecorded_public_services <> ''
    )
    OR (
      NOT vc.met_party_organisation AND NOT vc.unrecorded_party_organisation <> ''
    )
    OR (
      NOT vc.met_water_power AND NOT vc.unrecorded_water_power <> ''
    )
    OR (
      NOT vc.met_tv_broadband AND NOT vc.unrecorded_tv_broadband <> ''
    )
    THEN CONCAT_WS(
      ';',
      CASE
        WHEN NOT vc.met_collective_income AND NOT vc.unrecorded_collective_income <> ''
        THEN 'collective_income'
      END,
      CASE
        WHEN NOT vc.met_drinking_water AND NOT vc.unrecorded_drinking_water <> ''
        THEN 'drinking_water'
      END,
      CASE
        WHEN NOT vc.met_farmer_income AND NOT vc.unrecorded_farmer_income <> ''
        THEN 'farmer_income'
      END,
      CASE WHEN NOT vc.met_incidence THEN 'incidence' END,
      CASE
        WHEN NOT vc.met_living_environment AND NOT vc.unrecorded_living_environment <> ''
        THEN 'living_environment'
      END,
      CASE
        WHEN NOT vc.met_party_organisation AND NOT vc.unrecorded_party_organisation <> ''
        THEN 'party_organisation'
      END,
      CASE
        WHEN NOT vc.met_public_services AND NOT vc.unrecorded_public_services <> ''
        THEN 'public_services'
      END,
      CASE WHEN NOT vc.met_roads AND NOT vc.unrecorded_roads <> '' THEN 'roads' END,
      CASE
        WHEN NOT vc.met_tv_broadband AND NOT vc.unrecorded_tv_broadband <> ''
        THEN 'tv_broadband'
      END,
      CASE
        WHEN NOT vc.met_water_power AND NOT vc.unrecorded_water_power <> ''
        THEN 'water_power'
      END
    )
    ELSE CONCAT_WS(
      ';',
      CASE WHEN vc.unrecorded_collective_income <> '' THEN 'collective_income' END,
      CASE WHEN vc.unrecorded_drinking_water <> '' THEN 'drinking_water' END,
      CASE WHEN vc.unrecorded_farmer_income <> '' THEN 'farmer_income' END,
      CASE WHEN FALSE THEN 'incidence' END,
      CASE WHEN vc.unrecorded_living_environment <> '' THEN 'living_environment' END,
      CASE WHEN vc.unrecorded_party_organisation <> '' THEN 'party_organisation' END,
      CASE WHEN vc.unrecorded_public_services <> '' THEN 'public_services' END,
      CASE WHEN vc.unrecorded_roads <> '' THEN 'roads' END,
      CASE WHEN vc.unrecorded_tv_broadband <> '' THEN 'tv_broadband' END,
      CASE WHEN vc.unrecorded_water_power <> '' THEN 'water_power' END
    )
  END AS failed,
  CAST(JSON_BUILD_OBJECT(
    'criteria',
    JSON_BUILD_OBJECT(
      'incidence',
      JSON_BUILD_OBJECT(
        'passed',
        vc.met_incidence,
        'values',
        JSON_BUILD_OBJECT('poverty_incidence', vc.poverty_incidence, 'incidence_limit', 0.02)
      ),
      'farmer_income',
      JSON_BUILD_OBJECT(
        'passed',
        vc.met_farmer_income,
        'values',
        JSON_BUILD_OBJECT(
          'residents_disposable_income_per_capita',
          vc.residents_disposable_income_per_capita,
          'farmer_income_min',
          9820
        ),
        'not_recorded',
        vc.unrecorded_farmer_income
      ),
      'collective_income',
      JSON_BUILD_OBJECT(
        'passed',
        vc.met_collective_income,
        'values',
        JSON_BUILD_OBJECT('collective_income', vc.collective_income, 'collective_income_min', 100000),
        'not_recorded',
        vc.unrecorded_collective_income
      ),
      'living_environment',
      JSON_BUILD_OBJECT(
        'passed',
        vc.met_living_environment,
        'values',
        JSON_BUILD_OBJECT('living_environment_ok', vc.living_environment_ok),
        'not_recorded',
        vc.unrecorded_living_environment
      ),
      'roads',
      JSON_BUILD_OBJECT(
        'passed',
        vc.met_roads,
        'values',
        JSON_BUILD_OBJECT('roads_ok', vc.roads_ok),
        'not_recorded',
        vc.unrecorded_roads
      ),
      'drinking_water',
      JSON_BUILD_OBJECT(
        'passed',
        vc.met_drinking_water,
        'values',
        JSON_BUILD_OBJECT('drinking_water_ok', vc.drinking_water_ok),
        'not_recorded',
        vc.unrecorded_drinking_water
      ),
      'public_services',
      JSON_BUILD_OBJECT(
        'passed',
        vc.met_public_services,
        'values',
        JSON_BUILD_OBJECT('public_services_ok', vc.public_services_ok),
        'not_recorded',
        vc.unrecorded_public_services
      ),
      'party_organisation',
      JSON_BUILD_OBJECT(
        'passed',
        vc.met_party_organisation,
        'values',
        JSON_BUILD_OBJECT('party_organisation_ok', vc.party_organisation_ok),
        'not_recorded',
        vc.unrecorded_party_organisation
      ),
      'water_power',
      JSON_BUILD_OBJECT(
        'passed',
        vc.met_water_power,
        'values',
        JSON_BUILD_OBJECT('water_power_ok', vc.water_power_ok),
        'not_recorded',
        vc.unrecorded_water_power
      ),
      'tv_broadband',
      JSON_BUILD_OBJECT(
        'passed',
        vc.met_tv_broadband,
        'values',
        JSON_BUILD_OBJECT('tv_broadband_ok', vc.tv_broadband_ok),
        'not_recorded',
        vc.unrecorded_tv_broadband
      )
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
FROM village_verdicts AS vc
ORDER BY
  vc.village_code
