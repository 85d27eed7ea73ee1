"""Rows out of Spark as DuckDB gives them: timestamps as their UTC wall-clock time.

pyspark turns a Spark TIMESTAMP (an instant) into a naive Python datetime in the Python
process's local time zone, so outside UTC every `_at` column would come out shifted by the
machine's offset. Touchline's timestamps are UTC (DuckDB's `timestamp`, naive), so each
TIMESTAMP column is read as TIMESTAMP_NTZ in the session's time zone, which Touchline sets to
UTC (touchline.spark.session): the wall-clock UTC time, whatever the process's zone.
"""

from __future__ import annotations

from typing import Any


def utc_frame(frame: Any) -> Any:  # pyspark DataFrame -> DataFrame
    """`frame` with every TIMESTAMP column as TIMESTAMP_NTZ (UTC); names, order and other types kept."""
    from pyspark.sql.types import TimestampType

    fields = frame.schema.fields
    if not any(isinstance(field.dataType, TimestampType) for field in fields):
        return frame
    # by position: a query may name two columns alike (select a.id, b.id ...)
    positional = frame.toDF(*(f"_c{i}" for i in range(len(fields))))
    return positional.select(
        *(
            positional[f"_c{i}"]
            .cast("timestamp_ntz" if isinstance(field.dataType, TimestampType) else field.dataType)
            .alias(field.name)
            for i, field in enumerate(fields)
        )
    )


def collect_utc(frame: Any) -> tuple[list[str], list[tuple]]:
    """(column names, rows) of `frame`, timestamps as naive UTC datetimes."""
    frame = utc_frame(frame)
    return list(frame.columns), [tuple(row) for row in frame.collect()]
