"""The landed files' digests kept between builds: reused only while a file is unchanged."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest

from tests.landing_fixtures import event, load, rows, write_jsonl
from touchline.landing import digest_cache
from touchline.landing.digest_cache import DigestCache, digest_cache_path
from touchline.warehouse.build_state import pending


def _later() -> int:
    # a clock a minute ahead: every file written by the test counts as settled
    return time.time_ns() + 60_000_000_000


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _counting_hashes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    read: list[Path] = []
    real = digest_cache.content_hash

    def counted(path: Path) -> str:
        read.append(path)
        return real(path)

    monkeypatch.setattr(digest_cache, "content_hash", counted)
    return read


def test_a_settled_unchanged_file_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "orders.csv"
    file.write_bytes(b"order_id\n1001\n")
    cache_file = tmp_path / "w.duckdb.digests.json"
    first = DigestCache(cache_file, now_ns=_later)
    assert first.digest(file) == _sha(file)
    first.save()

    read = _counting_hashes(monkeypatch)
    second = DigestCache(cache_file, now_ns=_later)
    assert second.digest(file) == _sha(file)
    assert read == [] and second.hashed == 0


def test_a_rewrite_that_keeps_size_and_modification_time_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "orders.csv"
    file.write_bytes(b"order_id\n1001\n")
    stamps = file.stat()
    cache_file = tmp_path / "cache.json"
    cache = DigestCache(cache_file, now_ns=_later)
    cache.digest(file)
    cache.save()

    time.sleep(0.05)  # past the file system clock's tick: the change time moves
    with file.open("r+b") as handle:  # the same inode, the same size
        handle.write(b"order_id\n1002\n")
    os.utime(file, ns=(stamps.st_atime_ns, stamps.st_mtime_ns))  # and the old modification time
    assert file.stat().st_mtime_ns == stamps.st_mtime_ns and file.stat().st_size == stamps.st_size

    read = _counting_hashes(monkeypatch)
    assert DigestCache(cache_file, now_ns=_later).digest(file) == _sha(file)
    assert read == [file]


def test_a_file_changed_just_before_it_was_read_is_not_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "part-0001.jsonl"
    file.write_bytes(b"{}\n")
    cache_file = tmp_path / "cache.json"
    cache = DigestCache(cache_file)  # the real clock: the file changed a moment ago
    cache.digest(file)
    cache.save()
    assert json.loads(cache_file.read_text())["files"] == {}

    read = _counting_hashes(monkeypatch)
    DigestCache(cache_file).digest(file)
    assert read == [file]


def test_files_gone_are_forgotten_and_a_damaged_cache_is_empty(tmp_path: Path) -> None:
    kept, gone = tmp_path / "a.csv", tmp_path / "b.csv"
    kept.write_bytes(b"a\n")
    gone.write_bytes(b"b\n")
    cache_file = tmp_path / "cache.json"
    cache = DigestCache(cache_file, now_ns=_later)
    cache.digest(kept), cache.digest(gone)
    cache.save()
    gone.unlink()
    cache = DigestCache(cache_file, now_ns=_later)
    cache.digest(kept)
    cache.save()
    assert list(json.loads(cache_file.read_text())["files"]) == [str(kept)]

    for damaged in ("{not json", '{"version": 1, "files": {"x": [1]}}', '{"version": 99, "files": {}}', "[]"):
        cache_file.write_text(damaged)
        assert DigestCache(cache_file, now_ns=_later).digest(kept) == _sha(kept)


def test_a_missing_file_raises_as_before(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        DigestCache(None).digest(tmp_path / "missing.csv")


def test_the_loader_reads_only_new_files_and_still_loads_a_rewritten_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(digest_cache, "_SETTLED_NS", 0)  # files written by the test count as settled
    landing = tmp_path / "landing"
    day1 = write_jsonl(landing, "pixel/2026-03-14/part-0001.jsonl", [event("e1")])
    write_jsonl(landing, "pixel/2026-03-15/part-0001.jsonl", [event("e2", ts="2026-03-15T10:00:00Z")])
    cache_file = digest_cache_path(tmp_path / "touchline.duckdb")
    con, _ = load(landing, digest_cache=cache_file)
    assert len(json.loads(cache_file.read_text())["files"]) == 2

    write_jsonl(landing, "pixel/2026-03-16/part-0001.jsonl", [event("e3", ts="2026-03-16T10:00:00Z", received_at=None)])
    read = _counting_hashes(monkeypatch)
    _, summary = load(landing, con, digest_cache=cache_file)
    assert [p.name for p in read] == ["part-0001.jsonl"] and read[0].parent.name == "2026-03-16"
    assert summary.files_loaded == 1

    # the first day's file rewritten in place with the same size and modification time
    stamps = day1.stat()
    time.sleep(0.05)
    write_jsonl(landing, "pixel/2026-03-14/part-0001.jsonl", [event("e9")])
    os.utime(day1, ns=(stamps.st_atime_ns, stamps.st_mtime_ns))
    assert day1.stat().st_size == stamps.st_size
    _, summary = load(landing, con, digest_cache=cache_file)
    assert summary.files_loaded == 1
    assert rows(con, "select event_id from raw.pixel_events order by event_id") == [("e1",), ("e2",), ("e3",), ("e9",)]


def test_the_nothing_new_check_shares_the_loaders_digests(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digest_cache, "_SETTLED_NS", 0)
    landing = tmp_path / "landing"
    write_jsonl(landing, "pixel/2026-03-14/part-0001.jsonl", [event("e1")])
    warehouse = tmp_path / "touchline.duckdb"
    con, _ = load(landing, digest_cache=digest_cache_path(warehouse))
    con.execute(f"attach '{warehouse}' as published")
    con.execute("copy from database memory to published")
    con.close()

    read = _counting_hashes(monkeypatch)
    state = pending(landing, warehouse)
    assert state.new_files == 0 and read == []
