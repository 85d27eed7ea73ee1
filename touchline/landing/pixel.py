"""Pixel events: newline-delimited JSON -> raw.pixel_events (+ audit.quarantine).

This is the hot path (tens of millions of lines), so the per-line work is kept to one
orjson parse, a handful of dict lookups and appends; everything typed in bulk by Arrow.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, BinaryIO

import orjson
import pyarrow as pa
from crawlerdetect import CrawlerDetect

from touchline.landing.date_window import DateWindow, current_window
from touchline.landing.money_types import MONEY
from touchline.landing.sink import CHUNK_ROWS, QuarantineSink, RowSink
from touchline.landing.values import (
    ONE_DAY,
    BadValue,
    email_digest,
    hash_email,
    parse_timestamp,
    pixel_revenue,
    raw_line_text,
    redact_emails,
)

# Column order of the row tuples built below (after load_id and file_path).
PIXEL_SCHEMA = pa.schema(
    [
        ("line_number", pa.int64()),
        ("event_id", pa.string()),
        ("event_type", pa.string()),
        ("ts", pa.timestamp("us")),
        ("received_at", pa.timestamp("us")),
        ("visitor_id", pa.string()),
        ("url", pa.string()),
        ("referrer", pa.string()),
        ("user_agent", pa.string()),
        ("email_hash", pa.string()),
        ("customer_id", pa.string()),
        ("order_id", pa.string()),
        ("revenue", MONEY.arrow),
        ("currency", pa.string()),
        ("is_bot", pa.bool_()),
    ]
)

_fromisoformat = datetime.fromisoformat

# Decompressed bytes read per step; lines are split out of each block.
_BLOCK_BYTES = 16 * 1024 * 1024


class BotDetector:
    """crawlerdetect verdicts cached per distinct user agent (a few thousand per million hits)."""

    _MAX_CACHED = 500_000

    def __init__(self) -> None:
        self._detector = CrawlerDetect()
        self.verdicts: dict[str, bool] = {}  # read directly on the hot path

    def is_bot(self, user_agent: str | None) -> bool:
        if not user_agent:
            return False
        verdict = self.verdicts.get(user_agent)
        if verdict is None:
            if len(self.verdicts) >= self._MAX_CACHED:
                self.verdicts.clear()
            verdict = self.verdicts[user_agent] = self._detector.is_crawler(user_agent)
        return verdict


def iter_line_blocks(stream: BinaryIO) -> Iterator[list[bytes]]:
    """Lists of complete lines (without b'\\n'), block by block, in file order."""
    rest = b""
    while True:
        data = stream.read(_BLOCK_BYTES)
        if not data:
            break
        lines = (rest + data).split(b"\n")
        rest = lines.pop()
        yield lines
    if rest:
        yield [rest]


def load_pixel_stream(stream: BinaryIO, rows: RowSink, quarantine: QuarantineSink, bots: BotDetector) -> int:
    """Parse every line of `stream` into `rows` or `quarantine`; return the records read."""
    read = 0
    next_line = 1
    for lines in iter_line_blocks(stream):
        read += parse_pixel_lines(lines, next_line, rows, quarantine, bots)
        next_line += len(lines)
    return read


def parse_pixel_lines(
    lines: list[bytes], first_line: int, rows: RowSink, quarantine: QuarantineSink, bots: BotDetector
) -> int:
    """Parse consecutive lines numbered from `first_line`; return the records among them."""
    loads = orjson.loads
    decode_error = orjson.JSONDecodeError
    if len(rows.rows) >= CHUNK_ROWS:
        rows.flush()
    add_row = rows.rows.append
    read = len(lines)
    line_number = first_line - 1
    window = current_window()
    for line in lines:
        line_number += 1
        try:
            obj = loads(line)
        except decode_error:
            if not line or line.isspace():
                read -= 1  # blank lines are not records
                continue
            quarantine.add(line_number, _undecodable_reason(line), raw_line_text(line))
            continue
        if type(obj) is not dict:
            quarantine.add(line_number, "not a JSON object", raw_line_text(line))
            continue
        try:
            row = _pixel_row(obj, line_number, bots, window)
        except BadValue as exc:
            quarantine.add(line_number, str(exc), raw_line_text(line))
            continue
        # Only lines that could hold an address pay for redaction (see values.redact_emails).
        # (int membership is a plain memchr, several times cheaper than a bytes search.)
        # `%25` covers a twice-encoded `%2540`; a `\u` escape may spell `@`, `%` or `+`.
        if 64 in line or (37 in line and (b"%40" in line or b"%25" in line)) or (92 in line and b"\\u00" in line):
            row = tuple(redact_emails(v) if type(v) is str else v for v in row)
        add_row(row)
    return read


def _undecodable_reason(line: bytes) -> str:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return "undecodable UTF-8 bytes"
    return "invalid JSON"


def _text(value: Any, field: str) -> str | None:
    """An optional string field; ids sent as numbers become strings, empty becomes null."""
    if type(value) is str:
        return value or None
    if value is None:
        return None
    if type(value) is int or type(value) is float:
        return str(value)
    raise BadValue(f"invalid {field}: not a string")


def _required(value: Any, field: str) -> str:
    text = _text(value, field)
    if text is None or text.isspace():
        raise BadValue(f"missing required field: {field}")
    return text


def _timestamp(value: Any, field: str) -> datetime:
    if type(value) is not str:
        raise BadValue(f"unparseable {field}")
    return parse_timestamp(value, field)


# The row builder below inlines the common case (a non-empty str) of _text/_required:
# function calls per field are a measurable share of the per-line budget.
def _pixel_row(obj: dict[str, Any], line_number: int, bots: BotDetector, window: DateWindow) -> tuple[Any, ...]:
    get = obj.get
    bot_verdicts = bots.verdicts
    v = get("event_id")
    event_id = v if type(v) is str and v and not v.isspace() else _required(v, "event_id")
    v = get("event_type")
    event_type = v if type(v) is str and v and not v.isspace() else _required(v, "event_type")
    raw_ts = get("ts")
    if raw_ts is None or raw_ts == "":
        raise BadValue("missing required field: ts")
    v = get("visitor_id")
    visitor_id = v if type(v) is str and v and not v.isspace() else _required(v, "visitor_id")
    # `...Z` is the common spelling: parsed without the Z it gives naive UTC directly, several
    # times cheaper than an aware datetime converted to UTC (the general path).
    try:
        ts = _fromisoformat(raw_ts[:-1]) if raw_ts[-1:] == "Z" else None
    except (ValueError, TypeError):
        ts = None
    if ts is None or ts.tzinfo is not None:
        ts = _timestamp(raw_ts, "ts")
    v = get("received_at")
    if v is None or v == "":
        received_at = None
    else:
        try:
            received_at = _fromisoformat(v[:-1]) if v[-1:] == "Z" else None
        except (ValueError, TypeError):
            received_at = None
        if received_at is None or received_at.tzinfo is not None:
            received_at = _timestamp(v, "received_at")
    if received_at is not None and ts - received_at > ONE_DAY:
        raise BadValue("ts more than one day after received_at")
    if not window.earliest_at <= ts <= window.latest_at:
        window.check_timestamp(ts, "ts")
    if received_at is not None and not window.earliest_at <= received_at <= window.latest_at:
        window.check_timestamp(received_at, "received_at")

    v = get("url")
    if event_type == "page_view":
        url = v if type(v) is str and v and not v.isspace() else _required(v, "url")
    else:
        url = v if type(v) is str and v else _text(v, "url")
    v = get("order_id")
    if event_type == "checkout_completed":
        order_id = v if type(v) is str and v and not v.isspace() else _required(v, "order_id")
    else:
        order_id = None if v is None else _text(v, "order_id")

    v = get("email_hash")
    email_hash = None if v is None else _text(v, "email_hash")
    if email_hash is not None:
        # blank means absent (the plain `email`, if any, is hashed instead); anything else must
        # be a SHA-256 hex digest, as the collector requires of the browser
        email_hash = email_digest(email_hash, "email_hash") if email_hash.strip() else None
    if email_hash is None:
        v = get("email")
        email = None if v is None else _text(v, "email")
        if email is not None and not email.isspace():
            email_hash = hash_email(email)

    v = get("referrer")
    referrer = v if type(v) is str and v else _text(v, "referrer")
    v = get("user_agent")
    user_agent = v if type(v) is str and v else _text(v, "user_agent")
    v = get("customer_id")
    customer_id = None if v is None else _text(v, "customer_id")
    v = get("revenue")
    revenue = None if v is None else pixel_revenue(v)
    v = get("currency")
    currency = None if v is None else _text(v, "currency")
    if user_agent:
        is_bot = bot_verdicts.get(user_agent)
        if is_bot is None:
            is_bot = bots.is_bot(user_agent)
    else:
        is_bot = False
    return (
        line_number,
        event_id,
        event_type,
        ts,
        received_at,
        visitor_id,
        url,
        referrer,
        user_agent,
        email_hash,
        customer_id,
        order_id,
        revenue,
        currency,
        is_bot,
    )
