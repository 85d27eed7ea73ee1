"""A Spark build: load what is new, then build the dbt project on Spark (docs/scaling.md).

The loader is the same as for DuckDB: it writes each load into the DuckDB build file and, as
immutable Parquet, into the lake beside the warehouse (docs/architecture.md, "The lake"); the
Spark build reads the lake. dbt runs in this process on a local Spark session (dbt-spark's
`session` method), in three steps: every model but the marketing-mix fit and what depends on
it, the fit itself in Python on the Spark session's rows (touchline.spark.mmm: dbt-spark runs
Python models only on Databricks), then the fit's marts. The Spark tables and their metastore
live in `<warehouse folder>/spark/`; touchline.spark.sql queries them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb

from touchline import settings
from touchline.dbt.vars import dbt_vars_from_env, reporting_currency
from touchline.landing.digest_cache import digest_cache_path
from touchline.landing.lake import lake_path
from touchline.landing.load import load_landing
from touchline.spark.dbt_spark import run_spark_dbt
from touchline.spark.ledger import copy_ledger_to_spark
from touchline.spark.mmm import FIT_MODELS, run_fit
from touchline.spark.session import get_session, session_config, spark_dir
from touchline.warehouse.build_lock import build_lock
from touchline.warehouse.publish import ensure_build_file

# dbt's own selection syntax: the fit models and everything downstream of them
_AFTER_FIT = [f"{name}+" for name in FIT_MODELS]
# As the DuckDB nightly (orchestration/assets/dbt.py): seeds, models and their data tests; unit
# tests check the code, not the data, and run on their own (tests/test_spark_parity.py runs
# them on Spark).
_NO_UNIT_TESTS = ["--exclude-resource-type", "unit_test"]


@dataclass(frozen=True)
class SparkBuildSummary:
    files: int
    records_loaded: int
    records_quarantined: int
    orders: int
    net_revenue_reporting: Decimal | None
    reporting_currency: str

    def lines(self) -> list[str]:
        revenue = "n/a" if self.net_revenue_reporting is None else f"{self.net_revenue_reporting:,.2f}"
        return [
            f"warehouse   {self.files:,} files, {self.records_loaded:,} records, "
            f"{self.records_quarantined:,} quarantined (see audit.quarantine)",
            f"            {self.orders:,} orders, net revenue {revenue} {self.reporting_currency} (Spark)",
        ]


def dbt_target_path(warehouse: Path) -> Path:
    return spark_dir(warehouse) / "dbt_target"


def build_on_spark(
    warehouse: Path,
    *,
    full_refresh: bool = False,
    dbt_args: list[str] | None = None,
    target_path: Path | None = None,
    echo: Callable[[str], None] = print,
) -> None:
    """Build every seed and model on Spark from the lake of `warehouse` (the loader has run),
    with their data tests, as a DuckDB build runs them (`dbt_args` may exclude them)."""
    target = target_path or dbt_target_path(warehouse)
    extra = [*_NO_UNIT_TESTS, *(dbt_args or []), *(["--full-refresh"] if full_refresh else [])]
    exports = copy_ledger_to_spark(get_session(warehouse), warehouse)
    echo(f"ledger      {exports:,} conversion exports copied (audit.conversion_exports)")
    echo("dbt         every seed, model and test but the marketing-mix fit's (Spark)")
    run_spark_dbt(["build", "--exclude", *_AFTER_FIT, *extra], warehouse, target_path=target)
    echo("mmm         the marketing-mix fit (Python, on the Spark session's rows)")
    run_fit(get_session(warehouse), target / "manifest.json")
    echo("dbt         the marketing-mix marts and their tests (Spark)")
    run_spark_dbt(
        ["build", "--select", *_AFTER_FIT, "--exclude", *FIT_MODELS, *extra],
        warehouse,
        target_path=target,
        refresh_lake=False,  # the first invocation did, and nothing is loaded during a build
    )


def run_spark_build(landing: Path, warehouse: Path, *, full_refresh: bool = False, echo=print) -> SparkBuildSummary:
    settings.require_landing(landing)
    dbt_vars_from_env()  # a bad TOUCHLINE_DBT_VARS fails here, before anything is written
    session_config(warehouse)  # so do bad TOUCHLINE_SPARK_* settings
    settings.ensure_warehouse_folder(warehouse, echo)
    os.environ[settings.LANDING_ENV] = str(landing)
    os.environ[settings.WAREHOUSE_ENV] = str(warehouse)
    echo(f"building    {spark_dir(warehouse)} (Spark) from {landing}")
    with build_lock(warehouse, echo):
        building = ensure_build_file(warehouse)
        con = duckdb.connect(str(building))
        try:
            loaded = load_landing(
                landing,
                con,
                full_refresh=full_refresh,
                lake_root=lake_path(warehouse),
                digest_cache=digest_cache_path(warehouse),
            )
        finally:
            con.close()
        echo(
            f"loaded      {loaded.files_loaded:,} new files ({loaded.files_rejected:,} rejected), "
            f"{loaded.records_loaded:,} records, {loaded.records_quarantined:,} quarantined"
        )
        build_on_spark(warehouse, full_refresh=full_refresh, echo=echo)
    summary = read_spark_summary(warehouse)
    for line in summary.lines():
        echo(line)
    return summary


def read_spark_summary(warehouse: Path) -> SparkBuildSummary:
    spark = get_session(warehouse)
    files, loaded, quarantined = spark.sql(
        "select count(*), coalesce(sum(records_loaded), 0), coalesce(sum(records_quarantined), 0) from audit.load_audit"
    ).collect()[0]
    orders, revenue = spark.sql("select count(*), sum(net_revenue_reporting) from marts.visitor_payments").collect()[0]
    return SparkBuildSummary(int(files), int(loaded), int(quarantined), int(orders), revenue, reporting_currency())
