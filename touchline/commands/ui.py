"""`touchline ui`: start the Dagster UI (and the daemon that runs the schedule)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from touchline import settings
from touchline.commands.dagster_home import ensure_dagster_home
from touchline.settings import REPO_ROOT


def run_ui(landing: Path, warehouse: Path, *, port: int, echo=print) -> int:
    settings.require_landing(landing)  # a mistyped --landing fails here, naming the setting
    os.environ[settings.LANDING_ENV] = str(landing)
    os.environ[settings.WAREHOUSE_ENV] = str(warehouse)
    settings.ensure_warehouse_folder(warehouse, echo)
    home = ensure_dagster_home(warehouse)

    from orchestration.project import prepare_manifest

    prepare_manifest()
    echo(f"Dagster UI on http://localhost:{port} (instance in {home}); the nightly schedule runs while this is up")
    dagster = Path(sys.executable).with_name("dagster")
    return subprocess.call(
        [str(dagster), "dev", "-m", "orchestration.definitions", "--port", str(port)],
        cwd=REPO_ROOT,
        env=dict(os.environ),
    )
