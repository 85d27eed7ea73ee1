"""Where things are: the repository's own folders and the user's landing folder and warehouse.

Precedence for user paths: command-line flag, then environment variable, then the default
relative to the current directory (docs/landing.md and docs/marts.md state the defaults).
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
PROFILES_DIR = DBT_PROJECT_DIR  # dbt_project/profiles.yml: `cd dbt_project && dbt debug` finds it
SEEDS_DIR = REPO_ROOT / "seeds"

LANDING_ENV = "TOUCHLINE_LANDING_DIR"
WAREHOUSE_ENV = "TOUCHLINE_WAREHOUSE"
# Set only inside a build, for the dbt subprocess: the private file it writes (touchline/warehouse/publish.py).
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
# dbt nodes run at once (profiles.yml); unset, a full build runs one and a nightly two
DBT_THREADS_ENV = "TOUCHLINE_DBT_THREADS"
# DuckDB's checkpoint threshold for dbt's connection (touchline/dbt/duckdb_plugin.py), set by the
# dbt step for each build: DuckDB's default for a full build, NIGHTLY_CHECKPOINT_THRESHOLD for a
# nightly's small batch
DBT_CHECKPOINT_THRESHOLD_ENV = "TOUCHLINE_DBT_CHECKPOINT_THRESHOLD"
# DuckDB's max_vacuum_tasks for dbt's connection (touchline/dbt/duckdb_plugin.py), set by the dbt
# step: 0 for a nightly whose build file has few deleted rows (touchline.warehouse.deleted_rows)
DBT_MAX_VACUUM_TASKS_ENV = "TOUCHLINE_DBT_MAX_VACUUM_TASKS"
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


# The plausibility window for the dates of landed records (docs/landing.md): the loader
# quarantines an event, order, refund or spend row dated before the earliest date, or more
# than so many days after the moment it is loaded (a record cannot be dated after its export).
EARLIEST_DATE_ENV = "TOUCHLINE_EARLIEST_DATE"
MAX_DAYS_AHEAD_ENV = "TOUCHLINE_MAX_DAYS_AHEAD"
DEFAULT_EARLIEST_DATE = date(2000, 1, 1)
DEFAULT_MAX_DAYS_AHEAD = 1


def earliest_date() -> date:
    raw = os.environ.get(EARLIEST_DATE_ENV, "").strip()
    if not raw:
        return DEFAULT_EARLIEST_DATE
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ConfigError(f"{EARLIEST_DATE_ENV}={raw!r}: it must be a date YYYY-MM-DD, e.g. 2015-01-01") from None


def max_days_ahead() -> int:
    raw = os.environ.get(MAX_DAYS_AHEAD_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_DAYS_AHEAD
    if not raw.isdigit() or int(raw) > 3650:
        raise ConfigError(f"{MAX_DAYS_AHEAD_ENV}={raw!r}: it must be a whole number of days from 0 to 3650")
    return int(raw)


MAX_RECORD_BYTES_ENV = "TOUCHLINE_MAX_RECORD_BYTES"
DEFAULT_MAX_RECORD_BYTES = 1024 * 1024
_BYTES = re.compile(r"^\s*(\d+)\s*(b|kb|mb|kib|mib)?\s*$", re.IGNORECASE)
_BYTE_UNITS = {None: 1, "b": 1, "kb": 1000, "mb": 1000**2, "kib": 1024, "mib": 1024**2}


def max_record_bytes() -> int:
    """The longest landed record (a JSON line, a CSV row) the loader reads; a longer one is
    quarantined by its length alone (docs/landing.md, "Record size")."""
    raw = os.environ.get(MAX_RECORD_BYTES_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_RECORD_BYTES
    match = _BYTES.match(raw)
    size = int(match.group(1)) * _BYTE_UNITS[(match.group(2) or "").lower() or None] if match else 0
    if not 1024 <= size <= 256 * 1024**2:
        raise ConfigError(
            f"{MAX_RECORD_BYTES_ENV}={raw!r}: it must be a size from 1KiB to 256MiB, such as 1048576 or 4MiB"
        )
    return size


def ensure_warehouse_folder(warehouse: Path, echo=print) -> None:
    """Create the warehouse's folder if needed, saying so: a mistyped --warehouse shows up."""
    if not warehouse.parent.is_dir():
        echo(
            f"creating the folder {warehouse.parent} for a new warehouse (check --warehouse / {WAREHOUSE_ENV} if unexpected)"
        )
        warehouse.parent.mkdir(parents=True, exist_ok=True)


ENGINE_ENV = "TOUCHLINE_ENGINE"
ENGINES = ("duckdb", "spark")


def engine(arg: str | None = None) -> str:
    """The engine a build runs dbt on: duckdb (the default) or spark (docs/scaling.md)."""
    raw = arg if arg is not None else os.environ.get(ENGINE_ENV, "duckdb")
    value = raw.strip().lower()
    if value not in ENGINES:
        source = "--engine" if arg is not None else ENGINE_ENV
        raise ConfigError(f"{source}={raw!r}: it must be one of {', '.join(ENGINES)}")
    return value
