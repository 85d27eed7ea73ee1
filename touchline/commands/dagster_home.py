"""The Dagster instance folder: runs started by `touchline build` show up in `touchline ui`."""

from __future__ import annotations

import os
from pathlib import Path

from touchline.settings import REPO_ROOT

DAGSTER_YAML = """\
# Written by touchline. One run at a time: DuckDB allows one writing process.
concurrency:
  runs:
    max_concurrent_runs: 1
telemetry:
  enabled: false
"""

# The code location as `touchline ui` serves it: the same name as `dagster dev` gives it
# from the repository's pyproject.toml ([tool.dagster] code_location_name).
CODE_LOCATION = "touchline"
WORKSPACE_YAML = """\
# Written by touchline ui: the one code location, named as under `dagster dev`.
load_from:
  - python_module:
      module_name: orchestration.definitions
      location_name: {location}
      working_directory: {repo}
"""


def ensure_dagster_home(warehouse: Path) -> Path:
    """Use $DAGSTER_HOME when set, else a folder beside the warehouse; make sure it has a
    dagster.yaml that limits the instance to one run at a time."""
    home = Path(os.environ.get("DAGSTER_HOME") or warehouse.parent / "dagster_home").resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def write_workspace(home: Path) -> Path:
    """The workspace file `touchline ui` starts `dagster dev` with (rewritten every start:
    it names this checkout)."""
    path = home / "workspace.yaml"
    path.write_text(WORKSPACE_YAML.format(location=CODE_LOCATION, repo=REPO_ROOT))
    return path
