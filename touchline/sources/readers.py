"""Reading a recognised file record by record, whatever its container.

Each record comes with the line (or row) it starts on and its raw text, so that a record the
mapping cannot use is quarantined like a canonical file's (landing.md "Bad input").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson

from touchline.landing.csv_load import _LineTap, take_oversized
from touchline.landing.files import FileRejected
from touchline.landing.record_limit import current_limit, oversized_reason, oversized_text
from touchline.sources.head import open_bytes


@dataclass(slots=True)  # one per record of a year-long archive: no per-object __dict__
class SourceRecord:
    line_number: int
    fields: Mapping[str, Any]  # header name -> cell (tables) or the JSON object
    raw: str  # the record's text, for audit.quarantine
    cells: list[str] | None = None  # a table row's cells in header order
    error: str | None = None  # why the record can't be read at all (malformed row, invalid JSON)
    source: Any = None  # a JSON document's item: `raw` is made from it only when asked (text())
    line: bytes | None = None  # a JSON line's bytes: `raw` is decoded from them only when asked

    def text(self) -> str:
        """The record's raw text (a document's item serialised, a JSON line decoded, on demand:
        most records are never quarantined)."""
        if not self.raw:
            if self.source is not None:
                self.raw = orjson.dumps(self.source).decode()
            elif self.line is not None:
                self.raw = self.line.decode("utf-8", "backslashreplace")
        return self.raw


def table_records(
    path: Path, encoding: str, delimiter: str, header_index: int, fixed_columns: tuple[str, ...] = ()
) -> Iterator[SourceRecord | list[str]]:
    """The header row (first item, a list of names), then one SourceRecord per non-blank row.
    A header-less table (`fixed_columns`) is unquoted: every row is data."""
    stream = open_bytes(path)
    with stream:
        text = io.TextIOWrapper(stream, encoding=encoding, errors="surrogateescape", newline="")
        tap = _LineTap(text)
        if fixed_columns:
            reader = csv.reader(tap, delimiter=delimiter, quoting=csv.QUOTE_NONE)
        else:
            reader = csv.reader(tap, delimiter=delimiter)
        header: list[str] | None = list(fixed_columns) if fixed_columns else None
        if header is not None:
            keys = [name.lower() for name in header]
            yield header
        rows_seen = 0
        while True:
            if header is not None:  # lines over the record limit, quarantined by their length
                for number, reason, raw_text in take_oversized(tap):
                    yield SourceRecord(number, {}, raw_text, error=reason)
            line_number = tap.lines_read + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if header is None:
                    raise FileRejected(f"malformed header: {exc}") from None
                yield SourceRecord(line_number, {}, tap.take(), error=f"malformed CSV row: {exc}")
                continue
            raw = tap.take()
            if header is None:
                if rows_seen == header_index:
                    header = [name.strip().lstrip("\ufeff") for name in cells]
                    keys = [name.lower() for name in header]
                    yield header
                rows_seen += 1
                continue
            if not cells or all(not cell.strip() for cell in cells):
                continue
            fields = dict(zip(keys, cells, strict=False))
            error = None
            if len(cells) != len(header):
                error = f"wrong number of fields (expected {len(header)}, got {len(cells)})"
            yield SourceRecord(line_number, fields, raw, cells=cells, error=error)
        if header is None:
            raise FileRejected("empty file")
        for number, reason, raw_text in take_oversized(tap):
            yield SourceRecord(number, {}, raw_text, error=reason)


def line_records(rest: Iterable[tuple[int, int, str]], keys: list[str], **dialect: Any) -> Iterator[SourceRecord]:
    """Lines a DuckDB path left to Python, as (line number, bytes without the line end, text
    without it), read one by one as table_records reads them (`dialect`: csv.reader's)."""
    limit = current_limit()
    for number, size, line in rest:
        if size > limit:
            yield SourceRecord(number, {}, oversized_text(line.encode("utf-8"), size), error=oversized_reason(limit))
            continue
        try:
            cells = next(csv.reader([line], **dialect), [])
        except csv.Error as exc:
            yield SourceRecord(number, {}, line, error=f"malformed CSV row: {exc}")
            continue
        if not cells or all(not cell.strip() for cell in cells):
            continue
        error = None
        if len(cells) != len(keys):
            error = f"wrong number of fields (expected {len(keys)}, got {len(cells)})"
        yield SourceRecord(number, dict(zip(keys, cells, strict=False)), line, cells=cells, error=error)


def parquet_records(path: Path, *, as_text: bool = True) -> Iterator[SourceRecord | list[str]]:
    """The column names, then one record per row: cells as text keyed by lowercased column
    names (a table format), or the row's values as they are, nested ones included (a JSON
    format stored as Parquet)."""
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    yield list(parquet.schema_arrow.names)
    row_number = 0
    for batch in parquet.iter_batches(batch_size=65_536):
        for row in batch.to_pylist():
            row_number += 1
            if not as_text:
                yield SourceRecord(row_number, row, orjson.dumps(row, default=str).decode())
                continue
            fields = {name.strip().lower(): _cell_text(value) for name, value in row.items()}
            yield SourceRecord(row_number, fields, orjson.dumps(fields).decode(), cells=list(fields.values()))


def _cell_text(value: Any) -> str:
    """A Parquet value as the text a CSV export would hold (exact for decimals)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def json_records(path: Path, json_root: str | None) -> Iterator[SourceRecord]:
    """JSON lines (one object per line), or one JSON document: an array of records or an
    object holding them under `json_root` (a REST page such as `{"orders": [...]}`)."""
    with open_bytes(path) as stream:
        first = stream.readline()
        while first and not first.strip():
            first = stream.readline()
        if not json_is_lines(first, json_root):
            yield from streamed_document(path, first, json_root)
            return
        limit = current_limit()
        line_number = 1
        for line in _prepend(first, _split_lines(stream)):
            record = json_line_record(line_number, line, limit)
            if record is not None:
                yield record
            line_number += 1


def json_is_lines(first: bytes, json_root: str | None) -> bool:
    """Whether a JSON file is JSON lines, from its first non-blank line (else one document)."""
    try:
        head = orjson.loads(first) if first else None
    except orjson.JSONDecodeError:
        return False
    if json_root is not None and isinstance(head, dict) and isinstance(head.get(json_root), list):
        return False  # a compact page `{"orders": [...]}` on one line is a document
    return head is None or isinstance(head, dict)


def json_line_record(line_number: int, line: bytes, limit: int) -> SourceRecord | None:
    """The record of one line of a JSON-lines file (its newline included or not), or None
    for a blank line."""
    line = line.rstrip(b"\r\n")
    if len(line) > limit:  # quarantined by its length alone, never parsed (docs/landing.md)
        return SourceRecord(line_number, {}, oversized_text(line[:65_536], len(line)), error=oversized_reason(limit))
    # Parsed first: orjson refuses an empty or all-whitespace line, so only a line it refuses
    # is tested for blankness (strip() copies the line: once per record otherwise).
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError:
        if not line.strip():
            return None
        return SourceRecord(line_number, {}, "", error="invalid JSON", line=line)
    if type(obj) is not dict:  # (orjson's objects are dicts, never a subclass)
        return SourceRecord(line_number, {}, "", error="not a JSON object", line=line)
    return SourceRecord(line_number, obj, "", line=line)


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


_BLOCK_BYTES = 16 * 1024 * 1024


def _split_lines(stream: Any) -> Iterator[bytes]:
    """The stream's lines, without their b"\\n", as readline() reads them (a last line without
    one included), split a block at a time in C rather than one readline() call per line.
    A line longer than a block is gathered from its pieces, never copied once per block."""
    pieces: list[bytes] = []  # the start of a line that runs past the blocks read so far
    while True:
        data = stream.read(_BLOCK_BYTES)
        if not data:
            break
        lines = data.split(b"\n")
        if len(lines) == 1:
            pieces.append(data)
            continue
        if pieces:
            pieces.append(lines[0])
            lines[0] = b"".join(pieces)
            pieces = []
        last = lines.pop()
        if last:
            pieces.append(last)
        yield from lines
    if pieces:
        yield b"".join(pieces)


def streamed_document(path: Path, first: bytes, json_root: str | None) -> Iterator[SourceRecord]:
    """A JSON document's records one at a time (ijson): the items of a top-level array, or of
    the `json_root` array of a top-level object. A document of another shape (one object, a
    root without the list) is small by nature and read whole as before."""
    import ijson

    opening = first.lstrip()[:1]
    if opening == b"[":
        prefix = "item"
    elif opening == b"{" and json_root is not None:
        prefix = f"{json_root}.item"
    else:
        prefix = None
    yielded = 0
    if prefix is not None:
        with open_bytes(path) as stream:
            try:
                for yielded, item in enumerate(ijson.items(stream, prefix, use_float=True), start=1):
                    if not isinstance(item, dict):
                        yield SourceRecord(yielded, {}, orjson.dumps(item).decode(), error="not a JSON object")
                    else:
                        yield SourceRecord(yielded, item, "", source=item)
            except ijson.JSONError as exc:
                raise FileRejected(f"invalid JSON document: {exc}") from None
    if yielded == 0:
        with open_bytes(path) as stream:
            yield from _document_records(stream.read(), json_root)


def _document_records(data: bytes, json_root: str | None) -> Iterator[SourceRecord]:
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise FileRejected(f"invalid JSON document: {exc}") from None
    if isinstance(document, dict) and json_root is not None and isinstance(document.get(json_root), list):
        items = document[json_root]
    elif isinstance(document, list):
        items = document
    else:
        items = [document]
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            yield SourceRecord(index, {}, orjson.dumps(item).decode(), error="not a JSON object")
        else:
            yield SourceRecord(index, item, "", source=item)
