"""The dbt project as Dagster sees it, and the explicit manifest preparation it needs."""

from __future__ import annotations

from dagster_dbt import DbtProject

from touchline.project_fingerprint import export_project_fingerprint
from touchline.settings import DBT_PROJECT_DIR, PROFILES_DIR

touchline_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=PROFILES_DIR)

# dbt reads which code its incremental tables are built with; parse and build must agree.
export_project_fingerprint()
# Under `dagster dev` the manifest is re-parsed on load so model edits show up at once.
touchline_project.prepare_if_dev()


def prepare_manifest() -> None:
    """Parse the dbt project into target/manifest.json (tests, CI and `touchline build` call
    this before importing the definitions, which read the manifest at import time)."""
    export_project_fingerprint()
    touchline_project.preparer.prepare(touchline_project)
