import pytest

from tests.api.register import build_register


@pytest.fixture
def register(divisions):
    return build_register()
