"""A dbt-duckdb plugin: DuckDB's checkpoint settings for dbt's connection, set by the build.

A usual nightly keeps its write-ahead log until dbt closes the file, a full build checkpoints
at DuckDB's default (touchline/commands/build.py, NIGHTLY_CHECKPOINT_THRESHOLD). Given in
profiles.yml's `config_options`, the threshold would be part of the connection details dbt
hashes to decide whether its saved parse still holds: a nightly after a full build would parse
the whole project again (~5 s at 2 M events, measured). A plugin's `update_connection_config`
adds it to DuckDB's config when dbt opens the file, outside what dbt compares. So does
`max_vacuum_tasks`, 0 when a nightly skips DuckDB's row-group vacuum
(touchline.warehouse.deleted_rows).
"""

from __future__ import annotations

import os
from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

from touchline.settings import DBT_CHECKPOINT_THRESHOLD_ENV, DBT_MAX_VACUUM_TASKS_ENV


class Plugin(BasePlugin):
    def update_connection_config(self, creds: Any, config: dict[str, Any]) -> None:
        threshold = os.environ.get(DBT_CHECKPOINT_THRESHOLD_ENV, "").strip()
        if threshold:
            config["checkpoint_threshold"] = threshold
        vacuum_tasks = os.environ.get(DBT_MAX_VACUUM_TASKS_ENV, "").strip()
        if vacuum_tasks.isdigit():
            config["max_vacuum_tasks"] = int(vacuum_tasks)
