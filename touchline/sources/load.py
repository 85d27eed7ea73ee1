"""Loading one file of a recognised vendor format: map, type and write its records.

The per-file promise holds as for canonical files: records read = records loaded + records
quarantined. A record is what the format calls one (a Shopify order and its line-item rows,
a report row, an event); rows that are not records (`Total:` rows, summary rows, footers) are
written to audit.dropped_lines with their reason instead, and are not counted as read.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import Any

import duckdb

from touchline.landing import audit
from touchline.landing.audit import FileOutcome
from touchline.landing.date_window import current_window
from touchline.landing.files import FileRejected, LandedFile
from touchline.landing.pixel import BotDetector
from touchline.landing.schema import KIND_TABLES
from touchline.landing.sink import QuarantineSink, RowSink
from touchline.landing.values import BadValue, raw_record_text
from touchline.sources.bulk_orders_sql import load_bulk_orders_sql
from touchline.sources.canonical import arrow_schema, typed_row
from touchline.sources.events_sql import load_events_sql
from touchline.sources.format import FileContext
from touchline.sources.orders_json_sql import load_orders_json_sql
from touchline.sources.orders_sql import load_orders_sql
from touchline.sources.readers import SourceRecord, json_records, parquet_records, table_records
from touchline.sources.recognise import Recognised
from touchline.sources.settings import source_settings
from touchline.sources.sql_path import load_spend_sql


def load_source_file(
    con: duckdb.DuckDBPyConnection, landed: LandedFile, recognised: Recognised, load_id: int, bots: BotDetector
) -> FileOutcome:
    fmt = recognised.format
    sinks = {
        kind: RowSink(con, KIND_TABLES[kind], arrow_schema(kind), load_id, landed.rel_path) for kind in fmt.outputs
    }
    quarantine = QuarantineSink(con, landed.kind, load_id, landed.rel_path)
    dropped = QuarantineSink(con, landed.kind, load_id, landed.rel_path, table="audit.dropped_lines")
    records = _records(landed, recognised)
    header = next(records, None) if fmt.container == "table" or recognised.parquet else []
    if header is None:
        raise FileRejected("empty file")
    context = FileContext(landed.rel_path, list(header) if isinstance(header, list) else [], source_settings())
    read = loaded = 0
    typed = load_spend_sql(con, landed, recognised, context, sinks["spend"]) if "spend" in sinks else None
    if typed is not None:  # DuckDB typed the plain rows; the mapping reads the others (sql_path.py)
        read = loaded = typed[0]
        records = typed[1]  # type: ignore[assignment]
    mapped = (
        load_orders_json_sql(con, landed, recognised, context, sinks["orders"], sinks["refunds"])
        if "orders" in sinks and "refunds" in sinks and fmt.container == "json"
        else None
    )
    if mapped is not None:  # DuckDB mapped the plain orders; Python maps the other records (orders_json_sql.py)
        read = loaded = mapped[0]
        records = mapped[1]  # type: ignore[assignment]
    events = load_events_sql(con, landed, recognised, sinks["pixel"], bots) if "pixel" in sinks else None
    if events is not None:  # DuckDB mapped the plain events; Python maps the other records (events_sql.py)
        read = loaded = events[0]
        records = events[1]  # type: ignore[assignment]
    folded = _folded(records, fmt.fold_key)  # type: ignore[arg-type]
    grouped = (
        load_orders_sql(con, landed, recognised, context, sinks["orders"], sinks["refunds"])
        or load_bulk_orders_sql(con, landed, recognised, sinks["orders"], sinks["refunds"])
        if "orders" in sinks and "refunds" in sinks
        else None
    )
    if (
        grouped is not None
    ):  # DuckDB mapped the plain orders; Python folds the other runs (orders_sql.py, bulk_orders_sql.py)
        read = loaded = grouped[0]
        folded = chain.from_iterable(_folded(run, fmt.fold_key) for run in grouped[1])
    # (this loop runs once per record of a year-long archive: the lookups it repeats are
    # bound once, and a record's mapping and typing share one handler, as they quarantine alike)
    drop, map_record, window = fmt.drop, fmt.map, current_window()
    for record in folded:
        # a footer need not have the header's width: drop rules see every row with cells
        if drop is not None and record.cells is not None:
            why = drop(record.fields, record.cells or [])
            if why is not None:
                dropped.add(record.line_number, why, raw_record_text(record.text()))
                continue
        read += 1
        if record.error is not None:
            quarantine.add(record.line_number, record.error, raw_record_text(record.text()))
            continue
        line_number = record.line_number
        try:
            rows = [
                (kind, typed_row(kind, out, line_number, bots, window))
                for kind, out in map_record(record.fields, context)
            ]
        except BadValue as exc:
            quarantine.add(line_number, str(exc), raw_record_text(record.text()))
            continue
        for kind, row in rows:
            sink = sinks[kind]
            sink.add(row)
            sink.flush_if_full()
        loaded += 1
    if read == 0 and dropped.written + len(dropped.records) == 0:
        raise FileRejected("empty file")
    for sink in sinks.values():
        sink.flush()
    quarantine.flush()
    dropped.flush()
    return FileOutcome(audit.LOADED, None, read, loaded, quarantine.written, source_format=fmt.name)


def _records(landed: LandedFile, recognised: Recognised) -> Iterator[SourceRecord | list[str]]:
    fmt = recognised.format
    if recognised.parquet:
        return parquet_records(landed.path, as_text=fmt.container == "table")
    if fmt.container == "table":
        return table_records(
            landed.path, recognised.encoding, recognised.delimiter, recognised.header_index, fmt.fixed_columns
        )
    return json_records(landed.path, fmt.json_root)


def _folded(records: Iterator[SourceRecord], fold_key: Any) -> Iterator[SourceRecord]:
    """Consecutive records with the same fold key as one record: the first row's fields,
    every row's raw text, and the rows themselves under `_rows` (for line-item sums).
    Without a fold key, the records themselves (not a generator passing each one on)."""
    return records if fold_key is None else _folding(records, fold_key)


def _folding(records: Iterator[SourceRecord], fold_key: Any) -> Iterator[SourceRecord]:
    group: list[SourceRecord] = []
    key: str | None = None
    for record in records:
        this = fold_key(record.fields) if record.error is None else None
        if group and (this is None or this != key):
            yield _fold(group)
            group = []
        if this is None:
            yield record
            continue
        group.append(record)
        key = this
    if group:
        yield _fold(group)


def _fold(group: list[SourceRecord]) -> SourceRecord:
    if len(group) == 1:
        first = group[0]
        return SourceRecord(first.line_number, {**first.fields, "_rows": [first.fields]}, first.text(), first.cells)
    first = group[0]
    fields = {**first.fields, "_rows": [record.fields for record in group]}
    return SourceRecord(first.line_number, fields, "\n".join(record.text() for record in group), first.cells)
