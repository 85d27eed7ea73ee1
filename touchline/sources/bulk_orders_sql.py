"""Shopify Admin GraphQL bulk-operation orders (JSON lines, child objects on lines of their own
with `__parentId`) mapped by DuckDB.

The format's Python mapping (formats/shopify_admin_api.py, `_map_graphql`) folds each order's
lines into one record and maps it; here DuckDB reads every line once, forms the same fold
groups (sql/shopify_graphql_lines.sql, _line_keys.sql, bulk_fold_groups.py), and checks and types each group's order
line once, from the lines' own columns (sql/shopify_graphql_order_lines.sql, _refund_items.sql,
_refund_rows.sql, _orders.sql), on the terms of a REST order (sql/shopify_rest_orders.sql). Orders whose customer journey makes page views (a visit
with `occurredAt` and `landingPage`, `moments`) stay Python's. Every line of a group DuckDB did
not take goes to the Python mapping, as runs of consecutive lines folded on their own (never
across a group DuckDB took), so it loads or is quarantined with its reason exactly as before.
tests/test_sources_bulk_orders_sql.py proves both paths give the same rows.

The lines are first read by DuckDB's typed reader (the format's `typed_columns`: the union of
the keys the mapping reads on an order line and on a child line), which replaces the line checks
and the parse (sql/shopify_graphql_typed_lines.sql instead of json_lines_items.sql and
shopify_graphql_lines.sql); a file it refuses, or would read otherwise than Python, is read as
above (orders_json_sql.typed_lines_table; tests/test_sources_bulk_orders_typed.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import numpy as np

from touchline.landing.date_window import current_window
from touchline.landing.files import LandedFile
from touchline.landing.record_limit import current_limit
from touchline.landing.sink import RowSink
from touchline.sources.bulk_fold_groups import fold_groups
from touchline.sources.formats.json_orders import FOLD_GROUPS, SqlBulkOrders
from touchline.sources.orders_json_sql import (
    _TYPED,
    LineBounds,
    _drop,
    _run,
    file_head,
    lines_document,
    split_lines_table,
    standard_table,
    typed_lines_table,
)
from touchline.sources.readers import SourceRecord, json_is_lines, json_line_record
from touchline.sources.recognise import Recognised

_BULK_TABLES = (
    "__touchline_bulk_order_lines",
    "__touchline_bulk_line_keys",
    "__touchline_bulk_lines",
    "__touchline_bulk_groups",
)


def load_bulk_orders_sql(
    con: duckdb.DuckDBPyConnection, landed: LandedFile, recognised: Recognised, orders: RowSink, refunds: RowSink
) -> tuple[int, Iterator[Iterator[SourceRecord]]] | None:
    """(orders inserted by DuckDB, the other lines as runs of records to fold in Python), or
    None when the file does not take this path (the caller reads it all in Python)."""
    sql = recognised.format.sql
    if not isinstance(sql, SqlBulkOrders) or recognised.parquet:
        return None
    head = file_head(landed)
    if head is None or not json_is_lines(head[1], recognised.format.json_root):
        return None
    data, _, leading = head
    document = lines_document(data)
    if document is None:
        return None  # not UTF-8: Python reads it line by line
    lines = LineBounds(data, leading)
    limit = current_limit()
    window = current_window()
    typed = None
    try:
        if sql.typed_columns:
            standard_table(con, document)
            typed = typed_lines_table(con, landed, sql.typed_columns, lines, limit)
        if typed is not None:
            con.register(_TYPED, typed)
        else:
            split_lines_table(con, document)
        for step in sql.typed_steps if typed is not None else sql.steps:
            if step == FOLD_GROUPS:
                fold_groups(con)
                continue
            _run(
                con,
                step,
                leading_blank_lines=leading,
                record_limit=limit,
                earliest_at=window.earliest_at,
                latest_at=window.latest_at,
            )
        [(inserted,)] = _run(con, "insert_json_orders", load_id=orders.load_id, file_path=orders.file_path).fetchall()
        _run(con, "insert_json_refunds", load_id=refunds.load_id, file_path=refunds.file_path)
        rest = _rest(con, lines)
    finally:
        if typed is not None:
            con.unregister(_TYPED)
        _drop(con)
        _drop(con, _BULK_TABLES)
    return int(inserted), _runs(rest, limit)


def _rest(con: duckdb.DuckDBPyConnection, lines: LineBounds) -> list[tuple[int, bytes]]:
    """The lines after the leading blank ones outside the groups DuckDB took, numbered as Python
    numbers them, with their bytes. A taken group is the range of lines from its first to its
    last: a blank line inside it is not handed to Python, which reads no record from it anyway.
    The ranges are marked on an array of the lines (numpy), not joined to a table of them: that
    range join cost ~2.7 CPU s for 60k lines of which half were left to Python."""
    taken = con.execute(
        "select taken.first_number, taken.last_number from __touchline_bulk_groups as taken "
        "inner join __touchline_json_orders as orders on orders.record_number = taken.first_number"
    ).fetchnumpy()
    # +1 at each range's first line, -1 after its last: a line is taken where the running sum is 1
    marks = np.zeros(lines.count + 1, dtype=np.int64)
    np.add.at(marks, np.asarray(taken["first_number"], dtype=np.int64) - 1, 1)
    np.add.at(marks, np.asarray(taken["last_number"], dtype=np.int64), -1)
    left = np.flatnonzero(np.cumsum(marks[:-1]) == 0)
    return [(int(index) + 1, lines.line(int(index))) for index in left]


def _runs(rest: list[tuple[int, bytes]], limit: int) -> Iterator[Iterator[SourceRecord]]:
    """The lines left to Python as runs of consecutive lines: a gap is a group DuckDB took,
    which Python must not fold across."""
    start = 0
    for end in range(1, len(rest) + 1):
        if end == len(rest) or rest[end][0] != rest[end - 1][0] + 1:
            yield _records(rest[start:end], limit)
            start = end


def _records(run: list[tuple[int, bytes]], limit: int) -> Iterator[SourceRecord]:
    for number, line in run:
        record = json_line_record(number, line, limit)
        if record is not None:
            yield record
