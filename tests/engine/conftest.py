import pytest

from tests.assessment.registers import small_register


@pytest.fixture
def register(divisions):
    return small_register()
