import pytest

from tests.api.register import build_register


@pytest.fixture
def register(divisions):
    """tests/api/register.py: two counties, runs and quality findings, a programme, one user per role."""
    return build_register()
