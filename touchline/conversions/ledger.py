"""The export ledger: what each destination was given, so an order is exported once per
destination and again only when its value changes.

The ledger cannot live in the warehouse: builds write a private build file and publish it by
a rename (touchline.warehouse.publish), so a row written into the published file would vanish at the
next publish, and writing it would lock analysts out (DuckDB: one writing process, and no
reader while it writes). So it is its own DuckDB file beside the warehouse
(`touchline.conversions.duckdb`), written only by `touchline conversions export` and `send`
under an exclusive lock. Each build copies it, under the same lock, into the build file as
`audit.conversion_exports` (a dbt source), which is how marts.conversion_events knows what
was sent; the export itself always decides from the ledger file, never from that copy.
"""

from __future__ import annotations

import contextlib
import fcntl
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

LOCK_WAIT_SECONDS = 600

EXPORTS_DDL = """
create table if not exists {catalog}conversion_exports (
    destination varchar not null,
    order_id varchar not null,
    event_id varchar not null,
    export_action varchar not null,   -- conversion, restatement, retraction
    value decimal(18, 4) not null,
    currency varchar not null,
    payload_hash varchar not null,    -- sha256 of the event's payload as written
    export_file varchar not null,
    exported_at timestamp not null
)
"""

DELIVERIES_DDL = """
create table if not exists {catalog}conversion_deliveries (
    destination varchar not null,
    export_file varchar not null,
    line_number integer not null,     -- the request body's line in the export file
    events integer not null,
    events_failed integer not null,
    http_status integer,
    status varchar not null,          -- delivered, partial, failed
    response varchar,
    delivered_at timestamp not null
)
"""


def ledger_path(warehouse: Path) -> Path:
    """The ledger file beside the warehouse: touchline.duckdb -> touchline.conversions.duckdb."""
    return warehouse.with_name(f"{warehouse.stem}.conversions{warehouse.suffix or '.duckdb'}")


@contextlib.contextmanager
def ledger_lock(warehouse: Path) -> Iterator[None]:
    """Exclusive lock on the ledger: one export or send at a time, and never while a build copies it."""
    lock_path = ledger_path(warehouse).with_name(ledger_path(warehouse).name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"another export or build holds {lock_path}; gave up waiting") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_ledger(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """A writing connection to the ledger (hold ledger_lock), its tables created if new."""
    con = duckdb.connect(str(ledger_path(warehouse)))
    con.execute(EXPORTS_DDL.format(catalog=""))
    con.execute(DELIVERIES_DDL.format(catalog=""))
    return con


def copy_into_build(build_con: duckdb.DuckDBPyConnection, warehouse: Path) -> int:
    """Replace audit.conversion_exports in the build file with the ledger's rows; returns how many."""
    build_con.execute("create schema if not exists audit")
    ledger = ledger_path(warehouse)
    with ledger_lock(warehouse):
        if not ledger.exists():
            # no export yet: dbt's on-run-start creates the empty copy (conversions_create_ledger_copy)
            build_con.execute("drop table if exists audit.conversion_exports")
            return 0
        build_con.execute("attach ? as conversions_ledger (read_only)", [str(ledger)])
        try:
            build_con.execute(
                "create or replace table audit.conversion_exports as select * from conversions_ledger.conversion_exports"
            )
        finally:
            build_con.execute("detach conversions_ledger")
    return build_con.execute("select count(*) from audit.conversion_exports").fetchone()[0]
