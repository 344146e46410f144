"""One service per action: every door of an action (page, API route, command, admin page) calls the same
service function.

``table.ACTIONS`` is the table: an action, the dotted path of its service, and its doors (``doors.py``). Each door is driven as a
user would (the Django test client, ``call_command``) with the service replaced by a spy that calls through to
it, wherever a module holds that very function object (``module.f`` and ``from module import f`` alike); the
door passes when the spy was called. A door that did the work itself, or called a copy of the service, fails.

To add an action: write a door function per door in ``doors.py`` (``world`` holds a small register, a programme
and a signed-in administrator) and a row in ``table.ACTIONS``.
"""

from __future__ import annotations

import contextlib
import functools
import pkgutil
import sys
from importlib import import_module
from unittest import mock

import pytest

import bangfu
from tests.architecture.doors import World
from tests.architecture.table import ACTIONS, Action


# ------------------------------------------------------------------------------------------------ the check
def _service(path: str):
    module, name = path.rsplit(".", 1)
    return getattr(import_module(module), name)


def _holders(function) -> list[tuple[object, str]]:
    """Every (module, attribute) of Bangfu's loaded modules that holds this very function object."""
    return [
        (module, name)
        for module_name, module in list(sys.modules.items())
        if module_name.startswith("bangfu") and module is not None
        for name, value in list(vars(module).items())
        if value is function
    ]


DOORS = [
    pytest.param(action, door, id=f"{action.name}: {door.__name__}")
    for action in ACTIONS
    for door in action.doors
]


@functools.cache
def _load_every_module() -> None:
    """Import all of Bangfu's modules (pages, commands, admin), so that each one holding the service is patched:
    a module first imported while patched would keep the spy after the test."""
    for found in pkgutil.walk_packages(bangfu.__path__, "bangfu."):
        if found.name not in NOT_LOADED:
            import_module(found.name)


#: Modules with no door in them whose import has effects (a WSGI application) or needs the Spark extra.
NOT_LOADED = {"bangfu.config.wsgi", "bangfu.spark_job", "bangfu.engine.spark"}


@pytest.mark.parametrize(("action", "door"), DOORS)
def test_the_door_calls_the_actions_service(action: Action, door, world: World):
    _load_every_module()
    service = _service(action.service)
    spy = mock.Mock(wraps=service)
    with contextlib.ExitStack() as patches:
        for module, name in _holders(service):
            patches.enter_context(mock.patch.object(module, name, spy))
        door(world)
    assert spy.called, f"{door.__name__} did not call {action.service}"


def test_every_service_in_the_table_exists_once():
    assert len({action.service for action in ACTIONS}) == len(ACTIONS)
    for action in ACTIONS:
        assert callable(_service(action.service)), action.service
