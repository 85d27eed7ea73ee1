"""Bulk writes into raw.* and audit.quarantine: rows gathered in Python, inserted per chunk.

One INSERT ... SELECT over a registered Arrow table per chunk is orders of magnitude faster
than row-by-row inserts, which matters at the tens of millions of pixel events the loader
is benchmarked on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

# Rows gathered before one bulk insert: big enough to amortise the insert, small enough that
# a file of tens of millions of events never sits in memory whole.
CHUNK_ROWS = 200_000

_VIEW = "__touchline_landing_chunk"


@dataclass(frozen=True)
class Quarantined:
    line_number: int | None
    reason: str
    raw_record: str | None


@dataclass
class RowSink:
    """Collects one file's rows as tuples (in `schema` order) and inserts them in chunks."""

    con: duckdb.DuckDBPyConnection
    table: str  # raw table name, without schema
    schema: pa.Schema  # the columns after the lineage columns load_id and file_path
    load_id: int
    file_path: str
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    written: int = 0

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)

    def flush_if_full(self) -> None:
        if len(self.rows) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        columns = zip(*self.rows, strict=True)
        arrays = [pa.array(values, type=f.type) for values, f in zip(columns, self.schema, strict=True)]
        insert_arrow(
            self.con,
            f"raw.{self.table}",
            pa.Table.from_arrays(arrays, schema=self.schema),
            self.load_id,
            self.file_path,
        )
        self.written += len(self.rows)
        self.rows = []


QUARANTINE_SCHEMA = pa.schema([("line_number", pa.int64()), ("reason", pa.string()), ("raw_record", pa.string())])


@dataclass
class QuarantineSink:
    """Collects one file's unusable records for audit.quarantine, inserted in chunks."""

    con: duckdb.DuckDBPyConnection
    kind: str
    load_id: int
    file_path: str
    records: list[Quarantined] = field(default_factory=list)
    written: int = 0
    table: str = "audit.quarantine"  # or audit.dropped_lines: rows of a vendor's file that are not records

    def add(self, line_number: int | None, reason: str, raw_record: str | None) -> None:
        self.records.append(Quarantined(line_number, reason, raw_record))
        if len(self.records) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.records:
            return
        records = self.records
        table = pa.Table.from_arrays(
            [
                pa.array([r.line_number for r in records], pa.int64()),
                pa.array([r.reason for r in records], pa.string()),
                pa.array([r.raw_record for r in records], pa.string()),
            ],
            schema=QUARANTINE_SCHEMA,
        )
        self.con.register(_VIEW, table)
        try:
            self.con.execute(
                f"insert into {self.table} (load_id, kind, file_path, line_number, reason, raw_record) "
                f"select ?, ?, ?, line_number, reason, raw_record from {_VIEW}",
                [self.load_id, self.kind, self.file_path],
            )
        finally:
            self.con.unregister(_VIEW)
        self.written += len(records)
        self.records = []


def insert_arrow(con: duckdb.DuckDBPyConnection, target: str, table: pa.Table, load_id: int, file_path: str) -> None:
    names = ", ".join(table.schema.names)
    con.register(_VIEW, table)
    try:
        con.execute(
            f"insert into {target} (load_id, file_path, {names}) select ?, ?, {names} from {_VIEW}",
            [load_id, file_path],
        )
    finally:
        con.unregister(_VIEW)
