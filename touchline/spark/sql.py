"""Query the tables a Spark build wrote, printed as `touchline sql` prints (docs/scaling.md).

The local Spark warehouse's metastore is an embedded Derby database that one process opens at
a time, so this waits for no build: it fails, saying so, while a Spark build runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

import sqlparse

from touchline.commands.sql import WRITERS
from touchline.spark.rows import collect_utc
from touchline.spark.session import get_session, spark_dir


def run_spark_sql(
    warehouse: Path, query: str | None, *, fmt: str = "table", out: TextIO | None = None, stdin: TextIO | None = None
) -> int:
    out = out or sys.stdout
    stdin = stdin or sys.stdin
    if not (spark_dir(warehouse) / "metastore_db").is_dir():
        print(
            f"touchline: no Spark warehouse at {spark_dir(warehouse)}: build on Spark first (docs/scaling.md)",
            file=sys.stderr,
        )
        return 2
    if query is None:
        query = stdin.read()
    statements = [s.strip().rstrip(";") for s in sqlparse.split(query) if s.strip().rstrip(";").strip()]
    if not statements:
        print("touchline: the query is empty", file=sys.stderr)
        return 1
    from pyspark.errors import PySparkException

    spark = get_session(warehouse)
    for i, statement in enumerate(statements):
        try:
            frame = spark.sql(statement)
            columns, rows = collect_utc(frame) if frame.columns else ([], [])
        except PySparkException as exc:
            print(f"touchline: {exc}", file=sys.stderr)
            return 1
        if columns:
            if i and fmt == "table":
                out.write("\n")
            WRITERS[fmt](columns, rows, out)
    return 0
