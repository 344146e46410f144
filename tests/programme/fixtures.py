"""Fixtures shared by the programme and projects tests (their conftest modules import them)."""

import pytest

from tests import factories
from tests.programme import records


@pytest.fixture
def village(divisions):
    return factories.village()


@pytest.fixture
def programme(divisions):
    return records.programme()


@pytest.fixture
def unit(db):
    return records.unit()
