"""The dbt project as Dagster sees it, and the explicit manifest preparation it needs."""

from __future__ import annotations

import hashlib
import os
from importlib.metadata import version

from dagster_dbt import DbtProject

from orchestration.dbt_resource import parse_project
from touchline.dbt.cli import project_target_path
from touchline.dbt.fingerprint import export_project_fingerprint, project_fingerprint
from touchline.settings import (
    BUILD_WAREHOUSE_ENV,
    DBT_PROJECT_DIR,
    MEMORY_LIMIT_ENV,
    PROFILES_DIR,
    THREADS_ENV,
    WAREHOUSE_ENV,
)

# Builds keep their own target folder (touchline.dbt.cli.project_target_path): a dbt run by
# hand in dbt_project/target/ or `touchline docs` never rewrites the manifest a build reads.
touchline_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=PROFILES_DIR,
                               target_path=project_target_path())

# dbt reads which code its incremental tables are built with; parse and build must agree.
export_project_fingerprint()
# Under `dagster dev` the manifest is re-parsed on load so model edits show up at once.
touchline_project.prepare_if_dev()

# Beside the manifest: what it was parsed from. `dbt parse` costs several seconds even when
# nothing changed (dbt starts, reads its partial-parse cache); a nightly build skips it when
# the code, the profile and the paths it names are the ones of the last parse.
_STAMP = DBT_PROJECT_DIR / touchline_project.target_path / "touchline_manifest.stamp"


def _parse_inputs() -> str:
    parts = [
        project_fingerprint(),
        _tests_fingerprint(),
        (PROFILES_DIR / "profiles.yml").read_text(encoding="utf-8"),
        os.environ.get(WAREHOUSE_ENV, ""),
        os.environ.get(BUILD_WAREHOUSE_ENV, ""),
        os.environ.get(THREADS_ENV, ""),
        os.environ.get("TOUCHLINE_DBT_THREADS", ""),
        os.environ.get(MEMORY_LIMIT_ENV, ""),
        version("dbt-core"),
        version("dagster-dbt"),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _tests_fingerprint() -> str:
    # Singular tests are not in project_fingerprint (they change no table, so they must not
    # force incremental rebuilds), but an edited test must be parsed again.
    digest = hashlib.sha256()
    for path in sorted((DBT_PROJECT_DIR / "tests").rglob("*.sql")):
        digest.update(path.relative_to(DBT_PROJECT_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def prepare_manifest() -> None:
    """Parse the dbt project into target_build/manifest.json (tests, CI and `touchline build` call
    this before importing the definitions, which read the manifest at import time), unless
    the manifest there was parsed from the same inputs."""
    export_project_fingerprint()
    inputs = _parse_inputs()
    manifest = touchline_project.manifest_path
    if manifest.exists() and _STAMP.exists() and _STAMP.read_text() == inputs:
        return
    parse_project(touchline_project)
    _STAMP.write_text(inputs)
