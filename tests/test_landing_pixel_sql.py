"""The DuckDB fast path for pixel lines gives exactly the rows and quarantine of the Python parser.

Each case is loaded twice, once by the pure-Python parser (the reference: landing.md's rules
live there) and once by the loader's SQL path, and both raw.pixel_events and audit.quarantine
must be equal row for row. The corpus mixes lines the fast path accepts with every kind of
line it must hand to Python, in the same block, so line numbers and counts are checked too.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import duckdb
import orjson
import pytest

from tests.landing_fixtures import event
from touchline.landing import schema
from touchline.landing.pixel import PIXEL_SCHEMA, BotDetector, load_pixel_stream
from touchline.landing.pixel_sql import load_pixel_stream_sql
from touchline.landing.sink import QuarantineSink, RowSink

BASE = event("base")


def _line(**fields: object) -> bytes:
    record = {**BASE, **fields}
    return orjson.dumps({k: v for k, v in record.items() if v is not ...})


H = "a" * 64
CASES: dict[str, bytes] = {
    "plain": _line(event_id="p1"),
    "no received_at": _line(event_id="p2", received_at=...),
    "empty received_at": _line(event_id="p3", received_at=""),
    "null received_at": _line(event_id="p4", received_at=None),
    "offset +02:00": _line(event_id="p5", ts="2026-03-14T12:30:00.125+02:00"),
    "offset -05:30": _line(event_id="p6", ts="2026-03-14T00:30:00-05:30", received_at="2026-03-14T06:00:01.5Z"),
    "micro seconds": _line(event_id="p7", ts="2026-03-14T10:00:00.123456Z"),
    "no offset": _line(event_id="p8", ts="2026-03-14T10:00:00"),
    "lowercase z": _line(event_id="p9", ts="2026-03-14T10:00:00z"),
    "space separator": _line(event_id="p10", ts="2026-03-14 10:00:00Z"),
    "trailing UTC": _line(event_id="p11", ts="2026-03-14T10:00:00 UTC"),
    "offset without colon": _line(event_id="p12", ts="2026-03-14T10:00:00+0200"),
    "one fraction digit": _line(event_id="p13", ts="2026-03-14T10:00:00.5Z"),
    "feb 30": _line(event_id="p14", ts="2026-02-30T10:00:00Z"),
    "second 60": _line(event_id="p15", ts="2026-03-14T10:00:60Z"),
    "hour 24": _line(event_id="p16", ts="2026-03-14T24:00:00Z"),
    "date only": _line(event_id="p17", ts="2026-03-14"),
    "garbage ts": _line(event_id="p18", ts="yesterday"),
    "numeric ts": _line(event_id="p19", ts=1773482400),
    "ts a day ahead": _line(event_id="p20", ts="2026-03-15T10:00:02Z"),
    "ts exactly a day ahead": _line(event_id="p21", ts="2026-03-15T10:00:01Z"),
    "bad received_at": _line(event_id="p22", received_at="later"),
    "numeric ids": _line(event_id=123, visitor_id=456, customer_id=789),
    "float id": _line(event_id=1.5),
    "bool id": _line(event_id=True),
    "nested object": _line(event_id="p23", extra={"a": 1}),
    "array field": _line(event_id="p24", extra=[1, 2]),
    "blank event_id": _line(event_id="   "),
    "nbsp event_id": _line(event_id="\u00a0"),
    "empty visitor": _line(event_id="p25", visitor_id=""),
    "missing visitor": _line(event_id="p26", visitor_id=...),
    "page_view without url": _line(event_id="p27", url=None),
    "page_view blank url": _line(event_id="p28", url=" "),
    "identify without url": _line(event_id="p29", event_type="identify", url=None, email_hash=H),
    "identify empty url": _line(event_id="p30", event_type="identify", url="", email_hash=H.upper()),
    "uppercase event type": _line(event_id="p31", event_type="PAGE_VIEW", url=None),
    "checkout": _line(event_id="p32", event_type="checkout_completed", order_id="1001", currency="USD"),
    "checkout without order": _line(event_id="p33", event_type="checkout_completed"),
    "checkout with revenue": _line(event_id="p34", event_type="checkout_completed", order_id="1", revenue=19.99),
    "string revenue": _line(event_id="p35", revenue="12.50"),
    "plain email": _line(event_id="p36", event_type="identify", email=" Jane@Example.com "),
    "email without at": _line(event_id="p37", event_type="identify", email="not-an-email"),
    "hash with spaces": _line(event_id="p38", email_hash=f" {H} "),
    "short hash": _line(event_id="p39", email_hash="abc"),
    "long hash": _line(event_id="p39b", email_hash=H + "a"),
    "hash of 63": _line(event_id="p39c", email_hash=H[:63]),
    "non-hex hash": _line(event_id="p39d", email_hash="g" + H[1:]),
    "email as hash": _line(event_id="p39e", event_type="identify", email_hash="Jane@Example.com"),
    "encoded email as hash": _line(event_id="p39f", email_hash="jane%40example.com"),
    "numeric hash": _line(event_id="p39g", email_hash=12345),
    "blank hash and email": _line(event_id="p39h", event_type="identify", email_hash=" ", email="jane@example.com"),
    "bad hash and email": _line(event_id="p39i", event_type="identify", email_hash="abc", email="jane@example.com"),
    "mixed case hash": _line(event_id="p39j", email_hash="aB" * 32),
    "email in url": _line(event_id="p40", url="https://shop.example.com/?e=jane%40example.com"),
    "at in url": _line(event_id="p41", url="https://shop.example.com/?e=jane@example.com"),
    "escaped at": b'{"event_id":"p42","event_type":"page_view","ts":"2026-03-14T10:00:00Z","visitor_id":"v1",'
    b'"url":"https://shop.example.com/?e=jane\\u0040example.com"}',
    "unicode escape": b'{"event_id":"p43","event_type":"page_view","ts":"2026-03-14T10:00:00Z","visitor_id":"v\\u00e9",'
    b'"url":"https://shop.example.com/"}',
    "lone surrogate": b'{"event_id":"p44","event_type":"page_view","ts":"2026-03-14T10:00:00Z","visitor_id":"\\ud800",'
    b'"url":"https://shop.example.com/"}',
    "raw utf-8": _line(event_id="p45", url="https://shop.example.com/caf\u00e9", visitor_id="v\U0001f600"),
    "escapes": _line(event_id="p46", referrer='say "hi"\\ \t/\n', user_agent=""),
    "duplicate key": b'{"event_id":"p47","event_id":"p47b","event_type":"page_view","ts":"2026-03-14T10:00:00Z",'
    b'"visitor_id":"v1","url":"https://shop.example.com/"}',
    "case-different key": b'{"Event_Id":"x","event_id":"p48","event_type":"page_view","ts":"2026-03-14T10:00:00Z",'
    b'"visitor_id":"v1","url":"https://shop.example.com/"}',
    "trailing comma": b'{"event_id":"p49","event_type":"page_view","ts":"2026-03-14T10:00:00Z","visitor_id":"v1",'
    b'"url":"https://shop.example.com/",}',
    "NaN value": b'{"event_id":"p50","event_type":"page_view","ts":"2026-03-14T10:00:00Z","visitor_id":"v1",'
    b'"url":"https://shop.example.com/","x":NaN}',
    "huge number": b'{"event_id":"p51","event_type":"page_view","ts":"2026-03-14T10:00:00Z","visitor_id":"v1",'
    b'"url":"https://shop.example.com/","x":1e999}',
    "spaces around colons": b'{ "event_id" : "p52" , "event_type" : "page_view" , "ts" : "2026-03-14T10:00:00Z" ,'
    b' "visitor_id" : "v1" , "url" : "https://shop.example.com/" , "referrer" : null }',
    "null everything optional": _line(event_id="p53", referrer=None, user_agent=None, customer_id=None, currency=None),
    "bot": _line(event_id="p54", user_agent="Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
    "other event type": _line(event_id="p55", event_type="add_to_cart", url=None),
    "crlf": _line(event_id="p56") + b"\r",
    "leading space": b" " + _line(event_id="p57"),
    "blank": b"",
    "whitespace only": b"   \t",
    "not an object": b'["p58"]',
    "string line": b'"p59"',
    "invalid json": b'{"event_id": "p60"',
    "bom": b"\xef\xbb\xbf" + _line(event_id="p61"),
    "null byte": _line(event_id="p62")[:-1] + b',"x":"\\u0000"}',
}


def _load(lines: list[bytes], *, sql: bool) -> tuple[list[tuple], list[tuple], int, int]:
    con = duckdb.connect()
    schema.create_all(con)
    bots = BotDetector()
    rows = RowSink(con, "pixel_events", PIXEL_SCHEMA, 7, "pixel/f.jsonl")
    quarantine = QuarantineSink(con, "pixel", 7, "pixel/f.jsonl")
    stream = io.BytesIO(b"\n".join(lines) + b"\n")
    con.execute("begin transaction")
    if sql:
        read, in_sql = load_pixel_stream_sql(con, stream, rows, quarantine, bots)
    else:
        read, in_sql = load_pixel_stream(stream, rows, quarantine, bots), 0
    rows.flush()
    quarantine.flush()
    con.execute("commit")
    raw = con.execute("select * from raw.pixel_events order by line_number").fetchall()
    quarantined = con.execute("select * from audit.quarantine order by line_number").fetchall()
    return raw, quarantined, read, in_sql


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_case_matches_the_python_parser(name: str) -> None:
    # Between two plain lines, so a case's own line number and its neighbours are checked.
    lines = [_line(event_id="before"), CASES[name], _line(event_id="after")]
    assert _load(lines, sql=True)[:3] == _load(lines, sql=False)[:3]


def test_whole_corpus_in_one_block_matches_and_uses_the_fast_path() -> None:
    lines = list(CASES.values()) * 3
    raw, quarantined, read, in_sql = _load(lines, sql=True)
    assert (raw, quarantined, read) == _load(lines, sql=False)[:3]
    assert len(raw) > 40 and len(quarantined) > 15
    # every email_hash stored is a lowercase digest, whichever path typed it
    stored = {r[11] for r in raw} - {None}
    assert {H, "ab" * 32} <= stored and all(re.fullmatch("[0-9a-f]{64}", h) for h in stored)
    # The plain lines were typed by DuckDB, not all sent back to Python.
    assert in_sql >= 3 * 15


def test_invalid_utf8_block_falls_back_to_python() -> None:
    lines = [_line(event_id="ok1"), b'{"event_id":"bad\xff"}', _line(event_id="ok2")]
    raw, quarantined, read, in_sql = _load(lines, sql=True)
    assert (raw, quarantined, read) == _load(lines, sql=False)[:3]
    assert [q[4] for q in quarantined] == ["undecodable UTF-8 bytes"]
    assert in_sql == 0


def test_generated_landing_data_matches(tmp_path: Path) -> None:
    from touchline.generator import generate

    generate(tmp_path / "landing", days=3, visitors=400, seed=5, truth_dir=tmp_path / "truth")
    import gzip

    for path in sorted((tmp_path / "landing" / "pixel").rglob("*.jsonl*")):
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        lines = data.split(b"\n")
        if data.endswith(b"\n"):
            lines.pop()
        raw, quarantined, read, in_sql = _load(lines, sql=True)
        assert (raw, quarantined, read) == _load(lines, sql=False)[:3], path
        assert in_sql >= 0.9 * read, path
