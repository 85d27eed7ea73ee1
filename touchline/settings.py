"""Where things are: the repository's own folders and the user's landing folder and warehouse.

Precedence for user paths: command-line flag, then environment variable, then the default
relative to the current directory (landing.md and marts.md fix the defaults).
"""

from __future__ import annotations

import os
import re
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


THREADS_ENV = "TOUCHLINE_THREADS"
MEMORY_LIMIT_ENV = "TOUCHLINE_MEMORY_LIMIT"
_MEMORY_LIMIT = re.compile(r"^\s*\d+(\.\d+)?\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)\s*$", re.IGNORECASE)


def duckdb_config() -> dict[str, str]:
    """DuckDB's threads and memory limit for the loader, the same settings profiles.yml gives
    dbt: without a limit DuckDB may take 80 % of the machine's memory."""
    threads = os.environ.get(THREADS_ENV, "2")
    if not threads.strip().isdigit() or int(threads) < 1:
        raise ConfigError(f"{THREADS_ENV}={threads!r}: it must be a whole number of threads, at least 1")
    memory_limit = os.environ.get(MEMORY_LIMIT_ENV, "3GB")
    if not _MEMORY_LIMIT.match(memory_limit):
        raise ConfigError(f"{MEMORY_LIMIT_ENV}={memory_limit!r}: it must be an amount of memory such as 3GB or 512MB")
    return {"threads": threads.strip(), "memory_limit": memory_limit.strip()}
