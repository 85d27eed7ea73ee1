"""Dagster's SQLite event writes with and without `sqlite_without_sync_per_event`.

    python bench/bench_dagster_sqlite.py --events 900 --repeat 2

Writes `--events` events the way Dagster's SQLite event log does (a new engine per write,
NullPool, one transaction, dispose; every other event, an asset event, is mirrored into the
index file too) into two WAL-mode files, once with SQLite's defaults and once inside
`touchline.commands.dagster_sqlite.sqlite_without_sync_per_event`, and prints wall and CPU
seconds with the load average (the machine is shared: the syncs' cost is waiting for the
disk, which the wall clock shows and the CPU time does not). A nightly build writes ~900.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from touchline.commands.dagster_sqlite import sqlite_without_sync_per_event

FILES = ("run.db", "index.db")


def _fresh(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in FILES:
        con = sqlite3.connect(folder / name)
        con.execute("pragma journal_mode = wal")
        con.execute("create table event_logs (id integer primary key, event text)")
        con.commit()
        con.close()


def _write_events(folder: Path, count: int) -> None:
    body = "x" * 2000  # about a serialized Dagster event
    for n in range(count):
        for name in FILES if n % 2 else FILES[:1]:
            engine = create_engine(f"sqlite:///{folder / name}", poolclass=NullPool)
            with engine.connect() as conn, conn.begin():
                conn.execute(text("insert into event_logs (event) values (:event)"), {"event": body})
            engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=900)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(args.repeat):
            for quiet in (False, True):
                folder = Path(scratch) / ("no_sync_per_event" if quiet else "default")
                _fresh(folder)
                load = os.getloadavg()[0]
                wall, cpu = time.perf_counter(), time.process_time()
                if quiet:
                    with sqlite_without_sync_per_event(folder):
                        _write_events(folder, args.events)
                else:
                    _write_events(folder, args.events)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                name = "without a sync per event" if quiet else "SQLite defaults"
                print(f"{name:<26} {args.events} events: {wall:6.2f} s wall, {cpu:5.2f} s CPU, load {load:.1f}")


if __name__ == "__main__":
    main()
