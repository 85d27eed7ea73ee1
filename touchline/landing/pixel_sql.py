"""Pixel events typed by DuckDB: the loader's fast path for well-formed lines.

The Python parser (touchline.landing.pixel) handles every line exactly as landing.md
says, at ~50k lines/s. Most landed lines are plain: a JSON object of string fields with
ISO timestamps. DuckDB parses and types those in bulk, several times faster, and every line
it cannot vouch for goes to the Python parser unchanged. So the rules live in one place
(Python) and the fast path only has to be *conservative*: a line it accepts must give the
same row the Python parser gives (tests/test_landing_pixel_sql.py checks this line by line).

A line is accepted only when all of these hold; otherwise Python decides:
- the block it sits in is valid UTF-8, and the line is a JSON object DuckDB reads;
- every value is a string or null (no numbers, booleans, arrays, nested objects): DuckDB
  accepts some JSON that orjson refuses (NaN, trailing commas, 1e999), and those all sit in
  non-string values;
- no top-level key appears twice (DuckDB keeps the first, orjson the last);
- nothing that might be an email (`@`, `%40`, a twice-encoded `%2540`) and no `\\u` escape, so no redaction and no
  surrogate handling is needed;
- `event_id`, `event_type`, `visitor_id` (and `url` for page views, `order_id` for checkouts)
  hold a printable ASCII character, so Python's "blank" test cannot differ;
- `ts` (and `received_at`, if given) is `YYYY-MM-DDTHH:MM:SS[.fff|.ffffff](Z|±HH:MM)`, a
  real date and time, and `ts` is at most a day after `received_at`;
- `email_hash` is absent or 64 hex digits, and there is no `email` or `revenue`;
- `ts` and `received_at` lie in the run's date window (touchline.landing.date_window).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import BinaryIO

import duckdb
import numpy as np
import pyarrow as pa

from touchline.landing.date_window import current_window
from touchline.landing.pixel import BotDetector, parse_pixel_lines
from touchline.landing.record_limit import current_limit, oversized_reason, oversized_text
from touchline.landing.sink import QuarantineSink, RowSink
from touchline.landing.sql_files import loader_sql
from touchline.landing.text_blocks import TextBlock, read_blocks

_BATCH_ROWS = 8192

_LINES = "__touchline_pixel_lines"  # the names the .sql files use
_BLOCK = "__touchline_pixel_block"
_FIELDS = "__touchline_pixel_fields"
_VERDICTS = "__touchline_ua_verdicts"
_NEW_AGENTS = "__touchline_new_agents"

# The statements: touchline/landing/sql/<name>.sql, which name the temp tables above.
_PARSE_BLOCK = "pixel_parse_block"
_TYPED_BLOCK = "pixel_typed_block"
_MACROS = "pixel_macros"
_NEW_AGENTS_SQL = "pixel_new_agents"
_INSERT_SQL = "pixel_insert"
_REST_SQL = "pixel_rest"


def load_pixel_stream_sql(
    con: duckdb.DuckDBPyConnection,
    stream: BinaryIO,
    rows: RowSink,
    quarantine: QuarantineSink,
    bots: BotDetector,
) -> tuple[int, int]:
    """Load every line of `stream`; return (records read, rows inserted by DuckDB)."""
    return load_pixel_blocks_sql(con, read_blocks(stream), rows, quarantine, bots)


def load_pixel_blocks_sql(
    con: duckdb.DuckDBPyConnection,
    blocks: Iterable[TextBlock],
    rows: RowSink,
    quarantine: QuarantineSink,
    bots: BotDetector,
) -> tuple[int, int]:
    """Load every line of a file's blocks; return (records read, rows inserted by DuckDB).

    Rows parsed in Python go through `rows` (the caller flushes it) like the pure-Python loader.
    """
    parse_block = prepare_pixel_sql(con)
    read = inserted = 0
    next_line = 1
    for block in blocks:
        if block.oversized is not None:
            quarantine.add(next_line, oversized_reason(current_limit()), oversized_text(block.raw, block.oversized))
            read += 1
            next_line += 1
            continue
        if block.lines is None:
            # Rare (a corrupt export): Python gives each line its own verdict and reason.
            byte_lines = block.raw.split(b"\n")
            if block.raw.endswith(b"\n"):
                byte_lines.pop()
            read += parse_pixel_lines(byte_lines, next_line, rows, quarantine, bots)
            next_line += len(byte_lines)
            continue
        block_read, block_inserted = _load_block(con, parse_block, block.lines, next_line, rows, quarantine, bots)
        read += block_read
        inserted += block_inserted
        next_line += len(block.lines)
    return read, inserted


def _load_block(
    con: duckdb.DuckDBPyConnection,
    window: dict[str, datetime],
    lines: pa.Array,
    first_line: int,
    rows: RowSink,
    quarantine: QuarantineSink,
    bots: BotDetector,
) -> tuple[int, int]:
    numbers = np.arange(first_line, first_line + len(lines), dtype=np.int64)
    table = pa.table({"line_number": numbers, "line": lines})
    # DuckDB scans an Arrow table one record batch per thread: small batches keep both busy.
    con.register(_LINES, pa.Table.from_batches(table.to_batches(max_chunksize=_BATCH_ROWS)))
    try:
        con.execute(loader_sql(_PARSE_BLOCK))
        inserted = insert_pixel_fields(con, window, rows, bots)
        rest = con.execute(loader_sql(_REST_SQL)).fetchall()
    finally:
        con.unregister(_LINES)
    drop_pixel_fields(con)
    read = len(lines) - len(rest)
    if rest:
        # The rest are not always consecutive: give Python each line with its own number.
        for number, line in rest:
            read += parse_pixel_lines([line.encode("utf-8")], number, rows, quarantine, bots)
    return read, int(inserted)


def prepare_pixel_sql(con: duckdb.DuckDBPyConnection) -> dict[str, datetime]:
    """The macros and the bot-verdict table the typing step uses; the run's date window as
    its parameters."""
    con.execute(f"create temp table if not exists {_VERDICTS} (user_agent varchar, is_bot boolean)")
    con.execute(loader_sql(_MACROS))
    window = current_window()
    return {"earliest_at": window.earliest_at, "latest_at": window.latest_at}


def insert_pixel_fields(
    con: duckdb.DuckDBPyConnection, window: dict[str, datetime], rows: RowSink, bots: BotDetector
) -> int:
    """Type the events of __touchline_pixel_fields (pixel_typed_block.sql: the field-level
    rules) into __touchline_pixel_block and insert those rows with their bot verdicts; return
    how many. The canonical lines fill the fields from their JSON, trackers' events from
    their own format (touchline/sources/events_sql.py); the caller hands the rest to Python
    and then drops the tables (drop_pixel_fields)."""
    con.execute(loader_sql(_TYPED_BLOCK), window)
    _add_verdicts(con, bots)
    [(inserted,)] = con.execute(
        loader_sql(_INSERT_SQL), {"load_id": rows.load_id, "file_path": rows.file_path}
    ).fetchall()
    return int(inserted)


def drop_pixel_fields(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"drop table if exists {_BLOCK}")
    con.execute(f"drop table if exists {_FIELDS}")


def _add_verdicts(con: duckdb.DuckDBPyConnection, bots: BotDetector) -> None:
    agents = [agent for (agent,) in con.execute(loader_sql(_NEW_AGENTS_SQL)).fetchall()]
    if not agents:
        return
    verdicts = pa.table(
        {
            "user_agent": pa.array(agents, pa.string()),
            "is_bot": pa.array([bots.is_bot(agent) for agent in agents], pa.bool_()),
        }
    )
    con.register(_NEW_AGENTS, verdicts)
    try:
        con.execute(f"insert into {_VERDICTS} select user_agent, is_bot from {_NEW_AGENTS}")
    finally:
        con.unregister(_NEW_AGENTS)
