"""The first bytes of a landed file, decoded just enough to recognise its format.

Vendors' files come with any name (Segment archives have none worth reading), gzipped or
not, in UTF-8 or UTF-16 (Google Ads' "Excel" CSV), comma- or tab-separated, or as Parquet:
all of it is read from the content, never from the name.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from touchline.landing.files import open_gzip

HEAD_BYTES = 256 * 1024
HEADER_SEARCH_ROWS = 20  # a header row is looked for among the first rows (preambles are short)

GZIP_MAGIC = b"\x1f\x8b"
_PARQUET_MAGIC = b"PAR1"


def open_bytes(path: Path) -> BinaryIO:
    """The file's decompressed bytes, whatever its name says."""
    handle = path.open("rb")
    magic = handle.read(2)
    handle.seek(0)
    if magic == GZIP_MAGIC:
        handle.close()
        return open_gzip(path)  # ISA-L, with gzip's own errors (landing/files.py)
    return handle


def sniff_encoding(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    sample = data[:200]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:
        return "utf-16-le"  # UTF-16 without a byte-order mark
    return "utf-8"


def decode_head(data: bytes, encoding: str) -> str:
    if encoding.startswith("utf-16") and len(data) % 2:
        data = data[:-1]
    return data.decode(encoding, errors="replace")


@dataclass(frozen=True)
class Head:
    """A file's beginning, as each container sees it."""

    parquet_columns: list[str] | None = None  # a Parquet file: its column names
    encoding: str = "utf-8"
    rows: tuple[tuple[str, list[str]], ...] = ()  # delimited text: (delimiter, fields) per first row
    first_record: dict[str, Any] | None = None  # JSON: the first record (a JSONL line or a document's)
    json_document: Any = None  # JSON: the whole document when the head holds all of it
    is_json: bool = False


def read_head(path: Path) -> Head:
    """Raises OSError / EOFError / zlib errors for unreadable files (the caller decides)."""
    with path.open("rb") as raw:
        if raw.read(4) == _PARQUET_MAGIC:
            import pyarrow.parquet as pq

            return Head(parquet_columns=list(pq.read_schema(path).names))
    with open_bytes(path) as stream:
        data = stream.read(HEAD_BYTES)
        complete = not stream.read(1)
    encoding = sniff_encoding(data)
    text = decode_head(data, encoding).lstrip("\ufeff")
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        return _json_head(text, complete, encoding)
    return Head(encoding=encoding, rows=_text_rows(text, complete))


def _json_head(text: str, complete: bool, encoding: str) -> Head:
    first_line = text.lstrip().split("\n", 1)[0]
    try:
        first = orjson.loads(first_line)
    except orjson.JSONDecodeError:
        first = None
    if isinstance(first, dict) and ("\n" in text.strip() or complete):
        return Head(encoding=encoding, first_record=first, is_json=True)
    document = None
    if complete:
        try:
            document = orjson.loads(text)
        except orjson.JSONDecodeError:
            document = None
    first = _first_of(document) if document is not None else _first_in_prefix(text)
    return Head(encoding=encoding, json_document=document, is_json=True, first_record=first)


def _first_in_prefix(text: str) -> dict[str, Any] | None:
    """The first record of a JSON document too big for the head (`{"orders": [{...}, ...`):
    the first object inside the first array, decoded on its own."""
    start = text.find("[")
    if start < 0:
        return None
    brace = text.find("{", start)
    if brace < 0 or text[start + 1 : brace].strip():
        return None
    try:
        record, _ = json.JSONDecoder().raw_decode(text, brace)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def _first_of(document: Any) -> dict[str, Any] | None:
    if isinstance(document, list):
        return document[0] if document and isinstance(document[0], dict) else None
    if isinstance(document, dict):
        for value in document.values():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                return value[0]
        return document
    return None


def _text_rows(text: str, complete: bool) -> tuple[tuple[str, list[str]], ...]:
    lines = text.splitlines()
    if not complete and lines:
        lines = lines[:-1]  # the last line may be cut in the middle
    rows: list[tuple[str, list[str]]] = []
    for line in lines[:HEADER_SEARCH_ROWS]:
        # a line of many tabs is a TSV even when its fields hold commas (Snowplow's enriched
        # events: 130 tabs, JSON contexts with more commas than that)
        tabs = line.count("\t")
        delimiter = "\t" if tabs > line.count(",") or tabs >= 50 else ","
        fields = next(csv.reader(io.StringIO(line), delimiter=delimiter), [])
        rows.append((delimiter, fields))
    return tuple(rows)
