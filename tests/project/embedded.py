"""Python programs run in a process of their own on the embedded defaults.

SQLite and no Redis, whatever the test run's own database and Redis, with var/ where the test
says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_embedded(
    program: str,
    var_dir: Path,
    *,
    cwd: Path = ROOT,
    timeout: float = 60,
    check: bool = True,
    **env: str,
) -> subprocess.CompletedProcess:
    """`python -c program` on the embedded settings, plus `env`; its output captured."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY"}
    }
    clean |= {
        "DJANGO_SETTINGS_MODULE": "focusgroup.settings",
        "FOCUSGROUP_VAR_DIR": str(var_dir),
        "PYTHONPATH": str(ROOT),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", program],
        cwd=cwd,
        env=clean,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )
