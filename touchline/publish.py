"""The build file and the published file: analysts are never locked out by a build.

DuckDB lets one process write a file, and while it writes no other process can open it, not
even read-only. So the build never writes the file analysts open: it writes a private build
file beside it (`touchline.building.duckdb` next to `touchline.duckdb`), and when the whole
build has succeeded it publishes a copy by an atomic rename. Analysts who have the old file
open keep reading it; new connections see the new build; a failed build publishes nothing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def build_path(warehouse: Path) -> Path:
    """The private file builds write to, beside the published warehouse."""
    return warehouse.with_name(f"{warehouse.stem}.building{warehouse.suffix or '.duckdb'}")


def ensure_build_file(warehouse: Path) -> Path:
    """The build file, created from the published warehouse when it does not exist yet (a
    first build, or a warehouse published by an older version)."""
    building = build_path(warehouse)
    if not building.exists() and warehouse.exists():
        shutil.copy2(warehouse, building)
    return building


def publish(warehouse: Path) -> Path:
    """Atomically replace the published warehouse by a copy of the build file."""
    building = build_path(warehouse)
    if not building.exists():
        raise FileNotFoundError(f"nothing to publish: {building} does not exist (run a build first)")
    staging_copy = warehouse.with_name(f".{warehouse.name}.publishing")
    shutil.copy2(building, staging_copy)
    os.replace(staging_copy, warehouse)
    return warehouse
