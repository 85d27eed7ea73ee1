"""The landing folders (external assets) and the loader that turns them into raw tables."""

import duckdb
from dagster import AssetExecutionContext, AssetKey, AssetSpec, Config, MaterializeResult, multi_asset

from orchestration.resources import TouchlinePaths
from touchline import settings
from touchline.conversions.ledger import copy_into_build as copy_conversion_ledger
from touchline.landing.digest_cache import digest_cache_path
from touchline.landing.lake import lake_path
from touchline.landing.load import load_landing
from touchline.landing.schema import AUDIT_TABLES, KIND_TABLES

LANDING_FOLDERS = [
    AssetSpec(
        key=AssetKey(["landing", kind]),
        description=f"The `{kind}/` folder of the landing folder: files the store exports land here.",
        group_name="landing",
    )
    for kind in KIND_TABLES
]


class LoadConfig(Config):
    full_refresh: bool = False


_RAW_SPECS = [
    AssetSpec(
        key=AssetKey(["raw", table]),
        deps=[AssetKey(["landing", kind])],
        description=f"Typed records of the landed `{kind}/` files (not yet de-duplicated).",
        group_name="raw",
    )
    for kind, table in KIND_TABLES.items()
]
_AUDIT_SPECS = [
    AssetSpec(
        key=AssetKey(["audit", table]),
        deps=[spec.key for spec in LANDING_FOLDERS],
        description="Written by the loader: "
        + ("one row per landed file." if table == "load_audit" else "one row per unusable record."),
        group_name="audit",
    )
    for table in AUDIT_TABLES
]


@multi_asset(specs=[*_RAW_SPECS, *_AUDIT_SPECS], name="load_landing_files")
def load_landing_files(context: AssetExecutionContext, config: LoadConfig, paths: TouchlinePaths):
    """Load every landed file not loaded before (every file with full_refresh) into raw.*."""
    landing = paths.landing_path()
    # (the run holds the build lock: orchestration.resources)
    con = duckdb.connect(str(paths.build_warehouse_path()), config=settings.duckdb_config())
    try:
        summary = load_landing(
            landing,
            con,
            full_refresh=config.full_refresh,
            progress=context.log.info,
            lake_root=lake_path(paths.warehouse_path()),
            digest_cache=digest_cache_path(paths.warehouse_path()),
        )
        # what the conversion exports sent, for marts.conversion_events (touchline.conversions.ledger)
        copy_conversion_ledger(con, paths.warehouse_path())
    finally:
        con.close()
    context.log.info(
        f"files seen {summary.files_seen}, loaded {summary.files_loaded}, rejected {summary.files_rejected}, "
        f"records loaded {summary.records_loaded}, quarantined {summary.records_quarantined}"
    )
    for spec in [*_RAW_SPECS, *_AUDIT_SPECS]:
        yield MaterializeResult(
            asset_key=spec.key,
            metadata={
                "files_loaded": summary.files_loaded,
                "records_loaded": summary.records_loaded,
                "records_quarantined": summary.records_quarantined,
            },
        )
