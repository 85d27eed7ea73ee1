"""Shopify Admin REST orders (`orders.json` pages, or one order per JSON line) mapped by DuckDB.

The format's Python mapping (formats/shopify_admin_api.py, `_map_rest`) parses each order into
a dict and maps it field by field; here DuckDB parses the file and maps the orders it can vouch
for in one query (sql/shopify_rest_orders.sql says which: values in the spellings whose SQL
value is Python's), and every other record goes to the Python mapping with its own number, so
it loads or is quarantined with its reason exactly as before. tests/test_sources_orders_json_sql.py
proves both paths give the same orders, refunds, quarantine and audit counts.

A file takes this path when it is UTF-8 without a byte-order mark, at most MAX_FAST_BYTES
decompressed, and, for a document, one that Python's streaming reader reads whole
(sql/json_document_check.sql); otherwise Python reads it all, as before. JSON lines are
judged line by line (sql/json_lines_items.sql).
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import numpy as np
import pyarrow as pa

from touchline.landing.csv_sql import _TIMESTAMP, MAX_FAST_BYTES, _in_window_timestamp
from touchline.landing.files import LandedFile
from touchline.landing.money_types import MONEY, MONEY_RECORD_DIGITS, MONEY_RECORD_LIMIT
from touchline.landing.record_limit import current_limit
from touchline.landing.sink import RowSink
from touchline.landing.text_blocks import split_lines
from touchline.sources.format import FileContext
from touchline.sources.formats.json_orders import SqlJsonOrders
from touchline.sources.head import open_bytes
from touchline.sources.orders_sql import _PLAIN_TEXT
from touchline.sources.readers import SourceRecord, json_is_lines, json_line_record, streamed_document
from touchline.sources.recognise import Recognised
from touchline.sources.sql_files import sql_text

_LINES = "__touchline_json_lines"
_DOCUMENT = "__touchline_json_document"
_TEMP_TABLES = (
    "__touchline_json_parsed",
    "__touchline_json_refund_rows",
    "__touchline_json_orders",
    "__touchline_json_refunds",
)
_BATCH_ROWS = 8192
_BOM = b"\xef\xbb\xbf"

# What DuckDB's JSON parser reads and Python's (orjson for lines, ijson for documents) refuses:
# a trailing comma, NaN / Infinity, an integer beyond 64 bits, an exponent out of a double's
# range. Looked for outside strings only (JSON_STRING is a string token, escapes included).
NON_STANDARD = r",\s*[\]}]|[:,\[]\s*[-+]?(?i:nan|inf)|[:,\[]\s*-?[0-9.]{19}|[0-9][eE][+-]?[0-9]{3}"
JSON_STRING = r'"(?:[^"\\]|\\.)*"'
# a JSON integer whose text is Python's str() of it (no `-0`), and which every reader takes
_JSON_INTEGER = r"0|-?[1-9][0-9]{0,17}"
_MONEY_TEXT = rf"-?\d{{1,{MONEY_RECORD_DIGITS}}}(?:\.\d{{1,{MONEY.scale}}})?"


def load_orders_json_sql(
    con: duckdb.DuckDBPyConnection,
    landed: LandedFile,
    recognised: Recognised,
    context: FileContext,
    orders: RowSink,
    refunds: RowSink,
) -> tuple[int, Iterator[SourceRecord]] | None:
    """(orders inserted by DuckDB, the other records for the Python mapping), or None when the
    file does not take this path (the caller reads it all in Python)."""
    fmt = recognised.format
    if not isinstance(fmt.sql, SqlJsonOrders) or recognised.parquet:
        return None
    with open_bytes(landed.path) as stream:
        data = stream.read(MAX_FAST_BYTES + 1)
    if len(data) > MAX_FAST_BYTES or data.startswith(_BOM):
        return None
    first, leading = _first_line(data)
    if not first:
        return None
    if json_is_lines(first, fmt.json_root):
        lines = split_lines(data)
        if lines is None:
            return None  # not UTF-8: Python reads it line by line
        return _load_lines(con, lines, leading, fmt.sql, orders, refunds)
    opening = first.lstrip()[:1]
    if opening == b"[":
        records_key = None
    elif opening == b"{" and fmt.json_root is not None:
        records_key = fmt.json_root
    else:
        return None  # a document of another shape: Python reads it whole
    document = _one_string(data)
    if document is None:
        return None
    return _load_document(con, landed, document, first, records_key, fmt.json_root, fmt.sql, orders, refunds)


def _one_string(data: bytes) -> pa.Array | None:
    """The document as a one-value Arrow string array over its own bytes (no decoding, no
    copy), or None if it is not valid UTF-8."""
    offsets = np.array([0, len(data)], dtype=np.int64)
    document = pa.LargeStringArray.from_buffers(1, pa.py_buffer(offsets.tobytes()), pa.py_buffer(data))
    try:
        document.validate(full=True)
    except pa.ArrowInvalid:
        return None
    return document


def _first_line(data: bytes) -> tuple[bytes, int]:
    """The first non-blank line (as readers.json_records finds it) and how many blank lines
    precede it (Python does not count them)."""
    start = leading = 0
    while start < len(data):
        end = data.find(b"\n", start)
        line = data[start : len(data) if end < 0 else end + 1]
        if line.strip():
            return line, leading
        leading += 1
        start += len(line)
    return b"", leading


def _load_lines(
    con: duckdb.DuckDBPyConnection,
    lines: pa.Array,
    leading: int,
    sql: SqlJsonOrders,
    orders: RowSink,
    refunds: RowSink,
) -> tuple[int, Iterator[SourceRecord]]:
    numbers = np.arange(1, len(lines) + 1, dtype=np.int64)
    table = pa.table({"line_number": numbers, "line": lines})
    limit = current_limit()
    con.register(_LINES, pa.Table.from_batches(table.to_batches(max_chunksize=_BATCH_ROWS)))
    try:
        con.execute(
            sql_text(
                "json_lines_items",
                leading_blank_lines=leading,
                record_limit=limit,
                non_standard=NON_STANDARD,
                json_string=JSON_STRING,
            )
        )
        inserted = _map(con, sql, orders, refunds)
        rest = con.execute(
            f"select lines.line_number - {leading}, lines.line from {_LINES} as lines "
            f"where lines.line_number > {leading} and lines.line_number - {leading} not in "
            f"(select record_number from __touchline_json_orders) order by lines.line_number"
        ).fetchall()
    finally:
        con.unregister(_LINES)
        _drop(con)
    return inserted, _line_records(rest, limit)


def _line_records(rest: list[tuple[int, str]], limit: int) -> Iterator[SourceRecord]:
    for number, line in rest:
        record = json_line_record(number, line.encode("utf-8"), limit)
        if record is not None:
            yield record


def _load_document(
    con: duckdb.DuckDBPyConnection,
    landed: LandedFile,
    document: pa.Array,
    first: bytes,
    records_key: str | None,
    json_root: str | None,
    sql: SqlJsonOrders,
    orders: RowSink,
    refunds: RowSink,
) -> tuple[int, Iterator[SourceRecord]] | None:
    con.register(_DOCUMENT, pa.table({"document": document}))
    try:
        con.execute(
            sql_text(
                "json_document_items",
                records_path="$[*]" if records_key is None else f"$.{records_key}[*]",
                records_key=records_key or "",
                non_standard=NON_STANDARD,
                json_string=JSON_STRING,
            )
        )
        inserted = _map(con, sql, orders, refunds)
        [(count,)] = con.execute("select count(*) from __touchline_json_parsed").fetchall()
        if not count:
            return None  # Python reads it (and may reject it, or read it as one record)
        taken = {number for (number,) in con.execute("select record_number from __touchline_json_orders").fetchall()}
    finally:
        con.unregister(_DOCUMENT)
        _drop(con)
    if len(taken) == count:
        return inserted, iter(())
    return inserted, (r for r in streamed_document(landed.path, first, json_root) if r.line_number not in taken)


def _map(con: duckdb.DuckDBPyConnection, sql: SqlJsonOrders, orders: RowSink, refunds: RowSink) -> int:
    """Map the items into __touchline_json_orders / _refunds and insert them; how many orders."""
    con.execute(
        sql_text(
            sql.query,
            plain_text=_PLAIN_TEXT,
            json_integer=_JSON_INTEGER,
            money_text=_MONEY_TEXT,
            money_type=MONEY.sql,
            money_limit=f"{MONEY_RECORD_LIMIT}",
            timestamp=_TIMESTAMP,
            created_in_window=_in_window_timestamp("created_at"),
            updated_in_window=_in_window_timestamp("updated_at"),
            refunded_in_window=_in_window_timestamp("refunded_at"),
        )
    )
    [(inserted,)] = con.execute(sql_text("insert_json_orders"), [orders.load_id, orders.file_path]).fetchall()
    con.execute(sql_text("insert_json_refunds"), [refunds.load_id, refunds.file_path])
    return int(inserted)


def _drop(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("drop view if exists __touchline_json_items")
    for table in _TEMP_TABLES:
        con.execute(f"drop table if exists {table}")
