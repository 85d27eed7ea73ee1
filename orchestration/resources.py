"""The warehouse and landing folder as a Dagster resource, plus the one-writer lock."""

from __future__ import annotations

import contextlib
import fcntl
import time
from pathlib import Path
from typing import Iterator

from dagster import ConfigurableResource

from touchline import settings
from touchline.publish import ensure_build_file

LOCK_WAIT_SECONDS = 6 * 3600


class TouchlinePaths(ConfigurableResource):
    """Paths of the landing folder and the DuckDB warehouse (flags or env vars; see settings)."""

    landing_dir: str = ""
    warehouse: str = ""

    def landing_path(self) -> Path:
        return settings.require_landing(settings.landing_dir(self.landing_dir or None))

    def warehouse_path(self) -> Path:
        """The published file analysts open."""
        path = settings.warehouse_path(self.warehouse or None)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def build_warehouse_path(self) -> Path:
        """The private file the loader and dbt write to (see touchline.publish)."""
        return ensure_build_file(self.warehouse_path())


@contextlib.contextmanager
def warehouse_write_lock(warehouse: Path, log=None) -> Iterator[None]:
    """Hold an exclusive lock beside the DuckDB file while writing to it.

    DuckDB allows one writing process; a second build (the schedule firing during a manual
    `touchline build`) waits here instead of failing half-way with a lock error.
    """
    lock_path = warehouse.with_name(warehouse.name + ".lock")
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        warned = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"another build holds {lock_path}; gave up waiting")
                if log is not None and not warned:
                    log.info(f"waiting for another build to release {lock_path}")
                    warned = True
                time.sleep(1.0)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
