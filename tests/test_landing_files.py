"""Whole-file behaviour: gzip damage, chunked inserts, line numbers across read blocks."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tests.landing_fixtures import audit_rows, event, load, quarantine, rows, write_file, write_jsonl
from touchline.landing import pixel, sink
from touchline.landing.files import LandedFile, open_landed, read_error_reason


@pytest.fixture
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read 256-byte blocks and insert every 3 rows, so small files cross every boundary."""
    monkeypatch.setattr(pixel, "_BLOCK_BYTES", 256)
    monkeypatch.setattr(pixel, "CHUNK_ROWS", 3)
    monkeypatch.setattr(sink, "CHUNK_ROWS", 3)


def test_chunked_load_keeps_every_line_number(tmp_path: Path, tiny_chunks: None) -> None:
    records: list = []
    for i in range(1, 41):
        records.append("{bad" if i % 7 == 0 else event(f"e{i}", visitor_id=f"v{i}"))
    write_jsonl(tmp_path, "pixel/p.jsonl.gz", records)
    con, summary = load(tmp_path)
    loaded = rows(con, "select line_number, event_id from raw.pixel_events order by line_number")
    assert loaded == [(i, f"e{i}") for i in range(1, 41) if i % 7]
    assert [n for n, _, _ in quarantine(con)] == [7, 14, 21, 28, 35]
    assert (summary.records_read, summary.records_loaded, summary.records_quarantined) == (40, 35, 5)


def test_file_failing_after_some_chunks_leaves_nothing_behind(tmp_path: Path, tiny_chunks: None) -> None:
    data = b"\n".join(
        b'{"event_id": "e%d", "event_type": "identify", "ts": "2026-03-14T10:00:00Z", "visitor_id": "v"}' % i
        for i in range(500)
    )
    compressed = gzip.compress(data)
    path = write_file(tmp_path, "pixel/a.jsonl.gz", data)
    path.write_bytes(compressed[: len(compressed) - 40])  # the end is missing
    write_jsonl(tmp_path, "pixel/b.jsonl", [event("ok")])
    con, _ = load(tmp_path)
    assert audit_rows(con)["pixel/a.jsonl.gz"][:2] == (
        "rejected",
        "truncated gzip: the compressed stream ends before its end marker",
    )
    assert rows(con, "select file_path, event_id from raw.pixel_events") == [("pixel/b.jsonl", "ok")]
    assert rows(con, "select count(*) from audit.quarantine") == [(0,)]


def test_corrupt_and_mislabelled_gzip_are_rejected(tmp_path: Path) -> None:
    compressed = bytearray(gzip.compress(b'{"event_id": "e1"}\n' * 100))
    compressed[12:20] = b"\xff" * 8  # damage the deflate stream itself
    write_file(tmp_path, "pixel/corrupt.jsonl", b"")
    (tmp_path / "pixel/corrupt.jsonl.gz").write_bytes(bytes(compressed))
    (tmp_path / "pixel/corrupt.jsonl").unlink()
    (tmp_path / "pixel/plain-but-gzipped.jsonl").write_bytes(gzip.compress(b'{"event_id": "e1"}\n'))
    con, summary = load(tmp_path)
    audit = audit_rows(con)
    assert audit["pixel/corrupt.jsonl.gz"][0] == "rejected"
    assert audit["pixel/corrupt.jsonl.gz"][1].startswith("corrupt gzip")
    assert audit["pixel/plain-but-gzipped.jsonl"][:2] == (
        "rejected",
        "gzip-compressed content in a file without a .gz extension",
    )
    assert summary.files_rejected == 2


def _read_or_error(stream) -> tuple[bytes | None, str | None]:
    try:
        with stream:
            return stream.read(), None
    except Exception as exc:
        return None, f"{type(exc).__name__}: {exc}"


def test_gzip_is_read_as_the_standard_library_reads_it(tmp_path: Path) -> None:
    """ISA-L decompresses the landed .gz files (files._GzipStream); the bytes and every error,
    so every rejection reason, are still the standard library's. The cases where igzip alone
    differs: trailing garbage (igzip: truncated; gzip: not a gzipped file), a damaged deflate
    stream and a bad CRC (other wording); and two members, zero padding, an intact file."""
    payload = b'{"event_id": "e1", "event_type": "identify"}\n' * 2000
    whole = gzip.compress(payload, mtime=0)
    damaged = bytearray(whole)
    damaged[12:20] = b"\xff" * 8
    cases = {
        "intact": whole,
        "two members": whole + gzip.compress(b"tail\n", mtime=0),
        "zero padding": whole + bytes(8),
        "trailing garbage": whole + b"xx",
        "damaged": bytes(damaged),
        "bad crc": whole[:-8] + bytes(4) + whole[-4:],
        "truncated": whole[: len(whole) // 2],
    }
    landed_path = tmp_path / "pixel"
    landed_path.mkdir()
    for name, data in cases.items():
        path = landed_path / f"{name.replace(' ', '_')}.jsonl.gz"
        path.write_bytes(data)
        landed = LandedFile(path=path, rel_path=f"pixel/{path.name}", kind="pixel")
        expected = _read_or_error(gzip.open(path, "rb"))  # noqa: SIM115 (closed inside)
        assert _read_or_error(open_landed(landed)) == expected, name
    reasons = {}
    for name in ("trailing garbage", "damaged", "bad crc"):
        path = landed_path / f"{name.replace(' ', '_')}.jsonl.gz"
        try:
            open_landed(LandedFile(path=path, rel_path=path.name, kind="pixel")).read()
        except Exception as exc:
            reasons[name] = read_error_reason(exc)
    assert reasons["trailing garbage"] == "corrupt gzip: Not a gzipped file (b'xx')"
    assert reasons["damaged"].startswith("corrupt gzip: Error -3 while decompressing data")
    assert reasons["bad crc"].startswith("corrupt gzip: CRC check failed 0x0 != ")


def test_rejected_file_is_not_retried_but_a_fixed_copy_loads(tmp_path: Path) -> None:
    write_jsonl(tmp_path, "pixel/a.jsonl", [])
    (tmp_path / "pixel/a.jsonl").write_bytes(b"")
    con, first = load(tmp_path)
    assert first.files_rejected == 1
    assert load(tmp_path, con)[1].files_rejected == 0  # same path, same content: known
    write_jsonl(tmp_path, "pixel/a.jsonl", [event("e1")])  # the sender re-delivers under the same name
    again = load(tmp_path, con)[1]
    assert (again.files_loaded, again.records_loaded) == (1, 1)
