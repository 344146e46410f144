"""Fixtures for the generator tests: the demo register, generated once per session and read back."""

from __future__ import annotations

import pytest

from bangfu.demo.generator import generate_register, shanwei_profile
from tests.demo.registers import Register


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Register:
    folder = tmp_path_factory.mktemp("demo") / "register"
    generate_register(shanwei_profile(), folder, seed=2013)
    return Register.read(folder)
