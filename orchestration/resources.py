"""The warehouse and landing folder as a Dagster resource; it holds the build lock for a run."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dagster import ConfigurableResource, InitResourceContext

from touchline import settings
from touchline.warehouse.build_lock import build_lock
from touchline.warehouse.publish import ensure_build_file


class TouchlinePaths(ConfigurableResource):
    """Paths of the landing folder and the DuckDB warehouse (flags or env vars; see settings).

    Every step that writes the warehouse uses this resource, and the resource holds the
    warehouse's build lock (touchline.warehouse.build_lock) from its setup to its teardown. The job runs
    its steps in one process (jobs.py: in-process executor), where a run's resources are set
    up once before its first step and torn down after its last: the lock covers the whole
    build, loader to publish, and a second build waits for all of it.
    """

    landing_dir: str = ""
    warehouse: str = ""

    @contextmanager
    def yield_for_execution(self, context: InitResourceContext) -> Iterator[TouchlinePaths]:
        log = context.log.info if context.log is not None else None
        with build_lock(self.warehouse_path(), log):
            yield self

    def landing_path(self) -> Path:
        return settings.require_landing(settings.landing_dir(self.landing_dir or None))

    def warehouse_path(self) -> Path:
        """The published file analysts open."""
        path = settings.warehouse_path(self.warehouse or None)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def build_warehouse_path(self) -> Path:
        """The private file the loader and dbt write to (see touchline.warehouse.publish)."""
        return ensure_build_file(self.warehouse_path())
