"""Publish the build: the last step of every nightly build (see touchline.warehouse.publish)."""

from functools import cache

from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, MaterializeResult, asset

from orchestration.assets.dbt import touchline_dbt
from orchestration.resources import TouchlinePaths
from touchline.warehouse.build_state import record_published
from touchline.warehouse.publish import publish

PUBLISHED = AssetKey(["warehouse", "published"])


def built_assets(dbt_assets: AssetsDefinition) -> list[AssetKey]:
    """The dbt assets a build must have materialized before it publishes: every model, not
    the seeds. A build leaves out the seeds its build file already holds (touchline.dbt.
    seed_state), and Dagster skips a step that depends on an output the run did not yield:
    with the seeds among its dependencies the publish step was skipped while the run counted
    as a success (docs/benchmarks.md, issue 20 third round)."""
    return [
        spec.key
        for spec in dbt_assets.specs
        if not str(spec.metadata.get("dagster_dbt/unique_id", "")).startswith("seed.")
    ]


@cache
def publish_warehouse() -> AssetsDefinition:
    """The publish step; built with the definitions, since it follows every dbt model."""

    @asset(
        key=PUBLISHED,
        deps=built_assets(touchline_dbt()),
        group_name="published",
        description=(
            "The DuckDB file analysts open: the build file, swapped in by an atomic rename only after "
            "the loader, every model and every test succeeded, so a build never locks analysts out "
            "and a failed build never publishes half-built tables."
        ),
    )
    def publish_warehouse(context: AssetExecutionContext, paths: TouchlinePaths) -> MaterializeResult:
        warehouse = paths.warehouse_path()
        publish(warehouse)  # under the run's build lock (orchestration.resources)
        record_published(warehouse)  # what it was built with: a later build with nothing new skips dbt
        size_mib = round(warehouse.stat().st_size / 2**20, 1)
        context.log.info(f"published {warehouse} ({size_mib} MiB)")
        return MaterializeResult(metadata={"path": str(warehouse), "size_mib": size_mib})

    return publish_warehouse
