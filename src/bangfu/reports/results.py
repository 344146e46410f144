"""The programme results report (帮扶成效报告), computed from the register's records every time.

Each figure is one aggregate query; definitions are in docs/report.md. Figures about households and members
read them as the register stood on 31 December of the report's year (``registry.dated``, the engine's
mechanism): a correction verified later changes no figure of the year. Averages of per-capita income are
ratios of sums (Σ net income ÷ Σ members), i.e. weighted by household size, as statistics offices compute
group per-capita income.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import takewhile

from django.db import connection
from django.db.models import DecimalField, ExpressionWrapper, F, Sum

from bangfu.regions.models import Division, Level
from bangfu.registry.dated import dated_copies, registered_poor_sql, sql_list
from bangfu.registry.models import IncomeRecord, Village, VillageYearStat
from bangfu.registry.selectors import labour_abilities
from bangfu.reports.markets_results import markets_figures
from bangfu.reports.money import whole_yuan
from bangfu.reports.monitoring_results import monitoring_figures
from bangfu.reports.programme_results import programme_figures, programmes_in_scope
from bangfu.standards.asof import date_sql, member_present_in_year_sql, member_present_sql, year_end
from bangfu.standards.income import net_income_sql, per_capita


def ratio(numerator, denominator) -> Decimal | None:
    return None if not denominator or numerator is None else Decimal(numerator) / Decimal(denominator)


def village_income_per_capita(year: int) -> Decimal | None:
    """Poor villages' resident disposable income per capita, weighted by registered population."""
    stats = VillageYearStat.objects.filter(village__is_poor=True, year=year).aggregate(
        income=Sum(
            ExpressionWrapper(
                F("registered_population") * F("disposable_income_per_capita"),
                output_field=DecimalField(max_digits=20, decimal_places=2),
            )
        ),
        population=Sum("registered_population"),
    )
    return ratio(stats["income"], stats["population"])


#: The columns of households and members the figures read as of the report's date.
AS_OF_COLUMNS = {
    "household": ["village_id", "attribute", "identified_year", "exit_year"],
    "member": ["household_id", "birth_date", "labour_ability"],
}


def labour_households_incomes(year: int) -> tuple[Decimal | None, Decimal | None]:
    """Per-capita net income of registered poor households with labour: (before assistance, in ``year``).

    "Before assistance" (帮扶前) is each household's baseline year, the year before it was identified. Only
    households with records for both years count, so both figures describe the same households. Households,
    their labour and members are read as of 31 December of ``year`` (``registry.dated``); each record's
    members are those born by 31 December of the record's year; averages are Σ net income ÷ Σ members.
    """
    with dated_copies(year_end(year), AS_OF_COLUMNS) as tables:
        return _labour_households_incomes(year, tables)


def _labour_households_incomes(year: int, tables: dict[str, str]) -> tuple[Decimal | None, Decimal | None]:
    members = tables["member"]
    incomes = connection.ops.quote_name(IncomeRecord._meta.db_table)
    has = "EXISTS (SELECT 1 FROM {incomes} r WHERE r.household_id = h.id AND r.year = {year})"
    households = (
        f"SELECT h.id, h.identified_year FROM ({registered_poor_sql(tables['household'], identified_by=year)}) h "
        f"WHERE EXISTS (SELECT 1 FROM {members} m WHERE m.household_id = h.id "
        f"AND m.labour_ability IN ({sql_list(labour_abilities())})) "
        f"AND {has.format(incomes=incomes, year=int(year))} "
        f"AND {has.format(incomes=incomes, year='h.identified_year - 1')}"
    )
    birth_year = "CAST(SUBSTR(CAST(m.birth_date AS VARCHAR(10)), 1, 4) AS INTEGER)"
    present = member_present_in_year_sql("i.year", birth_year=birth_year)
    figures = []
    chosen_table = (
        "bangfu_report_labour_households"  # the households, kept once (a derived table is rescanned)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {chosen_table}")
        cursor.execute(f"CREATE TEMPORARY TABLE {chosen_table} AS {households}")
        try:
            for record_year in ("h.identified_year - 1", str(int(year))):
                chosen = f"FROM {chosen_table} h JOIN {incomes} i ON i.household_id = h.id AND i.year = {record_year}"
                cursor.execute(f"SELECT SUM({net_income_sql('i')}) {chosen}")
                (net,) = cursor.fetchone()
                cursor.execute(
                    f"SELECT COUNT(*) {chosen} JOIN {members} m ON m.household_id = h.id WHERE {present}"
                )
                (people,) = cursor.fetchone()
                figures.append(per_capita(None if net is None else Decimal(net), people))
        finally:
            cursor.execute(f"DROP TABLE IF EXISTS {chosen_table}")
    return figures[0], figures[1]


def exits_as_of(year: int) -> dict[str, int]:
    """Registered poor households identified by ``year`` and those of them exited by then, with the people
    lifted: each household and member as the register stood on 31 December of ``year`` (``registry.dated``),
    so a correction verified later changes none of them, and a child born after that date is not counted."""
    on = year_end(year)
    with dated_copies(on, AS_OF_COLUMNS) as tables, connection.cursor() as cursor:
        registered = registered_poor_sql(tables["household"], identified_by=year)
        exited = f"h.exit_year IS NOT NULL AND h.exit_year <= {int(year)}"
        cursor.execute(f"SELECT COUNT(*), SUM(CASE WHEN {exited} THEN 1 ELSE 0 END) FROM ({registered}) h")
        households, lifted = cursor.fetchone()
        cursor.execute(
            f"SELECT COUNT(*) FROM {tables['member']} m JOIN ({registered}) h ON h.id = m.household_id "
            f"WHERE {exited} AND {member_present_sql(date_sql(on))}"
        )
        (people,) = cursor.fetchone()
    return {"registered": households, "households": lifted or 0, "people": people}


def results_report(*, year: int = 2020, programme: str | None = None) -> dict:
    """The figures of the programme results report at the end of ``year``. Keys are documented in docs.

    The programme figures (``reports.programme_results``) cover every programme, or the one named.
    """

    poor_villages = Village.objects.filter(is_poor=True)
    exits = exits_as_of(year)
    registered_count, exited_count = exits["registered"], exits["households"]
    baseline, current = labour_households_incomes(year)
    exit_rate = ratio(exited_count, registered_count)
    return (
        {
            "year": year,
            "poor_villages": poor_villages.count(),
            "poor_villages_exited": poor_villages.filter(exit_year__lte=year).count(),
            "poor_households": registered_count,
            "poor_households_exit_rate": None if exit_rate is None else float(round(exit_rate, 4)),
            "households_lifted": exited_count,
            "people_lifted": exits["people"],
            "village_income_per_capita": whole_yuan(village_income_per_capita(year)),
            "labour_household_income_per_capita": whole_yuan(current),
            "labour_household_income_before": whole_yuan(baseline),
            "labour_household_income_increase": whole_yuan(current - baseline)
            if current and baseline
            else None,
            "demonstration_villages": list(
                Village.objects.filter(is_demonstration=True)
                .order_by("division__code")
                .values_list("division__name", flat=True)
            ),
            "region": register_region_name(),
            "province": register_province_name(),
        }
        | programme_figures(year=year, programmes=programmes_in_scope(programme))
        | markets_figures(year=year)
        | monitoring_figures(year=year)
    )


def register_province_name() -> str:
    """The province of the register's villages, from the configured divisions (regions/data): the report
    names the provincial assessment after it rather than a province typed into a template."""
    path = Village.objects.order_by("division__path").values_list("division__path", flat=True).first()
    if not path:
        return ""
    codes = path.strip("/").split("/")
    division = Division.objects.filter(code__in=codes, level=Level.PROVINCE).first()
    return division.name if division else ""


def register_region_name() -> str:
    """The name of the smallest division that holds every village of the register (e.g. 汕尾市)."""
    paths = Village.objects.order_by("division__path").values_list("division__path", flat=True)
    first, last = paths.first(), paths.last()
    if first is None:
        return ""
    pairs = zip(first.strip("/").split("/"), last.strip("/").split("/"), strict=False)
    common = [a for a, _ in takewhile(lambda pair: pair[0] == pair[1], pairs)]
    division = Division.objects.filter(code=common[-1]).first() if common else None
    return division.name if division else ""
