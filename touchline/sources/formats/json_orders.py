"""The declaration of a JSON orders format's mapping that DuckDB can run (orders_json_sql.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SqlJsonOrders:
    """The query (touchline/sources/sql/<query>.sql) that maps the format's records, read by
    DuckDB from JSON lines or a document's record list, to __touchline_json_orders and
    __touchline_json_refunds: exactly the rows the format's Python mapping gives, for the
    records the query vouches for."""

    query: str
