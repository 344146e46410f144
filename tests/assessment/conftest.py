import pytest

from tests.assessment import fake_standards
from tests.assessment.registers import small_register


@pytest.fixture
def register(divisions):
    return small_register()


@pytest.fixture
def fakes(monkeypatch):
    """Standards are looked up among the fakes (fake-exit, fake-monitoring, fake-quality)."""
    monkeypatch.setattr("bangfu.standards.load_standard", fake_standards.load)
