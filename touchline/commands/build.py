"""`touchline build`: run the nightly_build Dagster job in-process, then print a summary."""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb

from touchline import settings
from touchline.commands.dagster_home import ensure_dagster_home
from touchline.dbt_vars import dbt_vars_from_env, reporting_currency
from touchline.publish import build_path, connect_published
from touchline.sources.settings import account_currencies


@dataclass(frozen=True)
class BuildSummary:
    files: int
    files_rejected: int
    records_loaded: int
    records_quarantined: int
    orders: int
    net_revenue_reporting: Decimal | None
    reporting_currency: str

    def lines(self) -> list[str]:
        revenue = "n/a" if self.net_revenue_reporting is None else f"{self.net_revenue_reporting:,.2f}"
        return [
            f"files       {self.files:>12,}  ({self.files_rejected:,} rejected)",
            f"records     {self.records_loaded:>12,}  loaded",
            f"quarantined {self.records_quarantined:>12,}  (see audit.quarantine)",
            f"orders      {self.orders:>12,}",
            f"net revenue {revenue:>12}  {self.reporting_currency}",
        ]


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


def read_summary(warehouse: Path) -> BuildSummary:
    # the build just published, even when this process still holds a connection to an older one
    con = connect_published(warehouse)
    try:
        files, rejected, loaded, quarantined = con.execute(
            """
            select count(*), count(*) filter (where status = 'rejected'),
                   coalesce(sum(records_loaded), 0), coalesce(sum(records_quarantined), 0)
            from audit.load_audit
            """
        ).fetchone()
        revenue: Decimal | None = None
        if _table_exists(con, "marts", "visitor_payments"):
            orders, revenue = con.execute(
                "select count(*), sum(net_revenue_reporting) from marts.visitor_payments"
            ).fetchone()
        else:
            orders = con.execute("select count(*) from staging.stg_orders").fetchone()[0]
    finally:
        con.close()
    return BuildSummary(
        files=files,
        files_rejected=rejected,
        records_loaded=int(loaded),
        records_quarantined=int(quarantined),
        orders=orders,
        net_revenue_reporting=revenue,
        reporting_currency=reporting_currency(),
    )


def run_build(landing: Path, warehouse: Path, *, full_refresh: bool = False, echo=print) -> BuildSummary:
    """Load what is new (everything with full_refresh) and build the warehouse through Dagster."""
    settings.require_landing(landing)
    dbt_vars_from_env()  # a bad TOUCHLINE_DBT_VARS fails here, before anything is written
    settings.duckdb_config()  # so do bad TOUCHLINE_THREADS / TOUCHLINE_MEMORY_LIMIT
    settings.earliest_date(), settings.max_days_ahead()  # and the date window's settings
    settings.max_record_bytes()  # and TOUCHLINE_MAX_RECORD_BYTES
    account_currencies()  # and a bad TOUCHLINE_ACCOUNT_CURRENCIES
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    os.environ[settings.LANDING_ENV] = str(landing)
    os.environ[settings.WAREHOUSE_ENV] = str(warehouse)
    # Parse with the same profile the build's dbt run will see (it writes the build file), so
    # that run can reuse the parse instead of re-parsing the whole project.
    os.environ[settings.BUILD_WAREHOUSE_ENV] = str(build_path(warehouse))
    ensure_dagster_home(warehouse)

    from orchestration.project import prepare_manifest

    echo("parsing the dbt project ...")
    prepare_manifest()

    # Imported only now: the definitions read the freshly parsed manifest at import time.
    from dagster import DagsterInstance

    from orchestration.definitions import defs
    from orchestration.jobs import build_run_config

    job = defs.resolve_job_def("nightly_build")
    echo(f"building {warehouse} from {landing}{' (full refresh)' if full_refresh else ''} ...")
    with DagsterInstance.get() as instance:
        run_config = {
            **build_run_config(full_refresh),
            # Dagster's per-event debug lines drown the progress a user wants to see.
            "loggers": {"console": {"config": {"log_level": os.environ.get("TOUCHLINE_LOG_LEVEL", "INFO")}}},
        }
        result = job.execute_in_process(run_config=run_config, instance=instance, raise_on_error=False)
    if not result.success:
        failures = [
            f"{event.step_key}: {_root_cause(event.event_specific_data.error)}"  # type: ignore[union-attr]
            for event in result.all_events
            if event.is_step_failure
        ]
        raise BuildFailed("the build failed:\n  " + "\n  ".join(failures or ["see the Dagster run log"]))
    summary = read_summary(warehouse)
    for line in summary.lines():
        echo(line)
    return summary


class BuildFailed(RuntimeError):
    pass


def _root_cause(error) -> str:
    # Dagster wraps the op's exception; the innermost cause is the one a user can act on.
    while getattr(error, "cause", None) is not None:
        error = error.cause
    return error.message.strip()
