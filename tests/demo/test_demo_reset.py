"""`bangfu demo --reset` removes the register and its change history, without recording the deletion."""

from bangfu.demo.services import demo_register_clear
from bangfu.registry.models import Household, Member, Village
from tests import factories


def test_reset_clears_records_and_their_history(divisions):
    village = factories.village()
    factories.household(village, "4415211012010001", members=3)
    assert Household.history.exists() and Member.history.exists()
    demo_register_clear()
    assert not Village.objects.exists() and not Household.objects.exists() and not Member.objects.exists()
    assert not Household.history.exists() and not Member.history.exists() and not Village.history.exists()
