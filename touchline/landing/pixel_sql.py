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
from typing import BinaryIO

import duckdb
import numpy as np
import pyarrow as pa

from touchline.landing.date_window import DateWindow, current_window
from touchline.landing.pixel import BotDetector, parse_pixel_lines
from touchline.landing.record_limit import current_limit, oversized_reason, oversized_text
from touchline.landing.sink import QuarantineSink, RowSink
from touchline.landing.text_blocks import TextBlock, read_blocks

_BATCH_ROWS = 8192

_LINES = "__touchline_pixel_lines"
_BLOCK = "__touchline_pixel_block"
_VERDICTS = "__touchline_ua_verdicts"
_NEW_AGENTS = "__touchline_new_agents"

_FIELDS = (
    "event_id",
    "event_type",
    "ts",
    "received_at",
    "visitor_id",
    "url",
    "referrer",
    "user_agent",
    "email_hash",
    "email",
    "customer_id",
    "order_id",
    "revenue",
    "currency",
)
_STRUCT = "{" + ", ".join(f'"{name}": "VARCHAR"' for name in _FIELDS) + "}"

# A value after a key that is neither a string nor null, or a trailing comma. Inside a JSON
# string a quote is escaped, so a match there is only a false alarm (the line goes to Python).
_NOT_ALL_STRINGS = r'"\s*:\s*(?:[^"\sn]|n[^u])|,\s*\}'
_TIMESTAMP = (
    r"^((?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))"
    r"T((?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{3}|\.\d{6})?)"
    r"(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$"
)
_PRINTABLE = "'[!-~]'"


def _utc(parts: str) -> str:
    """SQL: the naive UTC timestamp from a struct of _TIMESTAMP's groups, null if none matched."""
    zone = f"{parts}.zone"
    offset_minutes = (
        f"case when {zone} = 'Z' then 0 else (case when left({zone}, 1) = '-' then -1 else 1 end)"
        f" * (try_cast(substr({zone}, 2, 2) as bigint) * 60 + try_cast(substr({zone}, 5, 2) as bigint)) end"
    )
    return (
        f"case when {parts}.day <> '' then"
        f" try_cast({parts}.day || ' ' || {parts}.time as timestamp) - to_minutes({offset_minutes}) end"
    )


_PARSE_BLOCK = f"""
create or replace temp table {_BLOCK} as
with

-- Cheap text checks first; DuckDB may evaluate conditions in any order, so the JSON
-- functions sit behind a case that only reaches lines DuckDB can parse.
candidates as (
    select
        line_number,
        line,
        starts_with(line, '{{')
            and not contains(line, '@')
            and not contains(line, '%40')
            and not contains(line, '%25')
            and not contains(line, '\\u')
            and not regexp_matches(line, '{_NOT_ALL_STRINGS}')
            and json_valid(line) as is_candidate
    from {_LINES}
),

objects as materialized (
    select
        line_number,
        case when is_candidate then from_json(line, '{_STRUCT}') end as j,
        case when is_candidate then json_keys(line) end as keys
    from candidates
    where is_candidate
),

split as materialized (
    select
        line_number,
        j.event_id,
        j.event_type,
        j.ts as ts_text,
        j.received_at as received_at_text,
        j.visitor_id,
        j.url,
        j.referrer,
        j.user_agent,
        j.email_hash,
        j.email,
        j.customer_id,
        j.order_id,
        j.revenue,
        j.currency,
        keys,
        regexp_extract(j.ts, '{_TIMESTAMP}', ['day', 'time', 'zone']) as ts_parts,
        regexp_extract(j.received_at, '{_TIMESTAMP}', ['day', 'time', 'zone']) as received_at_parts
    from objects
),

typed as (
    select
        *,
        {_utc("ts_parts")} as ts_utc,
        {_utc("received_at_parts")} as received_at_utc
    from split
)

select
    line_number,
    event_id,
    event_type,
    ts_utc as ts,
    received_at_utc as received_at,
    visitor_id,
    nullif(url, '') as url,
    nullif(referrer, '') as referrer,
    nullif(user_agent, '') as user_agent,
    lower(email_hash) as email_hash,
    nullif(customer_id, '') as customer_id,
    nullif(order_id, '') as order_id,
    nullif(currency, '') as currency
from typed
where regexp_matches(event_id, {_PRINTABLE})
  and regexp_matches(event_type, {_PRINTABLE})
  and regexp_matches(visitor_id, {_PRINTABLE})
  and ts_utc is not null
  and (received_at_text is null or received_at_text = ''
       or (received_at_utc is not null and ts_utc - received_at_utc <= interval 1 day))
  and (event_type <> 'page_view' or regexp_matches(url, {_PRINTABLE}))
  and (event_type <> 'checkout_completed' or regexp_matches(order_id, {_PRINTABLE}))
  and (email_hash is null or regexp_full_match(email_hash, '[0-9a-fA-F]{{64}}'))
  and email is null
  and revenue is null
  and len(keys) = len(list_distinct(keys))
"""


def _parse_block_sql(window: DateWindow) -> str:
    """_PARSE_BLOCK keeping only lines dated inside the window (Python quarantines the rest)."""
    earliest, latest = _timestamp_literal(window.earliest_at), _timestamp_literal(window.latest_at)
    return (
        f"{_PARSE_BLOCK}  and ts_utc between {earliest} and {latest}\n"
        f"  and (received_at_utc is null or received_at_utc between {earliest} and {latest})\n"
    )


def _timestamp_literal(value) -> str:
    return f"timestamp '{value.isoformat(sep=' ')}'"


_NEW_AGENTS_SQL = f"""
select distinct block.user_agent
from {_BLOCK} as block
anti join {_VERDICTS} as verdicts on verdicts.user_agent = block.user_agent
where block.user_agent is not null
"""

_INSERT_SQL = f"""
insert into raw.pixel_events (
    load_id, file_path, line_number, event_id, event_type, ts, received_at, visitor_id, url,
    referrer, user_agent, email_hash, customer_id, order_id, revenue, currency, is_bot
)
select
    ?, ?, block.line_number, block.event_id, block.event_type, block.ts, block.received_at,
    block.visitor_id, block.url, block.referrer, block.user_agent, block.email_hash,
    block.customer_id, block.order_id, null, block.currency, coalesce(verdicts.is_bot, false)
from {_BLOCK} as block
left join {_VERDICTS} as verdicts on verdicts.user_agent = block.user_agent
"""

_REST_SQL = f"""
select lines.line_number, lines.line
from {_LINES} as lines
anti join {_BLOCK} as block on block.line_number = lines.line_number
order by lines.line_number
"""


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
    con.execute(f"create temp table if not exists {_VERDICTS} (user_agent varchar, is_bot boolean)")
    parse_block = _parse_block_sql(current_window())
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
    parse_block: str,
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
        con.execute(parse_block)
        _add_verdicts(con, bots)
        [(inserted,)] = con.execute(_INSERT_SQL, [rows.load_id, rows.file_path]).fetchall()
        rest = con.execute(_REST_SQL).fetchall()
    finally:
        con.unregister(_LINES)
    con.execute(f"drop table {_BLOCK}")
    read = len(lines) - len(rest)
    if rest:
        # The rest are not always consecutive: give Python each line with its own number.
        for number, line in rest:
            read += parse_pixel_lines([line.encode("utf-8")], number, rows, quarantine, bots)
    return read, int(inserted)


def _add_verdicts(con: duckdb.DuckDBPyConnection, bots: BotDetector) -> None:
    agents = [agent for (agent,) in con.execute(_NEW_AGENTS_SQL).fetchall()]
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
