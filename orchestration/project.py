"""The dbt project as Dagster sees it, with its manifest parsed on first use.

`@dbt_assets` needs a parsed manifest when the definitions are built; nothing is parsed at
import time. `touchline_project()` parses the project the first time a process asks for it
(the definitions, `touchline docs`, a test) and hands back the same project afterwards, so no
caller has to remember to prepare it before importing anything.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
from functools import cache
from importlib.metadata import version
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration.dbt_resource import parse_project
from touchline.dbt.cli import project_target_path
from touchline.dbt.fingerprint import export_project_fingerprint, project_fingerprint
from touchline.settings import (
    BUILD_WAREHOUSE_ENV,
    DBT_PROJECT_DIR,
    DBT_THREADS_ENV,
    MEMORY_LIMIT_ENV,
    PROFILES_DIR,
    THREADS_ENV,
    WAREHOUSE_ENV,
)

# Beside the manifest: what it was parsed from. `dbt parse` costs several seconds even when
# nothing changed (dbt starts, reads its partial-parse cache); a process skips it when the
# code, the profile and the paths it names are the ones of the last parse. The lock file lets
# processes starting together (pytest-xdist workers, `dagster dev` beside a `touchline build`)
# parse once: the others wait, then find the stamp current.
_STAMP_NAME = "touchline_manifest.stamp"
_LOCK_NAME = "touchline_manifest.lock"


def dbt_project() -> DbtProject:
    """The dbt project and where its files go, nothing parsed."""
    # Builds keep their own target folder (touchline.dbt.cli.project_target_path): a dbt run by
    # hand in dbt_project/target/ or `touchline docs` never rewrites the manifest a build reads.
    return DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=PROFILES_DIR, target_path=project_target_path())


@cache
def touchline_project() -> DbtProject:
    """The dbt project, its manifest.json parsed from the current code (once per process)."""
    project = dbt_project()
    _prepare_manifest(project)
    return project


def _prepare_manifest(project: DbtProject) -> None:
    # dbt reads which code its incremental tables are built with; parse and build must agree.
    export_project_fingerprint()
    target = DBT_PROJECT_DIR / project.target_path
    target.mkdir(parents=True, exist_ok=True)
    stamp = target / _STAMP_NAME
    inputs = _parse_inputs()
    with open(target / _LOCK_NAME, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if project.manifest_path.exists() and stamp.exists() and stamp.read_text() == inputs:
            return
        _parse_beside(project, target)
        stamp.write_text(inputs)


def _parse_beside(project: DbtProject, target: Path) -> None:
    # Another process may be reading manifest.json while this one parses (a worker whose
    # stamp was current, a build beside `dagster dev`); dbt writes the file in place, so a
    # reader could get half of it. Parse into a scratch folder, then rename each file over its
    # old copy: a reader opens either the old manifest or the new one, whole.
    scratch = Path(tempfile.mkdtemp(prefix=".parse-", dir=target))
    try:
        # dbt's partial-parse cache, so an unchanged project is not parsed from scratch
        cache_file = target / "partial_parse.msgpack"
        if cache_file.exists():
            shutil.copy2(cache_file, scratch / cache_file.name)
        parse_project(project, target_path=scratch)
        for produced in scratch.iterdir():
            if produced.is_file():
                os.replace(produced, target / produced.name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _parse_inputs() -> str:
    parts = [
        project_fingerprint(),
        _tests_fingerprint(),
        (PROFILES_DIR / "profiles.yml").read_text(encoding="utf-8"),
        os.environ.get(WAREHOUSE_ENV, ""),
        os.environ.get(BUILD_WAREHOUSE_ENV, ""),
        os.environ.get(THREADS_ENV, ""),
        os.environ.get(DBT_THREADS_ENV, ""),
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
