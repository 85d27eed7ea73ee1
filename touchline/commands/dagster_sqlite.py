"""Dagster's SQLite storage without an fsync per event: the largest fixed cost of a build.

A build's Dagster run writes ~900 events (a "planned" event per asset and check before the
first step, then each step's, materialization's and check result's) to the SQLite files of
the instance (`$DAGSTER_HOME/history/`). Dagster opens a new engine and connection for every
write and closes it after (`SqliteEventLogStorage._connect`), and SQLite then pays twice per
event: the commit syncs the write-ahead log to disk (`synchronous=FULL`, SQLite's default),
and the close of the last connection to a file checkpoints the log into the database and
syncs again. Profiled on a small nightly (docs/benchmarks.md), that was ~40 s of wall time on
a busy two-core machine, more than dbt's own work on that data.

`sqlite_without_sync_per_event(home)` changes both for the files under `home` while a build
runs, and nothing else Dagster does:

- every connection Dagster opens to them gets `synchronous=NORMAL`, the setting SQLite
  recommends with a write-ahead log: a commit is appended to the log without a sync, and the
  log is synced when it is checkpointed. The database cannot be corrupted by a crash of the
  process or of the machine; a power cut may lose the last events written, never the
  warehouse (DuckDB and the lake keep their own guarantees);
- one connection per file stays open until the build ends, so the closes in between are not
  the last and do not checkpoint; SQLite checkpoints automatically when the log reaches 1,000
  pages, and the last close, at the end of the build, checkpoints what is left.

A reader (`touchline ui`, another process) sees every committed event as before: the
write-ahead log is shared through its `-shm` index whatever the sync setting.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def sqlite_without_sync_per_event(home: Path) -> Iterator[None]:
    """While the block runs, SQLite files under `home` opened through SQLAlchemy commit
    without a sync and are not checkpointed at every close (module docstring)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    root = Path(home).resolve()
    keepers: dict[str, sqlite3.Connection] = {}
    lock = threading.Lock()

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        if not isinstance(dbapi_connection, sqlite3.Connection):
            return
        path = _main_file(dbapi_connection)
        if path is None or not path.is_relative_to(root):
            return
        dbapi_connection.execute("pragma synchronous = normal")
        with lock:
            if str(path) not in keepers and (keeper := _keeper(path)) is not None:
                keepers[str(path)] = keeper

    event.listen(Engine, "connect", on_connect)
    try:
        yield
    finally:
        event.remove(Engine, "connect", on_connect)
        with lock:
            for keeper in keepers.values():
                keeper.close()  # the last close checkpoints the log into the file
            keepers.clear()


def _main_file(connection: sqlite3.Connection) -> Path | None:
    for _seq, name, file in connection.execute("pragma database_list").fetchall():
        if name == "main" and file:
            return Path(file).resolve()
    return None


def _keeper(path: Path) -> sqlite3.Connection | None:
    # A read opens the log's shared index, which a connection holds until it closes: while it
    # is held, no other close is the last one, so none checkpoints. A file Dagster is creating
    # now is not in WAL mode yet (it switches it once its tables exist): no keeper for it
    # until a later connection finds it in WAL mode.
    keeper = sqlite3.connect(path, timeout=30, check_same_thread=False)
    try:
        if keeper.execute("pragma journal_mode").fetchone()[0] != "wal":
            keeper.close()
            return None
        keeper.execute("pragma synchronous = normal")
        keeper.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.Error:
        keeper.close()
        return None
    return keeper


@contextmanager
def one_engine_per_event_file(instance: Any) -> Iterator[None]:
    """While the block runs, the instance's SQLite event log opens one SQLAlchemy engine per
    file and reuses its connection, instead of a new engine, connection and schema check per
    event (`SqliteEventLogStorage._connect`: ~5 connections an event, ~5,000 a build).

    It also remembers which of the index file's tables exist, which Dagster asks before
    storing each asset event and check result (a new engine and connection every time).

    The same transactions and the same files: each write still commits on its own, so a
    reader (`touchline ui`) sees every event as before. Writes stay serialized by the
    storage's own lock, which is why one connection may serve the threads that log. Any other
    event storage (a `dagster.yaml` naming Postgres, say) is left as it is.
    """
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
    from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    storage = instance.event_log_storage
    if type(storage) is not SqliteEventLogStorage:
        yield
        return
    engines: dict[str, Any] = {}

    @contextmanager
    def connect(shard: str) -> Iterator[Any]:
        with storage._db_lock:
            engine = engines.get(shard)
            if engine is None:
                engine = create_engine(
                    storage.conn_string_for_shard(shard),
                    poolclass=StaticPool,  # one connection, kept open for the build
                    connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
                )
                if shard not in storage._initialized_dbs:
                    storage._initdb(engine)  # creates or upgrades the file, as Dagster's _connect
                    storage._initialized_dbs.add(shard)
                engines[shard] = engine
            with engine.connect() as conn, conn.begin():
                yield conn

    # Dagster asks whether an index table exists before storing every asset event and check
    # result, each time through a new engine and connection to the index file (268 times in a
    # 2 M nightly, 0.59 s of the build process under cProfile; too little to see in its wall
    # time: docs/benchmarks.md, issue 20 sixteenth round). A table that exists stays for the
    # build; one that does not is asked about again.
    tables: set[str] = set()
    has_table = storage.has_table

    def has_table_once_found(table_name: str) -> bool:
        if table_name not in tables and has_table(table_name):
            tables.add(table_name)
        return table_name in tables

    storage._connect = connect  # this instance only; Dagster's class is untouched
    storage.has_table = has_table_once_found
    try:
        yield
    finally:
        del storage._connect
        del storage.has_table
        for engine in engines.values():
            engine.dispose()
