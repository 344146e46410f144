"""A small register in two counties, with runs, a programme and users of every role: for the API tests and the
scope walk (tests/web/test_scope_walk.py).

海丰县 (441521) has two villages: 新山村 (paired with the unit 福田区, served by the cadre) and 东风村; 陆河县 (441523)
has 坡平村. Every record carries a distinctive marker (household code, village name, head's name, project code)
so that a response can be searched for what must not be in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from bangfu.accounts.models import Role
from bangfu.assessment.services import assessment_run, quality_check_run
from bangfu.indicators.services import figures_refresh
from bangfu.programme import services as programme_services
from bangfu.projects import services as project_services
from bangfu.regions.models import Division
from bangfu.registry.models import Member
from tests import factories

XINSHAN, DONGFENG, POPING = "441521101201", "441521101202", "441523101201"
HAIFENG, LUHE = "441521000000", "441523000000"

#: What each part of the register is recognised by in a response.
MARKERS = {
    "xinshan": ("4415211012010001", "4415211012010002", "新山村", "海新生", "干部xinshan", "HF-P001"),
    "dongfeng": ("4415211012020001", "东风村", "东风生", "HF-P002"),
    "haifeng": ("HF-P003",),  # a county-level project of 海丰县
    "luhe": (
        "4415231012010001",
        "4415231012010002",
        "坡平村",
        "陆河县",
        "陆河生",
        "干部luhe",
        "LH-P001",
        "LH-P002",
    ),
}

#: The parts of the register each role must not see.
HIDDEN = {
    "admin": (),
    "officer": ("luhe",),
    "inspector": ("luhe",),
    "unit": ("dongfeng", "haifeng", "luhe"),
    "cadre": ("dongfeng", "haifeng", "luhe"),
    "nobody": ("xinshan", "dongfeng", "haifeng", "luhe"),
}

PHONE = "13800135678"


@dataclass
class Register:
    villages: dict = field(default_factory=dict)
    households: dict = field(default_factory=dict)
    members: dict = field(default_factory=dict)
    runs: dict = field(default_factory=dict)
    projects: dict = field(default_factory=dict)
    programme: object = None
    users: dict = field(default_factory=dict)

    def hidden_parts(self, role: str) -> tuple[str, ...]:
        return HIDDEN[role]

    def hidden_markers(self, role: str) -> list[str]:
        return [marker for part in HIDDEN[role] for marker in MARKERS[part]]


def _household(village, code: str, head: str, **kw):
    household = factories.household(village, code, **kw)
    Member.objects.filter(household=household, relation="户主").update(name=head)
    factories.income(household, 2020, wages=30000)
    return household


def build_register() -> Register:
    """The register, runs, programme and users (needs the shipped divisions)."""
    r = Register()
    r.villages["xinshan"] = factories.village(XINSHAN, name="新山村", is_demonstration=True)
    r.villages["dongfeng"] = factories.village(DONGFENG, name="东风村", poor=False, population=800)
    r.villages["luhe"] = factories.village(POPING, name="坡平村", population=600)
    r.households["xinshan"] = _household(r.villages["xinshan"], "4415211012010001", "海新生", phone=PHONE)
    r.households["xinshan_exited"] = _household(
        r.villages["xinshan"], "4415211012010002", "海新生", exit_year=2018
    )
    r.households["dongfeng"] = _household(r.villages["dongfeng"], "4415211012020001", "东风生")
    r.households["luhe"] = _household(r.villages["luhe"], "4415231012010001", "陆河生", phone="13900139000")
    r.households["luhe_exited"] = _household(r.villages["luhe"], "4415231012010002", "陆河生", exit_year=2019)
    for key in ("xinshan", "luhe"):
        r.members[key] = r.households[key].members.get(relation="户主")
    r.runs["all"] = assessment_run(standard_id="gd-2016", year=2020)
    r.runs["haifeng"] = assessment_run(standard_id="gd-2016", year=2020, scope="441521")
    r.runs["luhe"] = assessment_run(standard_id="gd-2016", year=2020, scope="441523")
    r.runs["luhe_village"] = assessment_run(standard_id="gd-2016", year=2020, level="village", scope="441523")
    # checked as of 1960, every member is born after the register's date: findings in each county
    r.runs["quality_haifeng"] = quality_check_run(scope="441521", as_of=date(1960, 1, 1))
    r.runs["quality_luhe"] = quality_check_run(scope="441523", as_of=date(1960, 1, 1))
    _programme(r)
    figures_refresh(reason="test")
    _users(r)
    return r


def _programme(r: Register) -> None:
    shanwei = Division.objects.get(code="441500000000")
    programme = programme_services.programme_create(
        name="深圳对口帮扶汕尾",
        donor_city="深圳",
        recipient_city="汕尾",
        recipient_division=shanwei,
        start_year=2013,
        end_year=2020,
    )
    r.programme = programme
    futian = programme_services.assisting_unit_create(name="福田区", kind="区")
    luohu = programme_services.assisting_unit_create(name="罗湖区", kind="区")
    r.units = {"haifeng": futian, "luhe": luohu}
    programme_services.pairing_create(
        programme=programme, unit=futian, village=r.villages["xinshan"], start_date=date(2016, 1, 1)
    )
    programme_services.pairing_create(
        programme=programme, unit=luohu, village=r.villages["luhe"], start_date=date(2016, 1, 1)
    )
    places = {
        "HF-P001": {"village": r.villages["xinshan"]},
        "HF-P002": {"village": r.villages["dongfeng"]},
        "HF-P003": {"division": Division.objects.get(code=HAIFENG)},
        "LH-P001": {"village": r.villages["luhe"]},
        "LH-P002": {"division": Division.objects.get(code=LUHE)},
    }
    for code, place in places.items():
        project = project_services.project_create(
            programme=programme,
            code=code,
            name=f"项目{code}",
            category="产业",
            budget=Decimal("100000"),
            start_year=2017,
            status_date=date(2017, 1, 10),
            **place,
        )
        r.projects[code] = project
        for kind, amount in (("下达", 50000), ("拨付", 40000), ("支出", 30000)):
            project_services.fund_flow_record(
                programme=programme,
                kind=kind,
                source="帮扶方财政",
                year=2017,
                amount=Decimal(amount),
                project=project,
            )
    for key, unit in (("xinshan", futian), ("luhe", luohu)):
        household = r.households[key]
        cadre = programme_services.cadre_create(
            name=f"干部{key}", unit=unit, code=f"C-{key}", phone="13700137000"
        )
        programme_services.cadre_assignment_create(
            cadre=cadre,
            role="帮扶责任人",
            unit=unit,
            programme=programme,
            start_date=date(2016, 1, 1),
            household=household,
        )
        programme_services.visit_record(household=household, cadre=cadre, date=date(2019, 5, 1), notes="走访")
        programme_services.household_plan_set(household=household, year=2019, summary=f"计划{household.code}")


def _users(r: Register) -> None:
    r.users = {
        "admin": factories.account("boss", Role.ADMINISTRATOR, personal_data=True),
        "officer": factories.account("haifeng", Role.OFFICER, divisions=[HAIFENG]),
        "inspector": factories.account("inspector", Role.INSPECTOR, divisions=[HAIFENG]),
        "unit": factories.account("futian", Role.UNIT, unit=r.units["haifeng"]),
        "cadre": factories.account("cadre", Role.CADRE, villages=[XINSHAN]),
        "nobody": get_user_model().objects.create_user("nobody", password="pw-Bangfu-2020"),
    }
