"""`touchline conversions export --engine spark`: the export's candidate rows read from the
`marts.conversion_events` a Spark build wrote (docs/scaling.md). The same rows and Python
types as from the DuckDB file (timestamps as naive UTC, money as Decimal), so everything after
the read (the choice against the ledger, the payload files) is the DuckDB export's own code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from touchline.settings import ConfigError
from touchline.spark.rows import collect_utc
from touchline.spark.session import get_session, spark_dir

# the DuckDB export's query (touchline.conversions.export), in Spark's named parameters
_CANDIDATES = """
    select * from marts.conversion_events
    where destination = :destination and status in ('ready', 'waiting: refund delay')
    {since}
    order by event_at, order_id
"""


def spark_candidate_rows(warehouse: Path, destination: str, since: dt.date | None) -> list[dict[str, Any]]:
    if not (spark_dir(warehouse) / "metastore_db").is_dir():
        raise ConfigError(
            f"--engine spark: no Spark warehouse at {spark_dir(warehouse)} (run `touchline build --engine spark` first)"
        )
    spark = get_session(warehouse)
    if not spark.catalog.tableExists("marts.conversion_events"):
        raise ConfigError(
            f"--engine spark: {spark_dir(warehouse)} has no marts.conversion_events (build it with this version)"
        )
    query = _CANDIDATES.format(since="and event_at >= :since" if since is not None else "")
    args: dict[str, Any] = {"destination": destination, **({"since": since} if since is not None else {})}
    names, rows = collect_utc(spark.sql(query, args=args))
    return [dict(zip(names, values, strict=True)) for values in rows]
