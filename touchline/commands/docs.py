"""`touchline docs`: generate (and optionally serve) the dbt docs of the warehouse."""

from __future__ import annotations

import subprocess
from pathlib import Path

from touchline import settings
from touchline.dbt.cli import dbt_env, dbt_executable, run_dbt
from touchline.settings import DBT_PROJECT_DIR, PROFILES_DIR

# The docs' own dbt target folder: a build (or a test build) rewriting dbt_project/target must
# not change the manifest and catalog `touchline docs --serve` is serving.
DOCS_TARGET_DIR = DBT_PROJECT_DIR / "target_docs"


def run_docs(warehouse: Path, *, serve: bool, port: int, echo=print, target_path: Path | None = None) -> Path:
    if not warehouse.exists():
        echo(f"note: {warehouse} does not exist yet; the docs will show the lineage without table statistics")
    settings.ensure_warehouse_folder(warehouse, echo)
    target_path = target_path or DOCS_TARGET_DIR
    run_dbt(["docs", "generate"], warehouse, target_path=target_path)
    index = target_path / "index.html"
    echo(f"dbt docs written to {index}")
    if serve:
        echo(f"serving on http://localhost:{port} (Ctrl-C to stop)")
        subprocess.run(
            [
                dbt_executable(),
                "docs",
                "serve",
                "--port",
                str(port),
                "--no-browser",
                "--profiles-dir",
                str(PROFILES_DIR),
                "--project-dir",
                str(DBT_PROJECT_DIR),
            ],
            cwd=DBT_PROJECT_DIR,
            env=dbt_env(warehouse, target_path=target_path),
            check=False,
        )
    return index
