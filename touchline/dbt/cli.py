"""Run dbt commands against a given warehouse, outside Dagster (tests, `touchline docs`).

The nightly build goes through Dagster (orchestration/); this is for the places where a
plain dbt invocation is what is wanted: parsing the manifest, generating docs, and tests
that build a slice of the project against a temporary DuckDB file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from touchline.dbt.fingerprint import FINGERPRINT_ENV, project_fingerprint
from touchline.dbt.vars import dbt_vars_from_env
from touchline.settings import BUILD_WAREHOUSE_ENV, DBT_PROJECT_DIR, LANDING_ENV, PROFILES_DIR, WAREHOUSE_ENV

TARGET_PATH_ENV = "TOUCHLINE_DBT_TARGET_PATH"
# Where builds keep dbt's files (the parsed manifest Dagster reads, dbt's partial-parse cache,
# run results): dbt_project/target_build/, apart from target/ (dbt run by hand),
# target_docs/ (`touchline docs`) and the tests' own folders, so none rewrites another's.
PROJECT_TARGET_ENV = "TOUCHLINE_DBT_PROJECT_TARGET"
BUILD_TARGET = "target_build"


def project_target_path() -> Path:
    """The builds' dbt target folder, relative to dbt_project/ unless set absolute."""
    return Path(os.environ.get(PROJECT_TARGET_ENV) or BUILD_TARGET)


class DbtError(RuntimeError):
    """dbt exited non-zero; the message carries the tail of its output."""


def dbt_executable() -> str:
    # The dbt that belongs to this interpreter's environment, not whatever is on PATH.
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def build_dbt_executable() -> str:
    """dbt for a build: `touchline-dbt`, which dies with the build (touchline.dbt.child).

    An environment installed before touchline-dbt existed has only `dbt`: reinstall
    (`pip install -e .`) to get it; until then builds run plain dbt, as they used to.
    """
    candidate = Path(sys.executable).with_name("touchline-dbt")
    if candidate.exists():
        return str(candidate)
    warnings.warn(
        f"{candidate} is missing (reinstall touchline): a killed build's dbt will not stop with it", stacklevel=2
    )
    return dbt_executable()


def dbt_env(warehouse: Path, landing: Path | None = None, target_path: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env[WAREHOUSE_ENV] = str(Path(warehouse).resolve())
    env.pop(BUILD_WAREHOUSE_ENV, None)
    if landing is not None:
        env[LANDING_ENV] = str(Path(landing).resolve())
    if target_path is not None:
        env["DBT_TARGET_PATH"] = str(Path(target_path).resolve())
    elif os.environ.get(TARGET_PATH_ENV):
        env["DBT_TARGET_PATH"] = os.environ[TARGET_PATH_ENV]
    env[FINGERPRINT_ENV] = project_fingerprint()
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    env.setdefault("DBT_PROFILES_DIR", str(PROFILES_DIR))
    return env


def run_dbt(
    args: Sequence[str],
    warehouse: Path,
    *,
    dbt_vars: Mapping[str, Any] | None = None,
    target_path: Path | None = None,
    capture: bool = True,
) -> str:
    """Run `dbt <args>` in the project directory against `warehouse`; return its output."""
    cmd = [dbt_executable(), *args, "--profiles-dir", str(PROFILES_DIR), "--project-dir", str(DBT_PROJECT_DIR)]
    merged_vars = {**dbt_vars_from_env(), **dict(dbt_vars or {})}
    if merged_vars:
        cmd += ["--vars", json.dumps(merged_vars)]
    proc = subprocess.run(
        cmd,
        cwd=DBT_PROJECT_DIR,
        env=dbt_env(warehouse, target_path=target_path),
        capture_output=capture,
        text=True,
    )
    output = (proc.stdout or "") + (proc.stderr or "")
    if proc.returncode != 0:
        tail = "\n".join(output.splitlines()[-60:])
        raise DbtError(f"dbt {' '.join(args)} failed (exit {proc.returncode}):\n{tail}")
    return output
