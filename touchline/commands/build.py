"""`touchline build`: run the nightly_build Dagster job in-process, then print a summary."""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb

from touchline import settings
from touchline.build_output import BuildOutput, log_path_for, write_or_drop
from touchline.commands.dagster_home import ensure_dagster_home
from touchline.commands.dagster_sqlite import one_engine_per_event_file, sqlite_without_sync_per_event
from touchline.dbt.cli import build_dbt_executable
from touchline.dbt.standby import dbt_standby
from touchline.dbt.vars import dbt_vars_from_env, reporting_currency
from touchline.sources.settings import account_currencies
from touchline.warehouse.build_state import pending
from touchline.warehouse.publish import build_path, connect_published


@dataclass(frozen=True)
class LoadCounts:
    files: int
    files_rejected: int
    records_loaded: int
    records_quarantined: int


@dataclass(frozen=True)
class BuildSummary:
    files: int
    files_rejected: int
    records_loaded: int
    records_quarantined: int
    orders: int
    net_revenue_reporting: Decimal | None
    reporting_currency: str
    this_build: LoadCounts | None = None  # None: nothing was built

    def lines(self) -> list[str]:
        revenue = "n/a" if self.net_revenue_reporting is None else f"{self.net_revenue_reporting:,.2f}"
        new = self.this_build
        this = (
            "nothing new"
            if new is None
            else f"{new.files:,} files ({new.files_rejected:,} rejected), {new.records_loaded:,} records loaded, "
            f"{new.records_quarantined:,} quarantined"
        )
        return [
            f"this build  {this}",
            f"warehouse   {self.files:,} files ({self.files_rejected:,} rejected), {self.records_loaded:,} records, "
            f"{self.records_quarantined:,} quarantined (see audit.quarantine)",
            f"            {self.orders:,} orders, net revenue {revenue} {self.reporting_currency}",
        ]


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


def read_summary(warehouse: Path, *, after_load_id: int | None = None) -> BuildSummary:
    """The warehouse's totals, and what the loads after after_load_id added (this build)."""
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
        this_build = None
        if after_load_id is not None:
            this_build = LoadCounts(
                *con.execute(
                    """
                select count(*), count(*) filter (where status = 'rejected'),
                       coalesce(sum(records_loaded), 0)::bigint, coalesce(sum(records_quarantined), 0)::bigint
                from audit.load_audit where load_id > ?
                """,
                    [after_load_id],
                ).fetchone()
            )
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
        this_build=this_build,
    )


def run_build(
    landing: Path, warehouse: Path, *, full_refresh: bool = False, echo=print, verbose: bool = False
) -> BuildSummary:
    """Load what is new (everything with full_refresh) and build the warehouse through Dagster.

    Prints one line per phase (echo); Dagster's, dbt's and the loader's lines go to a log file
    under <warehouse folder>/logs/ (also to the terminal with verbose). With no new file and the
    same code and settings as the published build, nothing runs (touchline.warehouse.build_state)."""
    printing = echo is print
    if printing:  # a closed pipe (`touchline build | head -1`) drops the lines, not the build

        def echo(text: str) -> None:
            write_or_drop(sys.stdout, text + "\n")

    settings.require_landing(landing)
    dbt_vars_from_env()  # a bad TOUCHLINE_DBT_VARS fails here, before anything is written
    settings.duckdb_config()  # so do bad TOUCHLINE_THREADS / TOUCHLINE_MEMORY_LIMIT
    settings.earliest_date(), settings.max_days_ahead()  # and the date window's settings
    settings.max_record_bytes()  # and TOUCHLINE_MAX_RECORD_BYTES
    account_currencies()  # and a bad TOUCHLINE_ACCOUNT_CURRENCIES
    state = pending(landing, warehouse)
    if state.nothing_new and not full_refresh:
        echo(
            f"nothing new: the {state.files:,} landed files are all loaded, and the code and settings are "
            f"those of the last build; {warehouse} is up to date"
        )
        summary = read_summary(warehouse)
        for line in summary.lines():
            echo(line)
        return summary
    before = 0 if full_refresh or not warehouse.is_file() else _last_load_id(warehouse)
    settings.ensure_warehouse_folder(warehouse, echo)
    os.environ[settings.LANDING_ENV] = str(landing)
    os.environ[settings.WAREHOUSE_ENV] = str(warehouse)
    # Parse with the same profile the build's dbt run will see (it writes the build file), so
    # that run can reuse the parse instead of re-parsing the whole project.
    os.environ[settings.BUILD_WAREHOUSE_ENV] = str(build_path(warehouse))
    os.environ["DBT_USE_COLORS"] = "false"  # dbt's lines go to a log file: no colour codes
    ensure_dagster_home(warehouse)

    real_stdout = sys.stdout
    output = BuildOutput(
        (lambda text: write_or_drop(real_stdout, text + "\n")) if printing else echo,
        log_path_for(warehouse),
        terminal=real_stdout if printing and real_stdout.isatty() else None,
        verbose_out=real_stdout if verbose else None,
        new_files=state.files if full_refresh else state.new_files,
    )
    what = "every landed file (full refresh)" if full_refresh else "what is new"
    output.line(f"building    {warehouse} from {landing}: {what}; {state.new_files:,} of {state.files:,} files new")
    output.line(f"log         {output.log_path}")
    try:
        # dbt imports itself on the other core while Dagster starts and the loader runs
        with (
            dbt_standby(build_dbt_executable(), os.getpid()),
            contextlib.redirect_stdout(output),  # type: ignore[type-var]
            contextlib.redirect_stderr(output),  # type: ignore[type-var]
        ):
            usual_nightly = state.small_increment and not full_refresh
            result = _execute(
                full_refresh,
                dbt_threads=NIGHTLY_DBT_THREADS if usual_nightly else 0,
                checkpoint_threshold=NIGHTLY_CHECKPOINT_THRESHOLD if usual_nightly else "",
                # a usual nightly's one checkpoint leaves out DuckDB's row-group vacuum (most of
                # it at 10 M events) while the build file's deleted rows stay few
                # (touchline.warehouse.deleted_rows)
                skip_vacuum=usual_nightly,
            )
    finally:
        output.close()
    if not result.success:
        failures = [
            f"{event.step_key}: {_root_cause(event.event_specific_data.error)}"  # type: ignore[union-attr]
            for event in result.all_events
            if event.is_step_failure
        ]
        raise BuildFailed(
            "the build failed:\n  "
            + "\n  ".join(failures or ["see the Dagster run log"])
            + f"\n(the whole log: {output.log_path})"
        )
    unpublished = _unpublished(result)
    if unpublished:
        # Dagster counts a run whose steps were skipped as a success; a build that did not
        # publish must not print the old file's totals as if they were this build's.
        raise BuildFailed(
            "the build did not publish: Dagster skipped "
            + "; ".join(unpublished)
            + f"\n(the published warehouse is still the previous build; the whole log: {output.log_path})"
        )
    summary = read_summary(warehouse, after_load_id=before)
    for line in summary.lines():
        echo(line)
    return summary


def _unpublished(result) -> list[str]:
    """The skipped steps of a run that did not materialize the published warehouse, with
    Dagster's reason (empty when it published)."""
    from orchestration.assets.publish import PUBLISHED

    if any(event.is_step_materialization and event.asset_key == PUBLISHED for event in result.all_events):
        return []
    skipped = [event for event in result.all_events if event.is_step_skipped]
    return [f"{event.step_key} ({event.message})" for event in skipped] or ["the publish step (it did not run)"]


# A nightly's nodes are small: two at once overlap one's dbt Python with the other's query
# (docs/benchmarks.md, issue 20). A full build keeps the profile's one: two large models at once
# share one memory limit, which at 10 M events was not enough.
NIGHTLY_DBT_THREADS = 2
# A nightly's write-ahead log (~200 MB at 2 M events) stays a log until dbt closes the file, which
# checkpoints it once: with DuckDB's 16 MB, a nightly checkpointed in a dozen of its nodes' commits
# and wrote tables it then replaced and dropped (docs/benchmarks.md, issue 20 thirteenth round). A
# full build keeps the default: its log would be gigabytes.
NIGHTLY_CHECKPOINT_THRESHOLD = "1GB"


def _execute(full_refresh: bool, dbt_threads: int = 0, checkpoint_threshold: str = "", skip_vacuum: bool = False):
    # Imported only now: `touchline --help` and the other commands need no Dagster.
    from dagster import DagsterInstance

    from touchline.commands.dbt_free_dagster import import_dagster_dbt_without_dbt_core

    import_dagster_dbt_without_dbt_core()  # before the definitions import dagster_dbt

    from orchestration.definitions import defs
    from orchestration.jobs import build_run_config

    job = defs().resolve_job_def("nightly_build")
    # the instance's SQLite files without a sync per event (touchline.commands.dagster_sqlite)
    with (
        sqlite_without_sync_per_event(Path(os.environ["DAGSTER_HOME"])),
        DagsterInstance.get() as instance,
        one_engine_per_event_file(instance),
    ):
        run_config = {
            **build_run_config(full_refresh, dbt_threads, checkpoint_threshold, skip_vacuum),
            "loggers": {"console": {"config": {"log_level": os.environ.get("TOUCHLINE_LOG_LEVEL", "INFO")}}},
        }
        return job.execute_in_process(run_config=run_config, instance=instance, raise_on_error=False)


def _last_load_id(warehouse: Path) -> int:
    con = connect_published(warehouse)
    try:
        return int(con.execute("select coalesce(max(load_id), 0) from audit.load_audit").fetchone()[0])
    except duckdb.Error:
        return 0
    finally:
        con.close()


class BuildFailed(RuntimeError):
    pass


def _root_cause(error) -> str:
    # Dagster wraps the op's exception; the innermost cause is the one a user can act on.
    while getattr(error, "cause", None) is not None:
        error = error.cause
    return error.message.strip()
