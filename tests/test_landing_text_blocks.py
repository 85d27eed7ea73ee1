"""Splitting landed text into lines, and the read-ahead thread that does it for the loader."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from touchline.landing import text_blocks
from touchline.landing.text_blocks import BlockPrefetcher, read_blocks, split_lines


@pytest.mark.parametrize(
    "block",
    [b"a\nb\n", b"a\nb", b"\n\n", b"x", b"a\r\n\xc3\xa9\n\nlast", "\U0001f600\n".encode() * 3],
)
def test_split_lines_matches_a_plain_split(block: bytes) -> None:
    expected = block.decode().split("\n")
    if block.endswith(b"\n"):
        expected.pop()
    assert split_lines(block).to_pylist() == expected


def test_split_lines_refuses_invalid_utf8() -> None:
    assert split_lines(b"ok\nbad\xff\n") is None


def test_blocks_keep_whole_lines_and_every_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_blocks, "BLOCK_BYTES", 7)
    data = b"".join(f"line {i}\n".encode() for i in range(20)) + b"tail"
    blocks = list(read_blocks(io.BytesIO(data)))
    assert len(blocks) > 3
    assert b"".join(block.raw for block in blocks) == data
    assert [line for block in blocks for line in block.lines.to_pylist()] == data.decode().split("\n")


def _files(tmp_path: Path, contents: dict[str, bytes]) -> dict[str, Path]:
    paths = {}
    for name, data in contents.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths[name] = path
    return paths


def _lines(blocks) -> list[str]:
    return [line for block in blocks for line in block.lines.to_pylist()]


def test_prefetcher_gives_each_file_once_drains_skipped_files_and_rereads_on_request(tmp_path: Path) -> None:
    paths = _files(tmp_path, {name: f"{name}-1\n{name}-2\n".encode() for name in "abcd"})
    opens: list[str] = []

    def open_stream(name: str):
        opens.append(name)
        return paths[name].open("rb")

    prefetcher = BlockPrefetcher(list("abcd"), open_stream)
    try:
        assert _lines(prefetcher.blocks("a", lambda: open_stream("a"))) == ["a-1", "a-2"]
        # b is skipped by the caller; c comes from the thread all the same
        assert _lines(prefetcher.blocks("c", lambda: open_stream("c"))) == ["c-1", "c-2"]
        # asked again (a group rolled back): read anew, not from the thread
        assert _lines(prefetcher.blocks("c", lambda: open_stream("c"))) == ["c-1", "c-2"]
        # not in the list: read anew
        assert _lines(prefetcher.blocks("z", lambda: io.BytesIO(b"z\n"))) == ["z"]
        assert _lines(prefetcher.blocks("d", lambda: open_stream("d"))) == ["d-1", "d-2"]
    finally:
        prefetcher.close()
    assert opens.count("c") == 2 and opens.count("a") == 1


def test_prefetcher_raises_a_read_error_where_the_file_breaks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_blocks, "BLOCK_BYTES", 64)
    good = b"".join(f"line {i}\n".encode() for i in range(100))
    paths = _files(tmp_path, {"bad.gz": gzip.compress(good)[:-20], "next.gz": gzip.compress(b"n\n")})
    prefetcher = BlockPrefetcher(["bad.gz", "next.gz"], lambda name: gzip.open(paths[name], "rb"))
    try:
        seen: list[str] = []
        with pytest.raises(EOFError):
            for block in prefetcher.blocks("bad.gz", lambda: gzip.open(paths["bad.gz"], "rb")):
                seen.extend(block.lines.to_pylist())
        assert seen and seen == [f"line {i}" for i in range(len(seen))]
        assert _lines(prefetcher.blocks("next.gz", lambda: gzip.open(paths["next.gz"], "rb"))) == ["n"]
    finally:
        prefetcher.close()


def test_prefetcher_stops_when_closed_early(tmp_path: Path) -> None:
    paths = _files(tmp_path, {f"f{i}": b"x\n" * 1000 for i in range(20)})
    prefetcher = BlockPrefetcher(sorted(paths), lambda name: paths[name].open("rb"), depth=1)
    prefetcher.close()  # must not hang on a full queue
