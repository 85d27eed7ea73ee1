"""`touchline docs`: generate (and optionally serve) the dbt docs of the warehouse."""

from __future__ import annotations

import subprocess
from pathlib import Path

from touchline.dbt_cli import dbt_env, dbt_executable, run_dbt
from touchline.settings import DBT_PROJECT_DIR, PROFILES_DIR


def run_docs(warehouse: Path, *, serve: bool, port: int, echo=print, target_path: Path | None = None) -> Path:
    if not warehouse.exists():
        echo(f"note: {warehouse} does not exist yet; the docs will show the lineage without table statistics")
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    run_dbt(["docs", "generate"], warehouse, target_path=target_path)
    index = (target_path or DBT_PROJECT_DIR / "target") / "index.html"
    echo(f"dbt docs written to {index}")
    if serve:
        echo(f"serving on http://localhost:{port} (Ctrl-C to stop)")
        subprocess.run(
            [dbt_executable(), "docs", "serve", "--port", str(port), "--no-browser",
             "--profiles-dir", str(PROFILES_DIR), "--project-dir", str(DBT_PROJECT_DIR)],
            cwd=DBT_PROJECT_DIR,
            env=dbt_env(warehouse, target_path=target_path),
            check=False,
        )
    return index
