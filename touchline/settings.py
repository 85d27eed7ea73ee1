"""Where things are: the repository's own folders and the user's landing folder and warehouse.

Precedence for user paths: command-line flag, then environment variable, then the default
relative to the current directory (landing.md and marts.md fix the defaults).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
PROFILES_DIR = REPO_ROOT
SEEDS_DIR = REPO_ROOT / "seeds"

LANDING_ENV = "TOUCHLINE_LANDING_DIR"
WAREHOUSE_ENV = "TOUCHLINE_WAREHOUSE"
# Set only inside a build, for the dbt subprocess: the private file it writes (publish.py).
BUILD_WAREHOUSE_ENV = "TOUCHLINE_BUILD_WAREHOUSE"
DEFAULT_LANDING = Path("landing")
DEFAULT_WAREHOUSE = Path("warehouse") / "touchline.duckdb"


class ConfigError(ValueError):
    """A configuration the user has to fix; the message names the setting."""


def landing_dir(arg: str | os.PathLike[str] | None = None) -> Path:
    raw = arg or os.environ.get(LANDING_ENV) or DEFAULT_LANDING
    return Path(raw).expanduser().resolve()


def warehouse_path(arg: str | os.PathLike[str] | None = None) -> Path:
    raw = arg or os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE
    path = Path(raw).expanduser().resolve()
    if path.exists() and path.is_dir():
        raise ConfigError(
            f"{WAREHOUSE_ENV} / --warehouse points to a directory ({path}); "
            "it must name the DuckDB file, e.g. warehouse/touchline.duckdb"
        )
    return path


def require_landing(path: Path) -> Path:
    """Fail fast with the setting's name when the landing folder is missing."""
    if not path.is_dir():
        raise ConfigError(
            f"landing folder {path} does not exist: set --landing DIR or {LANDING_ENV} "
            "(it holds pixel/, orders/, refunds/, spend/ and optionally fx/)"
        )
    return path
