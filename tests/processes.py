"""Running ``bangfu`` as users do: a real process, with its own BANGFU_HOME and SQLite database."""

from __future__ import annotations

import os
import subprocess
import sys


def bangfu(*args: str, home, check: bool = False, background: bool = False, **env_extra: str):
    """Run ``bangfu ARGS`` in ``home``; never on the test suite's own database."""
    env = {**os.environ, "BANGFU_HOME": str(home), **env_extra}
    for name in ("BANGFU_DATABASE_URL", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    command = [sys.executable, "-m", "bangfu.cli.main", *args]
    if background:
        return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=check)
