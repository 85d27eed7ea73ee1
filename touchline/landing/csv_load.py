"""CSV exports (orders, refunds, spend, fx) -> raw.* (+ audit.quarantine)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any, BinaryIO

from touchline.landing.csv_kinds import Column, CsvKind
from touchline.landing.files import FileRejected
from touchline.landing.record_limit import current_limit, oversized_reason, oversized_text
from touchline.landing.sink import QuarantineSink, RowSink
from touchline.landing.values import (
    RAW_RECORD_MAX_CHARS,
    BadValue,
    may_hold_email,
    raw_record_text,
    redact_emails,
)


class _LineTap:
    """Feeds physical lines to csv.reader and remembers them, so that every record knows
    the line it starts on and its raw text (a quoted field may span several lines).

    A line longer than the record limit is read past in bounded pieces, never held whole: the
    reader gets an empty line in its place and `oversized` its number, size and first bytes."""

    def __init__(self, text: io.TextIOWrapper, limit: int | None = None) -> None:
        self._text = text
        self.limit = current_limit() if limit is None else limit
        self.lines_read = 0
        self.pending: list[str] = []
        self.oversized: list[tuple[int, int, bytes]] = []

    def __iter__(self) -> Iterator[str]:
        readline, limit = self._text.readline, self.limit
        while True:
            line = readline(limit + 1)  # characters: never fewer than the line's bytes
            if not line:
                return
            self.lines_read += 1
            if len(line) > limit // 4:
                size = _byte_length(line)
                if len(line) > limit and not line.endswith(("\n", "\r")):
                    prefix = line[:RAW_RECORD_MAX_CHARS].encode("utf-8", "surrogateescape")
                    while not line.endswith(("\n", "\r")):
                        line = readline(_SKIP_CHARS)
                        if not line:
                            break
                        size += _byte_length(line)
                    self.oversized.append((self.lines_read, size, prefix))
                    yield "\n"
                    continue
                if size > limit:
                    self.oversized.append((self.lines_read, size, line.encode("utf-8", "surrogateescape")))
                    yield "\n"
                    continue
            self.pending.append(line)
            yield line

    def take(self) -> str:
        text = "".join(self.pending)
        self.pending = []
        return text.rstrip("\r\n")


_SKIP_CHARS = 1024 * 1024


def _byte_length(line: str) -> int:
    """UTF-8 bytes of a physical line without its line ending."""
    return len(line.rstrip("\r\n").encode("utf-8", "surrogateescape"))


def take_oversized(tap: _LineTap) -> list[tuple[int, str, str]]:
    """(line number, reason, raw text) of the lines over the limit the tap read past since
    the last call."""
    taken = [
        (line_number, oversized_reason(tap.limit), oversized_text(prefix, size))
        for line_number, size, prefix in tap.oversized
    ]
    tap.oversized = []
    return taken


def _quarantine_oversized(tap: _LineTap, quarantine: QuarantineSink) -> int:
    taken = take_oversized(tap)
    for line_number, reason, raw in taken:
        quarantine.add(line_number, reason, raw)
    return len(taken)


Plan = tuple[tuple[Column, int | None], ...]  # each column and its field index (None: absent)


def resolve_header(header: list[str], kind: CsvKind) -> Plan:
    """Match header names to the kind's columns, or reject the file with the reason."""
    names = [name.strip().lower() for name in header]
    expected = {column.name for column in kind.columns}
    if not expected.intersection(names):
        raise FileRejected(
            f"no header row: the first line names none of the expected columns ({', '.join(kind.required)})"
        )
    missing = [name for name in kind.required if name not in names]
    if missing:
        raise FileRejected(f"missing required columns: {', '.join(missing)}")
    duplicated = sorted({name for name in names if name in expected and names.count(name) > 1})
    if duplicated:
        raise FileRejected(f"duplicate columns: {', '.join(duplicated)}")
    return tuple((column, names.index(column.name) if column.name in names else None) for column in kind.columns)


def load_csv_stream(stream: BinaryIO, kind: CsvKind, rows: RowSink, quarantine: QuarantineSink) -> int:
    """Parse a CSV export into `rows` or `quarantine`; return the records read (header excluded)."""
    # surrogateescape keeps undecodable bytes as markers, so one bad row is quarantined
    # instead of the whole file failing to decode.
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    tap = _LineTap(text, current_limit())
    reader = csv.reader(tap)
    header = _first_row(reader, tap)
    if header is None:
        raise FileRejected("empty file")
    plan = resolve_header(header, kind)
    width = len(header)
    targets = kind.targets
    read = 0
    while True:
        read += _quarantine_oversized(tap, quarantine)
        line_number = tap.lines_read + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            read += 1
            quarantine.add(line_number, f"malformed CSV row: {exc}", raw_record_text(tap.take()))
            continue
        raw = tap.take()
        if _is_blank(fields):
            continue  # blank lines are not records
        read += 1
        try:
            row = _parse_row(fields, raw, width, plan, targets)
        except BadValue as exc:
            quarantine.add(line_number, str(exc), raw_record_text(raw))
            continue
        rows.add((line_number, *row))
        rows.flush_if_full()
    return read + _quarantine_oversized(tap, quarantine)


def parse_record_line(
    line_number: int,
    text: str,
    width: int,
    plan: Plan,
    targets: tuple[str, ...],
    rows: RowSink,
    quarantine: QuarantineSink,
) -> int:
    """One physical line that holds a whole record (or a blank), as load_csv_stream treats
    it; return the records it holds (0 or 1). For the DuckDB fast path's leftover rows."""
    try:
        fields = next(csv.reader([text]), [])
    except csv.Error as exc:
        quarantine.add(line_number, f"malformed CSV row: {exc}", raw_record_text(text))
        return 1
    if _is_blank(fields):
        return 0
    try:
        row = _parse_row(fields, text, width, plan, targets)
    except BadValue as exc:
        quarantine.add(line_number, str(exc), raw_record_text(text))
        return 1
    rows.add((line_number, *row))
    rows.flush_if_full()
    return 1


def _first_row(reader: Iterator[list[str]], tap: _LineTap) -> list[str] | None:
    for fields in reader:
        tap.take()
        if not _is_blank(fields):
            return fields
    return None


def _is_blank(fields: list[str]) -> bool:
    return not fields or (len(fields) == 1 and not fields[0].strip())


def _parse_row(fields: list[str], raw: str, width: int, plan: Plan, targets: tuple[str, ...]) -> tuple[Any, ...]:
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        raise BadValue("undecodable UTF-8 bytes") from None
    if len(fields) != width:
        raise BadValue(f"wrong number of fields (expected {width}, got {len(fields)})")
    values: dict[str, Any] = {}
    for column, index in plan:
        cell = fields[index] if index is not None else ""
        if not cell or cell.isspace():  # empty strings are nulls
            if column.required:
                raise BadValue(f"missing required value: {column.name}")
            value = column.default
        else:
            value = column.parse(cell, column.name)
        if values.get(column.target) is None:
            values[column.target] = value
    if may_hold_email(raw):
        return tuple(redact_emails(v) if type(v) is str else v for v in (values[t] for t in targets))
    return tuple(values[t] for t in targets)
