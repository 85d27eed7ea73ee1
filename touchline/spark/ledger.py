"""The conversion export ledger on Spark: each Spark build copies the ledger file into the
Spark table `audit.conversion_exports`, as a DuckDB build copies it into its build file
(touchline.conversions.ledger.copy_into_build), so marts.conversion_events on Spark knows
what each destination was already given and agrees with DuckDB's.

The ledger stays one DuckDB file beside the warehouse, written only by `touchline conversions
export` and `send`; the copy is read under the same exclusive lock, so a build never sees half
an export.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

from touchline.conversions.ledger import ledger_lock, ledger_path

TABLE = "audit.conversion_exports"
# the Spark types of the ledger's columns (touchline.conversions.ledger.EXPORTS_DDL)
_SCHEMA = (
    "destination string, order_id string, event_id string, export_action string, value decimal(18, 4), "
    "currency string, payload_hash string, export_file string, exported_at timestamp"
)


def copy_ledger_to_spark(spark: Any, warehouse: Path) -> int:
    """Replace `audit.conversion_exports` on Spark with the ledger's rows; returns how many.
    No ledger yet: the table is dropped and dbt's on-run-start creates it empty."""
    spark.sql("create database if not exists audit")
    ledger = ledger_path(warehouse)
    with ledger_lock(warehouse):
        if not ledger.exists():
            spark.sql(f"drop table if exists {TABLE}")
            return 0
        con = duckdb.connect(str(ledger), read_only=True)
        try:
            rows = con.execute(
                "select destination, order_id, event_id, export_action, value, currency, payload_hash, "
                "export_file, exported_at from conversion_exports"
            ).fetchall()
        finally:
            con.close()
    # the ledger's times are naive UTC; pyspark would read a naive datetime in the local zone
    rows = [(*row[:-1], row[-1].replace(tzinfo=dt.UTC)) for row in rows]
    spark.sql(f"drop table if exists {TABLE}")
    spark.createDataFrame(rows, schema=_SCHEMA).write.format("parquet").saveAsTable(TABLE)
    return len(rows)
