"""Loading one landed file in one transaction: its raw rows, quarantine rows and audit row."""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from touchline.landing import audit
from touchline.landing.audit import FileOutcome
from touchline.landing.csv_kinds import CSV_KINDS, CsvKind
from touchline.landing.csv_load import load_csv_stream
from touchline.landing.csv_sql import MAX_FAST_BYTES, load_csv_bytes_sql
from touchline.landing.files import FileRejected, LandedFile, open_landed, read_error_reason
from touchline.landing.pixel import PIXEL_SCHEMA, BotDetector
from touchline.landing.pixel_sql import load_pixel_blocks_sql
from touchline.landing.schema import KIND_TABLES
from touchline.landing.sink import QuarantineSink, RowSink
from touchline.landing.text_blocks import BlockPrefetcher, read_file_blocks
from touchline.settings import ConfigError
from touchline.sources.load import load_source_file
from touchline.sources.recognise import Recognised, unrecognised_reason


class GroupAborted(Exception):
    """A file failed inside a transaction shared with other files (see load.py): the caller
    rolls the group back and loads its files again, each in a transaction of its own."""


def load_file(
    con: duckdb.DuckDBPyConnection,
    landed: LandedFile,
    load_id: int,
    content_hash: str,
    bots: BotDetector,
    source: Recognised | None,
    *,
    own_transaction: bool = True,
    prefetcher: BlockPrefetcher | None = None,
) -> FileOutcome:
    """Load `landed` all or nothing; a file that can't be read is recorded as rejected.

    Never raises for bad input in its own transaction: whatever goes wrong inside one file is
    that file's reason, and the caller goes on with the next file. Inside a caller's
    transaction (`own_transaction=False`) a failure raises GroupAborted instead, since the
    file's partial rows can only be undone with the whole transaction.
    """
    # `source`: the vendor format (Shopify, Google Ads, Segment, ...) recognised from the
    # file's content (sources/recognise.py), None for the landing contract's own files.
    if source is None and not landed.supported:
        return _reject(con, landed, load_id, content_hash, unrecognised_reason(landed, None))
    if own_transaction:
        con.execute("begin transaction")
    try:
        if source is not None:
            with _gc_paused():  # a vendor's records hold no reference cycles either
                outcome = load_source_file(con, landed, source, load_id, bots)
        else:
            outcome = _load_records(con, landed, load_id, bots, prefetcher)
        audit.record(con, load_id, landed.rel_path, content_hash, landed.kind, outcome)
        if own_transaction:
            con.execute("commit")
        return outcome
    except FileRejected as exc:
        if not own_transaction:
            raise GroupAborted(landed.rel_path) from exc
        reason = str(exc)
        if source is None and reason.startswith(("no header row", "missing required columns")):
            reason = unrecognised_reason(landed, reason)
    except ConfigError:
        raise  # a bad setting (TOUCHLINE_ACCOUNT_CURRENCIES) is the user's to fix, not the file's
    except Exception as exc:
        if not own_transaction:
            raise GroupAborted(landed.rel_path) from exc
        reason = read_error_reason(exc) or f"unexpected error: {type(exc).__name__}: {exc}"
    con.execute("rollback")
    return _reject(con, landed, load_id, content_hash, reason)


def _reject(
    con: duckdb.DuckDBPyConnection, landed: LandedFile, load_id: int, content_hash: str, reason: str
) -> FileOutcome:
    outcome = FileOutcome(audit.REJECTED, reason)
    audit.record(con, load_id, landed.rel_path, content_hash, landed.kind, outcome)
    return outcome


def _load_records(
    con: duckdb.DuckDBPyConnection,
    landed: LandedFile,
    load_id: int,
    bots: BotDetector,
    prefetcher: BlockPrefetcher | None,
) -> FileOutcome:
    table = KIND_TABLES[landed.kind]
    quarantine = QuarantineSink(con, landed.kind, load_id, landed.rel_path)
    typed_in_sql = 0
    with _gc_paused():
        if landed.kind == "pixel":
            rows = RowSink(con, table, PIXEL_SCHEMA, load_id, landed.rel_path)
            if prefetcher is not None:
                blocks = prefetcher.blocks(landed.rel_path, lambda: open_landed(landed))
            else:
                blocks = read_file_blocks(lambda: open_landed(landed))
            read, typed_in_sql = load_pixel_blocks_sql(con, blocks, rows, quarantine, bots)
            if read == 0:
                raise FileRejected("empty file")
        else:
            kind = CSV_KINDS[landed.kind]
            rows = RowSink(con, table, kind.arrow_schema(), load_id, landed.rel_path)
            read, typed_in_sql = _load_csv(con, landed, kind, rows, quarantine)
        rows.flush()
        quarantine.flush()
    return FileOutcome(audit.LOADED, None, read, rows.written + typed_in_sql, quarantine.written, "touchline")


def _load_csv(
    con: duckdb.DuckDBPyConnection, landed: LandedFile, kind: CsvKind, rows: RowSink, quarantine: QuarantineSink
) -> tuple[int, int]:
    """(records read, rows typed by DuckDB): the fast path when the file allows it, else the
    Python reader (csv_sql.py says which files)."""
    with open_landed(landed) as stream:
        data = stream.read(MAX_FAST_BYTES + 1)
        if len(data) <= MAX_FAST_BYTES:
            typed = load_csv_bytes_sql(con, data, kind, rows, quarantine)
            if typed is not None:
                return typed
            return load_csv_stream(io.BytesIO(data), kind, rows, quarantine), 0
    with open_landed(landed) as stream:
        return load_csv_stream(stream, kind, rows, quarantine), 0


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic GC while a file is parsed.

    A chunk keeps ~200k row tuples alive, which makes the GC rescan them over and over (a
    third of the parse time); they hold no reference cycles, so nothing is lost meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
