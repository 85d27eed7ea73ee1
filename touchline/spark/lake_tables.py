"""The loader's tables on Spark: external Parquet tables over the lake, one per loader table.

The lake (docs/architecture.md, "The lake") holds every load as
`<lake>/<schema>/<table>/load_id=<load_id>/*.parquet`. On Spark each loader table is a
table partitioned by `load_id` at that location, so dbt's sources (`raw.*`, `audit.load_audit`,
`audit.quarantine`, ...) read the same files the DuckDB build reads. The columns come from the
loader's own DDL (touchline.landing.schema) with Spark's type names; a load that landed after
the table was registered becomes visible with `recover partitions`, which every build runs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from touchline.landing.schema import AUDIT_TABLES, RAW_TABLES

_COLUMN = re.compile(r"^\s*(\w+)\s+(.+?)(\s+not\s+null)?\s*,?\s*$", re.IGNORECASE)
_SPARK_TYPES = {"varchar": "string"}


def _columns(ddl: str) -> list[tuple[str, str]]:
    """(name, Spark type) of a `create table ... (...)` statement of the loader's schema."""
    body = ddl[ddl.index("(") + 1 : ddl.rindex(")")]
    columns = []
    for line in body.splitlines():
        match = _COLUMN.match(line)
        if match:
            name, sql_type = match.group(1), match.group(2).strip().lower()
            columns.append((name, _SPARK_TYPES.get(sql_type, sql_type)))
    return columns


def lake_tables() -> dict[str, list[tuple[str, str]]]:
    """{schema.table: [(column, Spark type), ...]} of every table the loader writes."""
    tables = {f"raw.{name}": _columns(ddl) for name, ddl in RAW_TABLES.items()}
    tables.update({f"audit.{name}": _columns(ddl) for name, ddl in AUDIT_TABLES.items()})
    return tables


def create_table_sql(table: str, columns: list[tuple[str, str]], location: str) -> str:
    """External table partitioned by load_id (a Spark partition column comes last)."""
    data = [f"`{name}` {sql_type}" for name, sql_type in columns if name != "load_id"]
    return (
        f"create table if not exists {table} ({', '.join(data)}, load_id bigint) "
        f"using parquet partitioned by (load_id) location '{location}'"
    )


def register_lake(spark: Any, lake: Path | str) -> None:
    """Create (once) and refresh the loader's tables over the lake at `lake` (a folder, or a
    URI a cluster reads: s3://, abfss://, dbfs:/)."""
    root = str(lake).rstrip("/")
    for table, columns in lake_tables().items():
        schema, name = table.split(".")
        spark.sql(f"create database if not exists {schema}")
        location = f"{root}/{schema}/{name}"
        if isinstance(lake, Path):
            Path(location).mkdir(parents=True, exist_ok=True)
        spark.sql(create_table_sql(table, columns, location))
        spark.sql(f"alter table {table} recover partitions")
        spark.sql(f"refresh table {table}")
