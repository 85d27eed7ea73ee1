"""The Dagster instance folder: runs started by `touchline build` show up in `touchline ui`."""

from __future__ import annotations

import os
from pathlib import Path

DAGSTER_YAML = """\
# Written by touchline. One run at a time: DuckDB allows one writing process.
concurrency:
  runs:
    max_concurrent_runs: 1
telemetry:
  enabled: false
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
