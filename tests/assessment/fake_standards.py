"""Tiny stand-ins for standards (the interface of ``bangfu.standards.Standard``, trivial SQL over the snapshot).

They let the engine and the assessment services be tested for what they do — snapshot, run, write back,
print — independently of the rules' compiler. ``income``: per-capita net income ≥ 7,365 for the year (a
missing income record fails); ``water``: safe drinking water. Villages exit when the members of failing
households are under 2 % of the registered population.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bangfu.standards import Area, Criterion, StandardError

LINE = 7365


@dataclass(frozen=True)
class Query:
    sql: str


def _guard(scope: str | None, household_code: str | None = None) -> str:
    where = f" AND h.village_code LIKE '{scope}%'" if scope else ""
    if household_code:
        where += f" AND h.household_code = '{household_code}'"
    return where


def _features(year: int, scope: str | None, household_code: str | None = None, everyone: bool = False) -> str:
    listed = "TRUE" if everyone else f"h.attribute <> '一般农户' AND h.identified_year <= {year}"
    return f"""
        WITH sizes AS (SELECT household_id, count(*) AS members FROM members GROUP BY household_id),
        net AS (
            SELECT household_id,
                   wages + business_income + property_income + transfer_income - business_costs AS net_income
            FROM incomes WHERE year = {year}
        ),
        f AS (
            SELECT h.household_id, h.household_code, h.village_id, s.members,
                   n.net_income / s.members AS per_capita, h.safe_water,
                   coalesce(n.net_income / s.members >= {LINE}, FALSE) AS income_ok,
                   coalesce(h.safe_water, FALSE) AS water_ok
            FROM households h
            LEFT JOIN sizes s USING (household_id) LEFT JOIN net n USING (household_id)
            WHERE {listed}{_guard(scope, household_code)}
        )"""


@dataclass(frozen=True)
class FakeExit:
    id: str = "fake-exit"
    kind: str = "household_exit"
    title: str = "测试退出标准"
    source: str = "tests"
    content_hash: str = "f" * 64
    years: tuple[int, ...] = (2019, 2020)
    criteria: tuple[Criterion, ...] = field(
        default=(
            Criterion("income", "收入达标", f"per_capita_net_income >= {LINE}"),
            Criterion("water", "饮水安全", "safe_water"),
        )
    )

    def check_year(self, year: int, *, area: Area) -> None:
        assert isinstance(area, Area)
        if year not in self.years:
            raise StandardError(f"标准 {self.id} 没有 {year} 年的参数 line", f"{self.id}.toml")

    def household_query(self, year: int, *, area: Area, household_code=None) -> Query:
        self.check_year(year, area=area)
        scope = _prefix(area)
        return Query(
            _features(year, scope, household_code)
            + """
        SELECT household_id, household_code,
               CASE WHEN income_ok AND water_ok THEN 'pass' ELSE 'fail' END AS result,
               concat_ws(';', CASE WHEN NOT income_ok THEN 'income' END,
                              CASE WHEN NOT water_ok THEN 'water' END) AS failed,
               CAST(NULL AS VARCHAR) AS category,
               CAST(to_json({'criteria': {
                   'income': {'passed': income_ok, 'values': {'per_capita_net_income': per_capita}},
                   'water': {'passed': water_ok, 'values': {'safe_water': safe_water}}},
                 'parameters': {'line': LINE}}) AS VARCHAR) AS detail
        FROM f""".replace("LINE", str(LINE))
        )

    def village_query(self, year: int, *, area: Area) -> Query:
        self.check_year(year, area=area)
        scope = _prefix(area)
        return Query(
            _features(year, scope)
            + f"""
        , poor AS (
            SELECT village_id, sum(members) FILTER (WHERE NOT (income_ok AND water_ok)) AS poor_people
            FROM f GROUP BY village_id
        )
        SELECT v.village_id, v.village_code,
               CASE WHEN coalesce(p.poor_people, 0) / v.registered_population < 0.02 THEN 'pass' ELSE 'fail' END
                   AS result,
               coalesce(p.poor_people, 0) / v.registered_population AS incidence,
               CASE WHEN coalesce(p.poor_people, 0) / v.registered_population < 0.02 THEN '' ELSE 'incidence' END
                   AS failed,
               CAST(to_json({{'poor_people': coalesce(p.poor_people, 0)}}) AS VARCHAR) AS detail
        FROM villages v LEFT JOIN poor p USING (village_id)
        WHERE v.is_poor{" AND v.village_code LIKE '" + scope + "%'" if scope else ""}"""
        )


@dataclass(frozen=True)
class FakeMonitoring(FakeExit):
    id: str = "fake-monitoring"
    kind: str = "monitoring"
    title: str = "测试监测标准"
    years: tuple[int, ...] = (2021,)

    def household_query(self, year: int, *, area: Area, household_code=None) -> Query:
        self.check_year(year, area=area)
        scope = _prefix(area)
        return Query(
            _features(year, scope, household_code, everyone=True)
            + """
        SELECT household_id, household_code,
               CASE WHEN income_ok THEN 'clear' ELSE 'flag' END AS result,
               CASE WHEN income_ok THEN '' ELSE 'income' END AS failed,
               CASE WHEN income_ok THEN NULL ELSE 'near_poor' END AS category,
               '{}' AS detail
        FROM f"""
        )

    def village_query(self, year: int, *, area: Area) -> Query:
        raise StandardError("监测标准没有村级评估")


@dataclass(frozen=True)
class FakeQuality(FakeExit):
    id: str = "fake-quality"
    kind: str = "quality"
    title: str = "测试数据质量"

    def quality_query(self, *, area: Area, as_of=None) -> Query:
        scope = _prefix(area)
        where = f"WHERE h.village_code LIKE '{scope}%'" if scope else ""
        return Query(f"""
            SELECT 'both_medical' AS check_id, h.household_id, h.household_code, m.member_id, m.id_number,
                   '同时参加城乡居民医保和职工医保' AS message
            FROM members m JOIN households h USING (household_id)
            {where} {"AND" if where else "WHERE"} m.resident_medical_insurance AND m.employee_medical_insurance
            UNION ALL
            SELECT 'unsafe_water', h.household_id, h.household_code, NULL, NULL, '饮水不安全'
            FROM households h {where} {"AND" if where else "WHERE"} NOT h.safe_water""")


STANDARDS = {standard.id: standard for standard in (FakeExit(), FakeMonitoring(), FakeQuality())}


def load(standard_id):
    try:
        return STANDARDS[str(standard_id)]
    except KeyError:
        raise StandardError(f"没有编号为 {standard_id} 的标准") from None


def _prefix(area: Area) -> str | None:
    """The one division-code prefix of an assessment run's area (None: everything); the fakes know no other."""
    if area.unrestricted:
        return None
    (prefix,) = area.prefixes
    assert not area.village_codes
    return prefix
