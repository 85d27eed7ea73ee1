"""Is there anything to build? The landed files and the code and settings of the last build.

A build with nothing new must not cost a dbt run (~30 s on the demo), but it must rebuild when
anything that shapes the tables changed since the published build: a landed file (new, or
changed bytes under an old name), the dbt project, Touchline's Python (the loader, the
classifier, the marketing-mix model that dbt's Python models import), a setting
(TOUCHLINE_DBT_VARS and every other TOUCHLINE_* variable that is not only a path, a log level
or a resource limit), or the versions of dbt, DuckDB and Dagster. After each publish the
fingerprint of all of it is written beside the warehouse (`<warehouse>.build.json`); a build
compares it before doing anything.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from touchline.dbt.fingerprint import project_fingerprint
from touchline.landing.audit import KnownFiles
from touchline.landing.digest_cache import DigestCache, digest_cache_path
from touchline.landing.files import discover
from touchline.landing.lake import committed_loads, lake_path
from touchline.settings import PROFILES_DIR, REPO_ROOT
from touchline.warehouse.publish import connect_published

# Settings that cannot change a table: where things are, how much is logged, how much memory
# and how many threads are used (results do not depend on them), the schedule.
NOT_SHAPING_TABLES = {
    "TOUCHLINE_LANDING_DIR",
    "TOUCHLINE_WAREHOUSE",
    "TOUCHLINE_BUILD_WAREHOUSE",
    "TOUCHLINE_LOG_LEVEL",
    "TOUCHLINE_THREADS",
    "TOUCHLINE_MEMORY_LIMIT",
    "TOUCHLINE_DBT_THREADS",
    "TOUCHLINE_DBT_CHECKPOINT_THRESHOLD",  # when DuckDB writes its log into the file
    "TOUCHLINE_DBT_MAX_VACUUM_TASKS",  # whether a checkpoint also merges sparse row groups
    "TOUCHLINE_DBT_TARGET_PATH",
    "TOUCHLINE_DBT_PROJECT_TARGET",
    "TOUCHLINE_PROJECT_FINGERPRINT",
    "TOUCHLINE_SCHEDULE_TIMEZONE",
    "TOUCHLINE_SCHEDULE_CRON",
    "TOUCHLINE_SENSOR_INTERVAL_SECONDS",
    "TOUCHLINE_TEST_ARTIFACTS",
    "TOUCHLINE_CHROMIUM",
    "TOUCHLINE_BUILD_PID",  # which process started dbt (touchline.dbt.child)
    "TOUCHLINE_DBT_STANDBY",  # the socket of the dbt started ahead (touchline.dbt.standby)
}
PACKAGES = ["touchline", "dbt-core", "dbt-duckdb", "duckdb", "dagster", "dagster-dbt"]


def state_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".build.json")


def build_fingerprint() -> str:
    digest = hashlib.sha256()
    digest.update(project_fingerprint().encode() + b"\0")
    for path in sorted((REPO_ROOT / "touchline").rglob("*")):
        if (
            path.is_file()
            and path.suffix in (".py", ".yml", ".txt", ".json", ".csv")
            and "__pycache__" not in path.parts
        ):
            digest.update(path.relative_to(REPO_ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update((PROFILES_DIR / "profiles.yml").read_bytes() + b"\0")
    for name in PACKAGES:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none\0".encode())
    for key in sorted(os.environ):
        if key.startswith("TOUCHLINE_") and key not in NOT_SHAPING_TABLES:
            digest.update(f"{key}={os.environ[key]}\0".encode())
    return digest.hexdigest()[:24]


def record_published(warehouse: Path) -> None:
    """Called once a build is published: what it was built with."""
    path = state_path(warehouse)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(
        json.dumps(
            {
                "fingerprint": build_fingerprint(),
                "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
        )
        + "\n"
    )
    partial.replace(path)


@dataclass(frozen=True)
class Pending:
    files: int  # landed files
    new_files: int  # files the loader has not recorded under this path and content
    same_code_and_settings: bool
    lake_complete: bool = True  # the lake holds every load of the published file (docs/architecture.md)
    new_bytes: int = 0  # the new files' size on disk
    landed_bytes: int = 0  # every landed file's size on disk

    @property
    def nothing_new(self) -> bool:
        return self.new_files == 0 and self.same_code_and_settings and self.lake_complete

    @property
    def small_increment(self) -> bool:
        """A nightly's usual build: the code and settings of the last build, and new files of at
        most a tenth of the landed bytes, so dbt's incremental models each handle a small batch."""
        return self.same_code_and_settings and self.new_bytes * 10 <= self.landed_bytes


def pending(landing: Path, warehouse: Path) -> Pending:
    files = discover(landing)
    if not warehouse.is_file():
        return Pending(len(files), len(files), False)
    con = connect_published(warehouse)
    try:
        known = KnownFiles.read(con)
        load_ids = {load_id for (load_id,) in con.execute("select load_id from audit.load_audit").fetchall()}
    except Exception:  # an older or half-made warehouse: build
        return Pending(len(files), len(files), False)
    finally:
        con.close()
    new = new_bytes = landed_bytes = 0
    digests = DigestCache(digest_cache_path(warehouse))
    for landed in files:
        try:
            digest = digests.digest(landed.path)
            size = landed.path.stat().st_size
        except OSError:
            new += 1  # the loader records it as rejected again: a build has something to do
            continue
        landed_bytes += size
        # The loader's own test (landing/load.py, _load_one): a path and content seen before.
        if (landed.rel_path, digest) not in known.pairs:
            new += 1
            new_bytes += size
    digests.save()
    # A lake removed, or a warehouse from before the lake: the loader writes it (lake.sync).
    lake_complete = load_ids <= committed_loads(lake_path(warehouse))
    same = _recorded_fingerprint(warehouse) == build_fingerprint()
    return Pending(len(files), new, same, lake_complete, new_bytes=new_bytes, landed_bytes=landed_bytes)


def _recorded_fingerprint(warehouse: Path) -> str | None:
    try:
        return json.loads(state_path(warehouse).read_text()).get("fingerprint")
    except (OSError, ValueError, AttributeError):
        return None
