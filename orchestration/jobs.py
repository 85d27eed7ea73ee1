"""The one job: load what landed, then build every dbt model and test."""

from __future__ import annotations

from dagster import AssetSelection, define_asset_job, in_process_executor

from orchestration.assets.landing import load_landing_files
from orchestration.assets.publish import PUBLISHED
from orchestration.assets.report import morning_report

nightly_build = define_asset_job(
    name="nightly_build",
    # Every dbt asset by its kind: the dbt step's assets exist only once the definitions are
    # built (orchestration/assets/dbt.py), and a selection is resolved against them then.
    selection=AssetSelection.assets(load_landing_files, PUBLISHED, morning_report) | AssetSelection.kind("dbt"),
    description="Load new landed files, `dbt build` (tests as asset checks), then publish the warehouse and write the morning report.",
    # One process for the whole run: the steps run one after the other anyway, and the run's
    # resources, which hold the build lock, then live from the first step to the last.
    executor_def=in_process_executor,
)


def build_run_config(
    full_refresh: bool = False, dbt_threads: int = 0, checkpoint_threshold: str = "", skip_vacuum: bool = False
) -> dict:
    """Run config for nightly_build; full_refresh reloads every file and rebuilds every model;
    dbt_threads, when not 0, is how many dbt nodes run at once (else the profile's setting);
    checkpoint_threshold, when given, DuckDB's for dbt's connection (else DuckDB's default);
    skip_vacuum, DuckDB's row-group vacuum left out while the build file has few deleted rows."""
    dbt_config = {
        "full_refresh": full_refresh,
        "threads": dbt_threads,
        "checkpoint_threshold": checkpoint_threshold,
        "skip_vacuum": skip_vacuum,
    }
    return {
        "ops": {
            "load_landing_files": {"config": {"full_refresh": full_refresh}},
            "touchline_dbt": {"config": dbt_config},
        }
    }
