"""`bangfu demo --reset` removes the programme records too (they refer to the register's villages)."""

from datetime import date
from decimal import Decimal

from bangfu.accounts.models import Profile
from bangfu.demo.services import demo_register_clear
from bangfu.programme.models import AssistingUnit, CadreAssignment, Pairing, Programme, Visit
from bangfu.programme_projects.bulk import programme_records_bulk_load
from bangfu.projects.models import FundFlow, Project
from bangfu.registry.models import Village
from tests import factories
from tests.programme import records

VILLAGE, HOUSEHOLD = "441521101201", "4415211012010001"


def test_reset_clears_programme_records_and_their_history(divisions):
    village = factories.village(VILLAGE)
    factories.household(village, HOUSEHOLD)
    programme = records.programme()
    programme_records_bulk_load(
        programme=programme,
        units=[{"name": "福田区", "kind": "区"}],
        pairings=[{"unit": "福田区", "village": VILLAGE, "start_date": date(2016, 1, 1)}],
        cadres=[{"code": "C1", "name": "李明", "unit": "福田区"}],
        assignments=[
            {
                "cadre": "C1",
                "role": "帮扶责任人",
                "unit": "福田区",
                "start_date": date(2016, 1, 1),
                "household": HOUSEHOLD,
            }
        ],
        visits=[{"household": HOUSEHOLD, "cadre": "C1", "date": date(2017, 1, 1)}],
        fund_flows=[
            {"kind": "下达", "source": "帮扶方财政", "category": "民生", "year": 2017, "amount": Decimal(9)}
        ],
    )
    records.project(programme, village)  # through the services: with history rows
    staff = factories.account("unit-staff", "unit", unit=AssistingUnit.objects.get())
    assert Project.history.exists()

    demo_register_clear()

    for model in (Programme, AssistingUnit, Pairing, CadreAssignment, Visit, Project, FundFlow, Village):
        assert not model.objects.exists(), model.__name__
    assert not Project.history.exists() and not Pairing.history.exists()
    assert Profile.objects.get(user=staff).assisting_unit is None  # the account stays, without its unit
