"""The per-record path every Python-mapped tracker shares: `canonical.typed_row` (a mapped event's
texts checked for an email in one string, not text by text) and `readers.json_records` (JSON
lines split a block at a time, each line's raw text decoded only when it is quarantined).
Each case compares with what the per-text check and readline() give."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import orjson
import pytest

from tests.landing_fixtures import event, load, write_jsonl
from touchline.landing import files
from touchline.landing import load as landing_load
from touchline.landing.pixel import BotDetector
from touchline.landing.values import redact_emails
from touchline.sources import readers
from touchline.sources.canonical import typed_row
from touchline.sources.head import open_bytes
from touchline.sources.readers import json_records

EVENT = {
    "event_id": "e-1",
    "event_type": "checkout_completed",
    "ts": "2026-03-14T09:00:00.000Z",
    "received_at": "2026-03-14T09:00:01.000Z",
    "visitor_id": "v-1",
    "url": "https://shop.example.com/thanks",
    "referrer": "https://www.google.com/",
    "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0",
    "customer_id": "c-1",
    "order_id": "o-1",
    "currency": "EUR",
    "email_hash": "ab" * 32,
}
TEXTS = ["event_id", "event_type", "visitor_id", "url", "referrer", "user_agent", "customer_id", "order_id", "currency"]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.parametrize("field", TEXTS)
@pytest.mark.parametrize("spelling", ["jo@example.com", "jo%40example.com", "jo%2540example.com"])
def test_an_email_in_any_text_of_a_mapped_event_is_hashed(field, spelling):
    # whichever text holds it (each of the row's texts is in the one string checked)
    event = {**EVENT, field: f"x {spelling}"}
    row = typed_row("pixel", event, 7, BotDetector())
    assert f"x {_sha('jo@example.com')}" in row
    assert not any(type(value) is str and ("jo@" in value or "%40" in value or "%25" in value) for value in row)


def test_texts_without_an_email_are_kept_as_they_are():
    # a `%` or `@`-free escape split over two texts (`...%` + `40...`) is not an address, and
    # a text that only looks like an escape is kept as written (no redaction ran on it)
    event = {**EVENT, "url": "https://shop.example.com/100%", "referrer": "40x", "user_agent": "a \\u0040 b"}
    row = typed_row("pixel", event, 7, BotDetector())
    assert row[6:9] == ("https://shop.example.com/100%", "40x", "a \\u0040 b")


def test_an_event_with_an_email_has_every_text_redacted_as_before():
    # one text with an address: every text goes through redact_emails, as the per-text loop did
    event = {**EVENT, "url": "https://shop.example.com/?e=jo@example.com", "user_agent": "a \\u0040 b"}
    row = typed_row("pixel", event, 7, BotDetector())
    assert row[6] == redact_emails("https://shop.example.com/?e=jo@example.com")
    assert row[8] == redact_emails("a \\u0040 b")


def _lines_by_readline(path: Path) -> list[tuple[int, str | None, str]]:
    """What json_records gave when it read the file with readline() (before this change)."""
    out = []
    with gzip.open(path) as stream:
        lines = stream.readlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    for number, line in enumerate(lines, start=1):
        line = line.rstrip(b"\r\n")
        if not line.strip():
            continue
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError:
            out.append((number, "invalid JSON", line.decode("utf-8", "backslashreplace")))
            continue
        if not isinstance(obj, dict):
            out.append((number, "not a JSON object", line.decode("utf-8", "backslashreplace")))
            continue
        out.append((number, None, line.decode("utf-8", "backslashreplace")))
    return out


@pytest.mark.parametrize("block", [1, 7, 64, 1 << 20])
def test_json_lines_split_by_blocks_read_as_readline_read_them(tmp_path, monkeypatch, block):
    # lines across block boundaries and longer than a block, blank and whitespace-only lines
    # (\x0b is blank to bytes.strip(), not JSON whitespace), leading blank lines, CRLF and a
    # lone CR before the newline, undecodable bytes, a last line without its newline
    long_line = orjson.dumps({"messageId": "m-long", "type": "page", "pad": "y" * 300})
    data = b"".join(
        [
            b"\n \n",
            b'{"messageId": "m-1", "type": "page"}\r\n',
            b"\n",
            b" \x0b \n",
            long_line + b"\n",
            b"not json \xff\xfe\n",
            b"[1, 2]\r\r\n",
            b'{"messageId": "m-2", "type": "page"}\n',
            b"\t\n",
            b'{"messageId": "m-3", "type": "page"}',
        ]
    )
    path = tmp_path / "events.jsonl.gz"
    path.write_bytes(gzip.compress(data))
    monkeypatch.setattr(readers, "_BLOCK_BYTES", block)
    got = [(record.line_number, record.error, record.text()) for record in json_records(path, None)]
    assert got == _lines_by_readline(path)
    assert [number for number, error, _ in got if error is None] == [1, 4, 7, 9]
    assert got[2][1:] == ("invalid JSON", "not json \\xff\\xfe")
    assert got[3][1:] == ("not a JSON object", "[1, 2]")


def test_a_record_read_from_a_line_keeps_its_fields_and_raw_text(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_bytes(b'{"messageId": "m-1", "note": "caf\xc3\xa9"}\n')
    [record] = json_records(path, None)
    assert record.fields == {"messageId": "m-1", "note": "café"}
    assert record.text() == '{"messageId": "m-1", "note": "café"}'


def test_a_trackers_export_is_not_read_ahead_and_is_recognised_once(tmp_path, monkeypatch):
    # The read-ahead thread decompresses and splits canonical pixel files for their loader; a
    # tracker's export landed beside them is read by its format's reader, so it is not in the
    # thread's list, and the recognition that decides it is made once per file and run.
    fixture = Path(__file__).parent / "fixtures" / "sources" / "segment_ecommerce_events.json.gz"
    (tmp_path / "pixel" / "archive").mkdir(parents=True)
    # named as a canonical file could be: only its content says it is Segment's
    (tmp_path / "pixel" / "archive" / "events.jsonl.gz").write_bytes(fixture.read_bytes())
    write_jsonl(tmp_path, "pixel/canonical.jsonl.gz", [event("e1")])
    read_ahead: list[list[str]] = []
    original = landing_load.BlockPrefetcher

    def recording(paths, *args, **kwargs):
        read_ahead.append(list(paths))
        return original(paths, *args, **kwargs)

    recognised: list[str] = []
    recognise = landing_load.recognise
    monkeypatch.setattr(landing_load, "BlockPrefetcher", recording)
    monkeypatch.setattr(
        landing_load, "recognise", lambda landed: recognised.append(landed.rel_path) or recognise(landed)
    )
    con, summary = load(tmp_path)
    assert read_ahead == [["pixel/canonical.jsonl.gz"]]
    assert sorted(recognised) == ["pixel/archive/events.jsonl.gz", "pixel/canonical.jsonl.gz"]
    formats = dict(con.execute("select file_path, source_format from audit.load_audit").fetchall())
    assert formats == {"pixel/archive/events.jsonl.gz": "segment", "pixel/canonical.jsonl.gz": "touchline"}
    # the fixture's 8 events load as 7 and 1 quarantined, as in test_sources_events.py
    assert (summary.files_loaded, summary.records_loaded, summary.records_quarantined) == (2, 8, 1)


@pytest.mark.parametrize("name", ["events.json.gz", "1710374400000", "export.jsonl"])
def test_a_vendor_gzip_is_read_by_isal_as_gzip_reads_it_line_by_line(tmp_path, name):
    # sources/head.py open_bytes: whatever the file's name, gzip content is ISA-L's stream,
    # with readline() as gzip's (the head and JSON readers read lines before blocks)
    data = b"".join(orjson.dumps({"messageId": f"m-{n}", "pad": "x" * (n % 700)}) + b"\n" for n in range(3000))
    path = tmp_path / name
    path.write_bytes(gzip.compress(data + b"last line without newline", mtime=0))
    with open_bytes(path) as stream, gzip.open(path, "rb") as expected:
        assert isinstance(stream, files._GzipStream)
        assert [stream.readline() for _ in range(5)] == [expected.readline() for _ in range(5)]
        assert stream.read(1000) == expected.read(1000)
        assert stream.readline() == expected.readline()
        assert stream.read() == expected.read()
        assert stream.readline() == expected.readline() == b""
