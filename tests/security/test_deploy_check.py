"""``bangfu check --deploy`` is Django's deploy check again, and passes with deploy/bangfu.env.example."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.processes import bangfu

ROOT = Path(__file__).resolve().parents[2]
ENV_EXAMPLE = ROOT / "deploy" / "bangfu.env.example"


def with_env_file(command: str, home: Path, env_file: Path | None) -> subprocess.CompletedProcess:
    """Run ``bangfu COMMAND`` from a shell the way docs/deployment.md says, after loading ``env_file``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BANGFU_", "DJANGO_"))}
    env["BANGFU_HOME"] = str(home)
    load = f"set -a; . '{env_file}'; set +a; " if env_file else ""
    script = f"{load}exec '{sys.executable}' -m bangfu.cli.main {command}"
    return subprocess.run(["sh", "-c", script], env=env, capture_output=True, text=True, timeout=300)


def test_the_deploy_check_passes_with_the_shipped_production_settings(tmp_path):
    result = with_env_file("check --deploy --fail-level WARNING", tmp_path, ENV_EXAMPLE)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_them_the_deploy_check_fails_on_the_https_settings(tmp_path):
    """The defaults serve the local demo over http://127.0.0.1:8000, which the deploy check rightly flags."""
    result = with_env_file("check --deploy --fail-level WARNING", tmp_path, None)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_the_production_settings_are_what_the_file_says(tmp_path):
    code = (
        "from django.conf import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_AGE,"
        " s.API_TOKEN_DAYS, s.ALLOWED_HOSTS)"
    )
    result = with_env_file(f'shell --no-imports -c "{code}"', tmp_path, ENV_EXAMPLE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False True True True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https') 32400 90 ['bangfu.county.example']"
    )


def test_bangfu_check_is_djangos_system_check(tmp_path):
    result = bangfu("check", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_data_quality_command_is_bangfu_quality(tmp_path):
    result = bangfu("quality", "--help", home=tmp_path)
    assert result.returncode == 0 and "--as-of" in result.stdout
    listed = bangfu("--help", home=tmp_path).stdout
    assert "    quality " in listed and "    check " not in listed
