"""The dbt CLI resource, without two costs dagster-dbt pays on every dbt command.

`DbtCliResource` asks `dbt --version` in a subprocess (a whole dbt start, ~2 s) and builds a
dbt adapter inside the Dagster process (~1.5 s: it loads every dbt macro) for each command.
Touchline's dbt is the dbt-core installed with it (pyproject.toml pins the range), and the
in-process adapter only serves `fetch_row_counts` / `fetch_column_metadata`, which Touchline
does not call. A nightly build runs one dbt command, so this is ~3.5 s a build (the benchmark,
docs/benchmarks.md); `dbt parse` when the project changed saves the same again.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cached_property
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

from dagster_dbt import DbtCliResource, DbtProject
from packaging import version

from touchline.dbt.child import BUILD_PID_ENV
from touchline.dbt.cli import build_dbt_executable


class TouchlineDbtCli(DbtCliResource):
    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Any) -> None:  # type: ignore[override]
        return None

    def cli(self, args: Sequence[str], **kwargs: Any) -> Any:  # type: ignore[override]
        # touchline-dbt dies with the process that starts it (touchline.dbt.child): name it
        os.environ[BUILD_PID_ENV] = str(os.getpid())
        return super().cli(args, **kwargs)


def touchline_dbt_cli(project: DbtProject) -> TouchlineDbtCli:
    # dagster-dbt looks for `dbt` on PATH; cron and systemd run `.venv/bin/touchline` without the
    # venv's bin folder on PATH, so name the dbt installed beside this interpreter, started
    # through touchline-dbt so that it dies with the build.
    return TouchlineDbtCli(project_dir=project, dbt_executable=build_dbt_executable())


def parse_project(project: DbtProject, target_path: Path | None = None) -> None:
    """`dbt parse` (what dagster-dbt's preparer runs) into the project's target folder, or
    into `target_path` when given."""
    touchline_dbt_cli(project).cli(["parse", "--quiet"], target_path=target_path or project.target_path).wait()
