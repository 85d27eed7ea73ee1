"""Trackers' events (Snowplow enriched TSV, GA4 BigQuery export as JSON lines or Parquet)
mapped by DuckDB, as the canonical pixel lines are typed (touchline/landing/pixel_sql.py).

The formats' Python mappings (formats/snowplow.py, formats/ga4_bigquery.py) read each record
into a dict, map it field by field and type it through the canonical parser. Here DuckDB reads
the file, maps the events it can vouch for to the landing contract's pixel fields
(sql/events_<name>.sql: each file's header says which events) and types them with the
canonical lines' own statement (pixel_typed_block.sql: the field-level rules), so a row
DuckDB keeps is the row Python gives. Every other record goes, whole, to the Python mapping
with its own line (or row) number, so it loads or is quarantined with its reason exactly as
before. tests/test_sources_events_sql.py proves both give the same events, quarantine and
audit counts, and that breaking any rule of the SQL fails it.

A text file takes this path when it is UTF-8 without a byte-order mark, at most
MAX_FAST_BYTES decompressed, with no bare carriage return (Python's table reader ends a row
there) and, for JSON, JSON lines (not one document). A Parquet file takes it in batches of
rows when its columns have the types the SQL reads as Python does (`_parquet_columns`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import orjson
import pyarrow as pa

from touchline.landing.csv_sql import MAX_FAST_BYTES
from touchline.landing.files import LandedFile
from touchline.landing.pixel import BotDetector
from touchline.landing.pixel_sql import drop_pixel_fields, insert_pixel_fields, prepare_pixel_sql
from touchline.landing.record_limit import current_limit
from touchline.landing.sink import RowSink
from touchline.landing.sql_files import loader_sql
from touchline.landing.text_blocks import split_lines
from touchline.sources.formats.events_sql_mapping import SqlEvents
from touchline.sources.head import open_bytes
from touchline.sources.orders_json_sql import (
    JSON_STRING,
    NON_STANDARD,
    NON_STANDARD_PARTS,
    _first_line,
    _line_records,
)
from touchline.sources.readers import SourceRecord, json_is_lines, line_records
from touchline.sources.recognise import Recognised

_LINES = "__touchline_event_lines"  # a text file's lines (line_number, line)
_JSON_LINES = "__touchline_json_lines"  # the same, as json_lines_items.sql reads them
_JSON_BODY = "__touchline_json_body"  # the same lines as one text (json_lines_suspect.sql)
_ROWS = "__touchline_event_rows"  # a Parquet batch's rows (record_number, event_row)
_ITEMS = "__touchline_json_items"
_BATCH_ROWS = 8192
_PARQUET_BATCH_ROWS = 131_072
_BOM = b"\xef\xbb\xbf"
# Snowplow's enriched timestamps (formats/snowplow.py `_TSTAMP`, ASCII digits only)
_ENRICHED_TSTAMP = r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z?"


def load_events_sql(
    con: duckdb.DuckDBPyConnection, landed: LandedFile, recognised: Recognised, rows: RowSink, bots: BotDetector
) -> tuple[int, Iterator[SourceRecord]] | None:
    """(events inserted by DuckDB, the other records for the Python mapping), or None when the
    file does not take this path (the caller reads it all in Python)."""
    sql = recognised.format.sql
    if not isinstance(sql, SqlEvents):
        return None
    if recognised.parquet:
        if sql.reads != "json":
            return None
        return _load_parquet(con, landed.path, sql, rows, bots)
    if recognised.encoding not in ("utf-8", "utf-8-sig"):
        return None
    with open_bytes(landed.path) as stream:
        data = stream.read(MAX_FAST_BYTES + 1)
    if len(data) > MAX_FAST_BYTES or data.startswith(_BOM):
        return None
    # (the two counts, ~0.04 CPU s on 35 MB, only when there is a carriage return at all)
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None
    if sql.reads == "tsv":
        lines = split_lines(data)
        if lines is None:
            return None  # not UTF-8: Python reads it row by row
        keys = [name.lower() for name in recognised.format.fixed_columns]
        return _load_tsv(con, lines, sql, rows, bots, keys)
    first, leading = _first_line(data)
    if not first or not json_is_lines(first, recognised.format.json_root):
        return None  # a JSON document: Python reads it
    lines = split_lines(data)
    if lines is None:
        return None
    return _load_json_lines(con, lines, leading, sql, rows, bots)


def _map(con: duckdb.DuckDBPyConnection, sql: SqlEvents, rows: RowSink, bots: BotDetector, **values: Any) -> int:
    """Map the registered records to __touchline_pixel_fields, type and insert them; how many."""
    window = prepare_pixel_sql(con)
    for macro in sql.macros:
        con.execute(loader_sql(macro, "touchline.sources"))
    con.execute(loader_sql(f"events_{sql.query}", "touchline.sources"), values)
    return insert_pixel_fields(con, window, rows, bots)


def _numbered(lines: pa.Array, name: str, number: str = "line_number") -> pa.Table:
    numbers = np.arange(1, len(lines) + 1, dtype=np.int64)
    table = pa.table({number: numbers, name: lines})
    # DuckDB scans an Arrow table one record batch per thread: small batches keep both busy.
    return pa.Table.from_batches(table.to_batches(max_chunksize=_BATCH_ROWS))


def _load_tsv(
    con: duckdb.DuckDBPyConnection, lines: pa.Array, sql: SqlEvents, rows: RowSink, bots: BotDetector, keys: list[str]
) -> tuple[int, Iterator[SourceRecord]]:
    limit = current_limit()
    con.register(_LINES, _numbered(lines, "line"))
    try:
        inserted = _map(con, sql, rows, bots, record_limit=limit, enriched_tstamp=_ENRICHED_TSTAMP)
        rest = con.execute(
            f"select lines.line_number, strlen(rtrim(lines.line, chr(13))), rtrim(lines.line, chr(13)) "
            f"from {_LINES} as lines "
            f"anti join __touchline_pixel_block as block on block.line_number = lines.line_number "
            f"order by lines.line_number"
        ).fetchall()
    finally:
        con.unregister(_LINES)
        drop_pixel_fields(con)
    # read as readers.table_records reads a header-less table: tab-separated, unquoted
    return inserted, line_records(rest, keys, delimiter="\t", quoting=csv.QUOTE_NONE)


def _load_json_lines(
    con: duckdb.DuckDBPyConnection, lines: pa.Array, leading: int, sql: SqlEvents, rows: RowSink, bots: BotDetector
) -> tuple[int, Iterator[SourceRecord]]:
    limit = current_limit()
    lines_standard = not _has_suspect(con, lines)
    con.register(_JSON_LINES, _numbered(lines, "line"))
    try:
        con.execute(
            loader_sql("json_lines_items", "touchline.sources"),
            {
                "leading_blank_lines": leading,
                "record_limit": limit,
                "non_standard": NON_STANDARD,
                "lines_standard": lines_standard,
                "json_string": JSON_STRING,
            },
        )
        inserted = _map(con, sql, rows, bots, keys_unique=False)
        rest = con.execute(
            f"select lines.line_number - {leading}, lines.line from {_JSON_LINES} as lines "
            f"where lines.line_number > {leading} and lines.line_number - {leading} not in "
            f"(select line_number from __touchline_pixel_block) order by lines.line_number"
        ).fetchall()
    finally:
        con.unregister(_JSON_LINES)
        con.execute(f"drop table if exists {_ITEMS}")
        drop_pixel_fields(con)
    return inserted, _line_records(rest, limit)


def _has_suspect(con: duckdb.DuckDBPyConnection, lines: pa.Array) -> bool:
    """Whether the lines, as one text, hold a suspect of NON_STANDARD (json_lines_suspect.sql):
    when not, no line needs json_lines_items.sql's own check."""
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)
    # the lines' bytes as they are in split_lines' buffer: one string, no copy
    ends = np.array([offsets[lines.offset], offsets[lines.offset + len(lines)]], dtype=np.int64)
    body = pa.LargeStringArray.from_buffers(1, pa.py_buffer(ends), lines.buffers()[2])
    con.register(_JSON_BODY, pa.table({"body": body}))
    try:
        [(has_suspect,)] = con.execute(
            loader_sql("json_lines_suspect", "touchline.sources"), NON_STANDARD_PARTS
        ).fetchall()
    finally:
        con.unregister(_JSON_BODY)
    return bool(has_suspect)


# The columns formats/ga4_bigquery.py reads, and the Arrow types whose JSON (DuckDB's to_json)
# the SQL reads as Python reads the row's values (to_pylist): integers and strings as they
# are; `event_params` a list of {key, value} structs whose string_value is a string;
# `collected_traffic_source` a struct.
_GA4_SCALARS = (
    "event_timestamp",
    "event_name",
    "user_pseudo_id",
    "user_id",
    "stream_id",
    "event_bundle_sequence_id",
    "batch_event_index",
    "batch_page_id",
    "batch_ordering_id",
)


def _parquet_columns(schema: pa.Schema) -> list[str] | None:
    """The columns the SQL reads, or None when one of them has a type it does not read as
    Python does (then Python reads the file)."""
    names = schema.names
    if len(set(names)) != len(names):
        return None
    wanted = []
    for name in names:
        kind = schema.field(name).type
        if name in _GA4_SCALARS:
            if not (pa.types.is_integer(kind) or pa.types.is_string(kind) or pa.types.is_large_string(kind)):
                return None
        elif name == "event_params":
            if not _params_type(kind):
                return None
        elif name == "collected_traffic_source":
            if not pa.types.is_struct(kind):
                return None
        else:
            continue
        wanted.append(name)
    return wanted


def _params_type(kind: pa.DataType) -> bool:
    if not (pa.types.is_list(kind) or pa.types.is_large_list(kind)) or not pa.types.is_struct(kind.value_type):
        return False
    entry = kind.value_type
    names = [entry.field(i).name for i in range(entry.num_fields)]
    if "value" not in names or "key" not in names or not pa.types.is_string(entry.field("key").type):
        return False
    value = entry.field("value").type
    if not pa.types.is_struct(value):
        return False
    for i in range(value.num_fields):
        field = value.field(i)
        if field.name == "string_value" and not pa.types.is_string(field.type):
            return False
        if field.name in ("int_value", "double_value", "float_value") and not (
            pa.types.is_integer(field.type) or pa.types.is_floating(field.type)
        ):
            return False
    return True


def _load_parquet(
    con: duckdb.DuckDBPyConnection, path: Path, sql: SqlEvents, rows: RowSink, bots: BotDetector
) -> tuple[int, Iterator[SourceRecord]] | None:
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    columns = _parquet_columns(parquet.schema_arrow)
    if columns is None:
        return None
    inserted = 0
    left: list[np.ndarray] = []  # per batch, the rows DuckDB did not take (only their indices are kept)
    first = 1
    for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH_ROWS):
        numbers = pa.array(np.arange(first, first + batch.num_rows, dtype=np.int64))
        read = pa.StructArray.from_arrays([batch.column(name) for name in columns], names=columns)
        table = pa.table({"record_number": numbers, "event_row": read})
        con.register(_ROWS, pa.Table.from_batches(table.to_batches(max_chunksize=_BATCH_ROWS)))
        try:
            con.execute(loader_sql("events_parquet_items", "touchline.sources"))
            inserted += _map(con, sql, rows, bots, keys_unique=True)
            taken = con.execute("select line_number from __touchline_pixel_block").fetchnumpy()["line_number"]
        finally:
            con.unregister(_ROWS)
            con.execute(f"drop table if exists {_ITEMS}")
            drop_pixel_fields(con)
        left.append(np.setdiff1d(np.arange(batch.num_rows, dtype=np.int64), np.asarray(taken, dtype=np.int64) - first))
        first += batch.num_rows
    return inserted, _parquet_rest(path, left)


def _parquet_rest(path: Path, left: list[np.ndarray]) -> Iterator[SourceRecord]:
    """The rows DuckDB did not take, read again batch by batch (never the whole file at once),
    as readers.parquet_records reads a JSON format's rows."""
    import pyarrow.parquet as pq

    if not any(len(indices) for indices in left):
        return
    first = 1
    batches = pq.ParquetFile(path).iter_batches(batch_size=_PARQUET_BATCH_ROWS)
    for batch, indices in zip(batches, left, strict=True):
        if len(indices):
            for index, row in zip(indices.tolist(), batch.take(pa.array(indices)).to_pylist(), strict=True):
                yield SourceRecord(first + index, row, orjson.dumps(row, default=str).decode())
        first += batch.num_rows
