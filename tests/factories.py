"""Small, valid register records for tests: villages through their service (``registry.services.village_create``,
the admin's add), households, members, incomes and village statistics as model rows validated by the models
(users add those through the register import, which checks its rules set-wise)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

from stdnum.cn import ric

from bangfu.regions.models import Division, Level
from bangfu.regions.services import division_get_or_create
from bangfu.registry import services
from bangfu.registry.models import Household as HouseholdRow
from bangfu.registry.models import IncomeRecord, LivingConditions, Member, VillageYearStat

_sequence = count(1)


def id_number(birth: date, *, male: bool = True, prefix: str = "441521") -> str:
    """A valid 18-digit resident ID number, unique within the test run."""
    serial = next(_sequence) % 500 * 2 + (1 if male else 0)
    body = f"{prefix}{birth:%Y%m%d}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit


def village(
    code: str = "441521101201", *, name: str = "新山村", poor: bool = True, population: int = 1000, **kw
):
    county = Division.objects.get(code=code[:6] + "000000")
    town = division_get_or_create(code=code[:9] + "000", name="海城镇", level=Level.TOWN, parent=county)
    division = division_get_or_create(code=code, name=name, level=Level.VILLAGE, parent=town)
    kw.setdefault("identified_year", 2016 if poor else None)
    return services.village_create(division=division, registered_population=population, is_poor=poor, **kw)


def household(village, code: str, *, members: int = 3, labour: bool = True, **kw):
    """A household whose head is a man born in 1970; the other members are children, not in labour."""
    head_id = id_number(date(1970, 5, 1))
    # 两不愁 verified (gd-2016 and cn-2020 ask it; empty would make the verdict "cannot decide")
    sound = {"housing_grade": "A", "safe_water": True, "food_secure": True, "clothing_secure": True}
    kw = {"attribute": "一般贫困户", "identified_year": 2016, **sound} | kw
    living = {name: kw.pop(name) for name in LIVING if name in kw}
    result = _valid(HouseholdRow(code=code, village=village, head_id_number=head_id, **kw))
    _valid(LivingConditions(household=result, **living))
    member(result, head_id, relation="户主", labour="普通劳动力" if labour else "丧失劳动力")
    for index in range(members - 1):
        birth = date(2010 + index % 5, 3, 1)
        member(
            result, id_number(birth, male=False), relation="女", birth=birth, labour="无劳动力", school="小学"
        )
    return result


def member(
    household, id_no: str, *, relation: str, labour: str, birth: date = date(1970, 5, 1), school: str = ""
):
    return _valid(
        Member(
            household=household,
            name="陈某",
            id_number=id_no,
            relation=relation,
            sex="男" if int(id_no[16]) % 2 else "女",
            birth_date=birth,
            health="健康",
            labour_ability=labour,
            resident_medical_insurance=True,
            employee_medical_insurance=False,
            education="" if school else "初中",
            school_status=school,
        )
    )


def income(household, year: int, *, wages: int, transfers: int = 0, costs: int = 0):
    return income_record(
        household=household,
        year=year,
        wages=Decimal(wages),
        business_income=Decimal(costs),
        property_income=Decimal(0),
        transfer_income=Decimal(transfers),
        business_costs=Decimal(costs),
    )


def account(
    username: str,
    role: str,
    *,
    divisions=(),
    villages=(),
    personal_data: bool = False,
    password="pw-Bangfu-2020",
    unit=None,
):
    """A signed-in-able user with a role and scope (division codes / village division codes)."""
    from bangfu.accounts.services import user_create_or_update
    from bangfu.registry.models import Village

    served = list(Village.objects.filter(division__code__in=villages))
    assert len(served) == len(set(villages)), f"no village with one of the codes {villages}"
    return user_create_or_update(
        username=username,
        password=password,
        role=role,
        division_codes=divisions,
        villages=served,
        may_view_personal_data=personal_data,
        assisting_unit=unit,
    )


LIVING = ("housing_grade", "housing_renovated", "safe_water", "food_secure", "clothing_secure")


def _valid(record):
    record.full_clean()
    record.save()
    return record


def _yearly(model, key: dict, **values):
    """The record of ``key`` (an owner and a year), created or replaced with ``values``."""
    record = model.objects.filter(**key).first() or model(**key)
    for name, value in values.items():
        setattr(record, name, value)
    return _valid(record)


def income_record(*, household, year: int, **values) -> IncomeRecord:
    """A household's income of a year (年度收入), created or replaced."""
    return _yearly(IncomeRecord, {"household": household, "year": year}, **values)


def village_year_stat(*, village, year: int, **values) -> VillageYearStat:
    """A village's statistics of a year (村年度统计), created or replaced."""
    return _yearly(VillageYearStat, {"village": village, "year": year}, **values)
