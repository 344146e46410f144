"""A small register for the engine and assessment tests, built through the register services.

海丰县 (441521) village A, poor, 100 registered people:
  A1 3 people, 2020 net income 30,000 (10,000 per head), safe water          → passes income and water
  A2 2 people, 2020 net income 10,000 (5,000 per head), unsafe water         → fails income and water
  A3 4 people, no 2020 income record; one member in both medical schemes     → fails income
陆丰市 (441581) village B, not poor, 50 registered people:
  B1 1 person, ordinary household (一般农户), 2020 net income 3,000           → not listed by exit standards
  B2 2 people, 2020 net income 20,000, exited 2019                           → passes
"""

from __future__ import annotations

from decimal import Decimal

from bangfu.registry.models import IncomeRecord, Member
from tests import factories

VILLAGE_A, VILLAGE_B = "441521101201", "441581102203"


def small_register() -> dict:
    a = factories.village(VILLAGE_A, name="新山村", population=100)
    b = factories.village(VILLAGE_B, name="东尾村", poor=False, population=50)
    households = {
        "A1": factories.household(a, "4415211012010001", members=3),
        "A2": factories.household(a, "4415211012010002", members=2, safe_water=False),
        "A3": factories.household(a, "4415211012010003", members=4),
        "B1": factories.household(
            b, "4415811022030001", members=1, attribute="一般农户", identified_year=None
        ),
        "B2": factories.household(b, "4415811022030002", members=2, exit_year=2019),
    }
    for key, wages in {"A1": 30000, "A2": 10000, "B1": 3000, "B2": 20000}.items():
        factories.income(households[key], 2020, wages=wages)
    IncomeRecord.objects.filter(household=households["A1"]).update(compliant_out_of_pocket=Decimal("1234.50"))
    factories.income(households["A1"], 2019, wages=1000)
    both = Member.objects.filter(household=households["A3"]).order_by("id").first()
    Member.objects.filter(pk=both.pk).update(employee_medical_insurance=True, receives_dibao=True)
    return {"villages": {"A": a, "B": b}, "households": households, "both_schemes": both}
