"""Conversions out in Dagster (docs/conversions.md, "Schedules"): marts.conversion_events is a
dbt model, so the nightly build already refreshes it; what is added here is the export asset
(the payload files and the ledger, for the destinations a store switched on) and the send job.
Both schedules are off by default: exporting marks orders as exported, and sending reaches the
platforms, so each is a store's explicit choice."""

import os
from pathlib import Path

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetSelection,
    DefaultScheduleStatus,
    MaterializeResult,
    OpExecutionContext,
    ScheduleDefinition,
    asset,
    define_asset_job,
    job,
    op,
)

from orchestration.assets.publish import PUBLISHED
from orchestration.resources import TouchlinePaths
from orchestration.schedules import schedule_timezone
from touchline.conversions.destinations import destination

DESTINATIONS_ENV = "TOUCHLINE_CONVERSIONS_DESTINATIONS"
OUT_ENV = "TOUCHLINE_CONVERSIONS_OUT"


def configured_destinations() -> list[str]:
    """The destinations switched on (comma-separated names); a wrong name fails naming the setting."""
    names = [name.strip() for name in os.environ.get(DESTINATIONS_ENV, "").split(",") if name.strip()]
    for name in names:
        destination(name)
    return names


def out_dir(warehouse: Path) -> Path:
    return Path(os.environ.get(OUT_ENV) or warehouse.parent / "conversions")


@asset(
    key=AssetKey(["conversions", "exports"]),
    deps=[PUBLISHED, AssetKey(["marts", "conversion_events"])],
    group_name="conversions",
    description="The ready rows of marts.conversion_events as each switched-on destination's payload file "
    f"(${DESTINATIONS_ENV}, into ${OUT_ENV}), recorded in the export ledger: each order once.",
)
def conversion_exports(context: AssetExecutionContext, paths: TouchlinePaths) -> MaterializeResult:
    from touchline.conversions.export import export_conversions

    warehouse = paths.warehouse_path()
    names = configured_destinations()
    if not names:
        context.log.info(f"no destination switched on (set {DESTINATIONS_ENV}, e.g. meta,google_ads)")
    metadata: dict[str, int] = {}
    for name in names:
        result = export_conversions(warehouse, name, out_dir(warehouse))
        context.log.info(result.summary())
        metadata[f"{name}_conversions"] = result.conversions
        metadata[f"{name}_adjustments"] = result.adjustments
    return MaterializeResult(metadata=metadata)


conversions_export = define_asset_job(
    name="conversions_export",
    selection=AssetSelection.assets(conversion_exports),
    description="Export the switched-on destinations' conversions from the published warehouse.",
)


@op(description="Post the exported request bodies of every switched-on JSON destination (not a dry run).")
def send_exported_conversions(context: OpExecutionContext, paths: TouchlinePaths) -> None:
    from touchline.conversions.destinations import DESTINATIONS
    from touchline.conversions.send import send_conversions

    warehouse = paths.warehouse_path()
    failures = []
    for name in configured_destinations():
        if DESTINATIONS[name].api is None:
            context.log.info(f"{name}: CSV upload files in {out_dir(warehouse)}, uploaded in the platform")
            continue
        report = send_conversions(warehouse, name, out_dir(warehouse), dry_run=False, echo=context.log.info)
        context.log.info(report.summary())
        if not report.ok:
            failures.append(report.summary())
    if failures:
        raise RuntimeError("some conversions were not accepted:\n" + "\n".join(failures))


@job(description="Send the exported conversions to the platforms' APIs (credentials from the environment).")
def conversions_send():
    send_exported_conversions()


conversions_export_schedule = ScheduleDefinition(
    name="conversions_export_schedule",
    job=conversions_export,
    cron_schedule=os.environ.get("TOUCHLINE_CONVERSIONS_EXPORT_CRON", "30 3 * * *"),
    execution_timezone=schedule_timezone(),
    default_status=DefaultScheduleStatus.STOPPED,
    description="Exports conversions after the nightly build (off by default; switch it on in the UI).",
)

conversions_send_schedule = ScheduleDefinition(
    name="conversions_send_schedule",
    job=conversions_send,
    cron_schedule=os.environ.get("TOUCHLINE_CONVERSIONS_SEND_CRON", "0 4 * * *"),
    execution_timezone=schedule_timezone(),
    default_status=DefaultScheduleStatus.STOPPED,
    description="Sends the exported conversions (off by default; switch it on in the UI).",
)
