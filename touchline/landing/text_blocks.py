"""A landed text file as blocks of whole lines, split in C, read ahead in a background thread.

The pixel loader hands DuckDB one block of lines at a time. Reading a block (gzip) and
splitting it into lines are pure byte work that releases the GIL, so a background thread does
it for the next files while DuckDB parses the current one: the two cores work side by side
instead of taking turns (benchmarks: docs/benchmarks.md).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import pyarrow as pa

from touchline.landing.record_limit import current_limit
from touchline.landing.values import RAW_RECORD_MAX_CHARS

# Decompressed bytes handed to DuckDB per query: large enough to amortise a query, small
# enough that a multi-gigabyte file never sits in memory whole.
BLOCK_BYTES = 32 * 1024 * 1024

_NEWLINE = 10
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class TextBlock:
    """Consecutive lines of a file: `lines` split and valid UTF-8, or None when the block is
    not valid UTF-8 (then `raw` is all there is, for a line-by-line verdict in Python).

    Or one line longer than the record limit (`oversized` is its length in bytes, without
    its newline): `raw` is then only its first bytes, and nothing else of it was kept."""

    raw: bytes
    lines: pa.Array | None
    oversized: int | None = None

    def __len__(self) -> int:
        if self.oversized is not None:
            return 1
        if self.lines is not None:
            return len(self.lines)
        return self.raw.count(b"\n") + (0 if self.raw.endswith(b"\n") else 1)


def _oversized(length: int, prefix: bytes) -> TextBlock:
    return TextBlock(prefix[:RAW_RECORD_MAX_CHARS], None, length)


def iter_text_blocks(stream: BinaryIO, max_line_bytes: int) -> Iterator[bytes | TextBlock]:
    """Chunks of whole lines (the last one may lack its b'\\n'), in file order; an unfinished
    line longer than `max_line_bytes` comes as an oversized TextBlock, read past in blocks
    without being kept, so memory stays within BLOCK_BYTES + max_line_bytes whatever the file.

    A UTF-8 byte order mark at the start of the file is not part of its first line."""
    rest = b""  # the start of a line, at most max_line_bytes long
    skipped: list[int | bytes] | None = None  # [length so far, first bytes] of a line over the limit
    first = True
    while True:
        data = stream.read(BLOCK_BYTES)
        if not data:
            break
        if first:
            first = False
            if data.startswith(_BOM):
                data = data[len(_BOM) :]
        if skipped is not None:
            end = data.find(b"\n")
            if end < 0:
                skipped[0] += len(data)  # type: ignore[operator]
                continue
            yield _oversized(skipped[0] + end, skipped[1])  # type: ignore[operator, arg-type]
            skipped = None
            data = data[end + 1 :]
        data = rest + data
        cut = data.rfind(b"\n") + 1
        rest = data[cut:]
        if cut:
            yield data[:cut]
        if len(rest) > max_line_bytes:
            skipped, rest = [len(rest), rest[:RAW_RECORD_MAX_CHARS]], b""
    if skipped is not None:
        yield _oversized(skipped[0], skipped[1])  # type: ignore[arg-type]
    elif rest:
        yield rest


def _split_oversized(block: bytes, max_line_bytes: int) -> Iterator[TextBlock]:
    """TextBlocks of a chunk of whole lines, each line over the limit a block of its own."""
    data = np.frombuffer(block, dtype=np.uint8)
    newlines = np.flatnonzero(data == _NEWLINE)
    if len(block) <= max_line_bytes:  # no line can be over the limit: the common short file
        yield TextBlock(block, split_lines(block, newlines))
        return
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [len(block)]))
    if len(block) and block[-1] == _NEWLINE:
        starts, ends = starts[:-1], ends[:-1]
    over = np.flatnonzero(ends - starts > max_line_bytes)
    if not len(over):
        yield TextBlock(block, split_lines(block, newlines))
        return
    position = 0
    for index in over.tolist():
        start, end = int(starts[index]), int(ends[index])
        if start > position:
            part = block[position:start]
            yield TextBlock(part, split_lines(part))
        yield _oversized(end - start, block[start : start + RAW_RECORD_MAX_CHARS])
        position = end + 1
    if position < len(block):
        part = block[position:]
        yield TextBlock(part, split_lines(part))


def split_lines(block: bytes, newlines: np.ndarray | None = None) -> pa.Array | None:
    """The block's lines (without their b'\\n') as an Arrow string array, or None if the
    block is not valid UTF-8.

    The newline positions come from numpy and the array is built straight from buffers: no
    Python object per line, and ten times faster than Arrow's split kernel on a 30 MB block.
    """
    data = np.frombuffer(block, dtype=np.uint8)
    if newlines is None:
        newlines = np.flatnonzero(data == _NEWLINE)
    ends_with_newline = bool(block) and block[-1] == _NEWLINE
    count = len(newlines) + (0 if ends_with_newline else 1)
    body = np.delete(data, newlines)
    offsets = np.empty(count + 1, dtype=np.int64)
    offsets[0] = 0
    # line i ends where its newline was, minus the i newlines taken out before it
    offsets[1 : len(newlines) + 1] = newlines - np.arange(len(newlines))
    if not ends_with_newline:
        offsets[count] = len(body)
    lines = pa.LargeStringArray.from_buffers(count, pa.py_buffer(offsets), pa.py_buffer(body))
    try:
        lines.validate(full=True)
    except pa.ArrowInvalid:
        return None
    return lines


def read_blocks(stream: BinaryIO, max_line_bytes: int | None = None) -> Iterator[TextBlock]:
    """A stream's blocks; lines over `max_line_bytes` (default: the run's record limit) alone."""
    if max_line_bytes is None:
        max_line_bytes = current_limit()
    for piece in iter_text_blocks(stream, max_line_bytes):
        if isinstance(piece, TextBlock):
            yield piece
        else:
            yield from _split_oversized(piece, max_line_bytes)


def read_file_blocks(open_stream: Callable[[], BinaryIO], max_line_bytes: int | None = None) -> Iterator[TextBlock]:
    """A file's blocks, read here and now."""
    with open_stream() as stream:
        yield from read_blocks(stream, max_line_bytes)


_END = object()


class BlockPrefetcher:
    """Reads and splits `paths` in order in a background thread, a few blocks ahead.

    `blocks(path, open_stream)` gives a file's blocks: from the thread when the file is the
    next one it read, else (a file not in the list, or asked for a second time) by reading it
    there and then. Files the caller skips are drained. An error while reading a file (a
    truncated gzip) is raised by the caller's iterator, at the block where it happened, as a
    plain read would raise it.
    """

    def __init__(
        self,
        paths: list[str],
        open_stream: Callable[[str], BinaryIO],
        depth: int = 2,
        max_line_bytes: int | None = None,
    ) -> None:
        # resolved here: the thread does not see the caller's context (record_limit.py)
        self._max_line_bytes = current_limit() if max_line_bytes is None else max_line_bytes
        self._order = {path: index for index, path in enumerate(paths)}
        self._queue: queue.Queue[tuple[int, object]] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._head: tuple[int, object] | None = None
        self._taken: set[int] = set()  # a file is taken from the thread once; again, it is read anew
        self._thread = threading.Thread(
            target=self._produce, args=(paths, open_stream), name="touchline-block-reader", daemon=True
        )
        self._thread.start()

    def _put(self, item: tuple[int, object]) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _produce(self, paths: list[str], open_stream: Callable[[str], BinaryIO]) -> None:
        for index, path in enumerate(paths):
            try:
                with open_stream(path) as stream:
                    for block in read_blocks(stream, self._max_line_bytes):
                        if not self._put((index, block)):
                            return
            except BaseException as exc:
                if not self._put((index, exc)):
                    return
                continue
            if not self._put((index, _END)):
                return

    def _next(self) -> tuple[int, object]:
        if self._head is None:
            self._head = self._queue.get()
        return self._head

    def _pop(self) -> None:
        self._head = None

    def blocks(self, path: str, open_stream: Callable[[], BinaryIO]) -> Iterator[TextBlock]:
        wanted = self._order.get(path)
        if wanted is not None and wanted not in self._taken:
            # every listed file ends with an end marker or its error, so this never waits for
            # a file that will not come
            while True:
                index, _ = self._next()
                if index < wanted:
                    self._pop()  # a file the caller skipped, or the rest of one it gave up on
                    continue
                if index == wanted:
                    self._taken.add(wanted)
                    return self._take(wanted)
                break
        return read_file_blocks(open_stream, self._max_line_bytes)

    def _take(self, wanted: int) -> Iterator[TextBlock]:
        while True:
            index, item = self._next()
            if index != wanted:
                return
            self._pop()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
