"""Every dbt model, seed and test as Dagster assets and asset checks.

`@dbt_assets` reads the parsed manifest when it is applied, so it is applied inside a cached
function called when the definitions are built (orchestration/definitions.py), never at import.
"""

import json
import os
from functools import cache
from pathlib import Path

from dagster import AssetExecutionContext, AssetsDefinition, Config
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.project import touchline_project
from orchestration.resources import TouchlinePaths
from orchestration.translator import TouchlineTranslator
from touchline.dbt.cli import TARGET_PATH_ENV
from touchline.dbt.fingerprint import export_project_fingerprint
from touchline.dbt.seed_state import unchanged_seeds
from touchline.dbt.vars import dbt_vars_from_env
from touchline.settings import (
    BUILD_WAREHOUSE_ENV,
    DBT_CHECKPOINT_THRESHOLD_ENV,
    DBT_MAX_VACUUM_TASKS_ENV,
    DBT_THREADS_ENV,
)
from touchline.warehouse.deleted_rows import VACUUM_DELETED_SHARE, most_deleted

# What dbt writes beside the build that nothing reads (docs/benchmarks.md, issue 20 third
# round): the debug log file (10-20 MB of JSON a build at 2 M events: every statement's SQL;
# warnings and errors are still written there, and the build's own log has dbt's info lines)
# and the JSON artifacts (manifest.json twice, run_results.json): Dagster reads the manifest
# `dbt parse` wrote (orchestration/project.py) and dbt's results from its output stream.
# Partial parsing is unaffected (partial_parse.msgpack is written as before).
BUILD_OUTPUT_FLAGS = ["--no-write-json", "--log-level-file", "warn"]


class DbtBuildConfig(Config):
    full_refresh: bool = False
    # dbt nodes at once (dbt's --threads); 0: the profile's ($TOUCHLINE_DBT_THREADS, else 1)
    threads: int = 0
    # DuckDB's checkpoint threshold for dbt's connection; "": DuckDB's default
    checkpoint_threshold: str = ""
    # skip DuckDB's row-group vacuum while the build file has few deleted rows
    # (touchline.warehouse.deleted_rows); False: DuckDB's default, it vacuums
    skip_vacuum: bool = False


@cache
def touchline_dbt() -> AssetsDefinition:
    """The dbt step: one multi-asset over the whole project (op name `touchline_dbt`)."""
    project = touchline_project()

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        dagster_dbt_translator=TouchlineTranslator(),
        name="touchline_dbt",
    )
    def dbt_build(context: AssetExecutionContext, dbt: DbtCliResource, config: DbtBuildConfig, paths: TouchlinePaths):
        """`dbt build`: seeds, models and their tests (reported as asset checks)."""
        # Unit tests check the code, not the data: CI runs them (tests/test_build.py),
        # the nightly build does not spend time on them.
        args = ["build", "--exclude-resource-type", "unit_test", *BUILD_OUTPUT_FLAGS]
        if config.full_refresh:
            args.append("--full-refresh")
        else:
            # seeds the build file already holds, loaded from the same CSV and config and
            # tested: left out with their tests (touchline.dbt.seed_state)
            manifest = json.loads(Path(project.manifest_path).read_text(encoding="utf-8"))
            unchanged = unchanged_seeds(paths.build_warehouse_path(), manifest)
            if unchanged:
                context.log.info(f"seeds unchanged, not loaded again nor tested: {', '.join(unchanged)}")
                args += ["--exclude", " ".join(unchanged)]  # one value: dagster-dbt reads one per flag
        if config.threads and not os.environ.get(DBT_THREADS_ENV):
            args += ["--threads", str(config.threads)]  # not a parse input: the parse is reused
        user_vars = dbt_vars_from_env()
        if user_vars:
            args += ["--vars", json.dumps(user_vars)]
        # (the run holds the build lock: orchestration.resources)
        # dbt runs as a subprocess and reads the path from profiles.yml's env vars:
        # it builds the private build file, which publish_warehouse then publishes.
        os.environ[BUILD_WAREHOUSE_ENV] = str(paths.build_warehouse_path())
        # read by touchline.dbt.duckdb_plugin; unset, DuckDB keeps its own default
        if config.checkpoint_threshold:
            os.environ[DBT_CHECKPOINT_THRESHOLD_ENV] = config.checkpoint_threshold
        else:
            os.environ.pop(DBT_CHECKPOINT_THRESHOLD_ENV, None)
        os.environ.pop(DBT_MAX_VACUUM_TASKS_ENV, None)
        if config.skip_vacuum and paths.build_warehouse_path().is_file():
            deleted = most_deleted(paths.build_warehouse_path())
            if deleted.needs_vacuum:
                context.log.info(
                    f"DuckDB vacuums this build: {deleted.table} stores {deleted.share:.0%} deleted rows "
                    f"(at least {VACUUM_DELETED_SHARE:.0%})"
                )
            else:
                os.environ[DBT_MAX_VACUUM_TASKS_ENV] = "0"
        export_project_fingerprint()  # which code the incremental tables are built with
        # The project's own target folder, not a new one per run: dbt then reuses the parse that
        # touchline_project() left there instead of parsing the whole project again. (Builds take
        # the warehouse lock, so two never share it; tests running in parallel set their own.)
        target_path = Path(os.environ.get(TARGET_PATH_ENV) or project.target_path)
        yield from dbt.cli(args, context=context, target_path=target_path).stream()

    return dbt_build
