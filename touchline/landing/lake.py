"""The lake: every load the loader commits, as immutable Parquet files both engines read.

Layout (docs/architecture.md, "The lake"), beside the warehouse file `<name>.duckdb`:

    <warehouse folder>/<name>.lake/<schema>/<table>/load_id=<load_id>/part-0.parquet

for every table the loader writes (raw.*, audit.load_audit, audit.quarantine,
audit.dropped_lines). `load_id` is the hive partition column: it is in the directory name,
not in the files. A table gets a partition only for the loads that gave it rows; every load
has exactly one audit.load_audit partition, which is its commit mark.

How a load becomes visible: its partitions are written under `<name>.lake/_loading-<random>/`
(Spark and DuckDB's hive readers skip names starting with `_`), each file synced, then
renamed into place one directory at a time (a rename is atomic; a rename onto a partition
that exists fails, so nothing visible is ever rewritten), the raw and quarantine partitions
first and its audit.load_audit partition last. A load without its audit.load_audit partition
is not committed: `clean` (run by the loader before anything else, under the build lock)
deletes such partitions and any `_loading-` folder a killed loader left.

The build file (DuckDB) and the lake hold the same loads: the loader writes a group of files
into the build file in one transaction and, once committed, into the lake. `sync` brings the
two together at the start of every loader run: loads the build file has and the lake lacks (a
warehouse built before the lake existed, a loader killed between its commit and the lake)
are written to the lake; loads the lake has and the build file lacks (a build file replaced by
a copy of an older published file) are copied into the build file.

Types: timestamps are written as Parquet TIMESTAMP(isAdjustedToUTC=true, MICROS), DuckDB's
TIMESTAMPTZ, which Spark reads as its TIMESTAMP (an instant) in every version; the naive
TIMESTAMP that the DuckDB tables hold (UTC) would be read by Spark 3.4+ as TIMESTAMP_NTZ.
Money stays DECIMAL(18,4) and rates DECIMAL(18,10) (Parquet DECIMAL on INT64).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path

import duckdb

from touchline.durable import fsync_path
from touchline.landing.schema import AUDIT_TABLES, RAW_TABLES

# Every table in the lake, data tables first: load_audit, the commit mark, is renamed last.
COMMIT_TABLE = "audit.load_audit"
LAKE_TABLES: list[str] = (
    [f"raw.{name}" for name in RAW_TABLES]
    + [f"audit.{name}" for name in AUDIT_TABLES if f"audit.{name}" != COMMIT_TABLE]
    + [COMMIT_TABLE]
)

_STAGING_PREFIX = "_loading-"
_PARTITION_PREFIX = "load_id="
# Loads written per COPY when a whole history is written at once (a warehouse from before
# the lake): bounds the files DuckDB keeps open and the rows it holds per statement.
_BACKFILL_LOADS = 256


class LakeDiverged(RuntimeError):
    """The lake and the build file number their loads differently (one of them was rebuilt)."""


def lake_path(warehouse: Path) -> Path:
    """The lake of the warehouse at `warehouse` (the published file's path): beside it, named
    after it (`touchline.duckdb` -> `touchline.lake`), so two warehouses in one folder keep
    two lakes."""
    warehouse = Path(warehouse)
    return warehouse.with_name(f"{warehouse.stem}.lake")


def table_path(root: Path, table: str) -> Path:
    schema, name = table.split(".")
    return root / schema / name


def partition_path(root: Path, table: str, load_id: int) -> Path:
    return table_path(root, table) / f"{_PARTITION_PREFIX}{load_id}"


def committed_loads(root: Path) -> set[int]:
    """The load ids whose audit.load_audit partition is in place (the committed loads)."""
    return _partition_ids(table_path(root, COMMIT_TABLE))


def _partition_ids(folder: Path) -> set[int]:
    if not folder.is_dir():
        return set()
    ids = set()
    for entry in os.scandir(folder):
        if entry.name.startswith(_PARTITION_PREFIX) and entry.is_dir():
            ids.add(int(entry.name[len(_PARTITION_PREFIX) :]))
    return ids


def clean(root: Path) -> int:
    """Delete what a killed loader left: `_loading-` folders and partitions of loads that were
    never committed (no audit.load_audit partition). Returns how many partitions went."""
    if not root.is_dir():
        return 0
    for entry in os.scandir(root):
        if entry.name.startswith(_STAGING_PREFIX):
            shutil.rmtree(entry.path)
    committed = committed_loads(root)
    removed = 0
    for table in LAKE_TABLES[:-1]:
        for load_id in _partition_ids(table_path(root, table)) - committed:
            shutil.rmtree(partition_path(root, table, load_id))
            removed += 1
    return removed


def discard(root: Path) -> None:
    """Remove the whole lake (a full refresh numbers every load again): renamed away first, so
    no reader ever sees a lake half deleted."""
    if not root.exists():
        return
    trash = root.with_name(f"{root.name}.discarded-{uuid.uuid4().hex}")
    os.rename(root, trash)
    shutil.rmtree(trash)


def write_loads(con: duckdb.DuckDBPyConnection, root: Path, load_ids: Iterable[int]) -> None:
    """Write the rows `con` holds for `load_ids` into the lake, each load made visible whole."""
    ids = sorted(set(load_ids))
    if not ids:
        return
    staging = root / f"{_STAGING_PREFIX}{uuid.uuid4().hex}"
    staging.mkdir(parents=True)
    where = " or ".join(f"load_id between {first} and {last}" for first, last in _runs(ids))
    for table in LAKE_TABLES:
        target = table_path(staging, table)
        target.parent.mkdir(exist_ok=True)
        con.execute(
            f"copy (select {_utc_columns(_columns(con, table))} from {table} where {where}) to '{_sql_path(target)}' "
            "(format parquet, partition_by (load_id), filename_pattern 'part-{i}', compression zstd)"
        )
    for table in LAKE_TABLES:
        _publish_partitions(table_path(staging, table), table_path(root, table))
    shutil.rmtree(staging)


def _publish_partitions(staged: Path, final: Path) -> None:
    if not staged.is_dir():
        return
    final.mkdir(parents=True, exist_ok=True)
    for partition in sorted(staged.iterdir(), key=lambda p: int(p.name[len(_PARTITION_PREFIX) :])):
        for part in partition.iterdir():
            fsync_path(part)
        fsync_path(partition)
        # os.rename onto an existing non-empty partition fails: a visible load is never rewritten.
        os.rename(partition, final / partition.name)
    fsync_path(final)


def _runs(ids: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for load_id in ids:
        if runs and runs[-1][1] == load_id - 1:
            runs[-1] = (runs[-1][0], load_id)
        else:
            runs.append((load_id, load_id))
    return runs


def import_loads(con: duckdb.DuckDBPyConnection, root: Path, load_ids: Iterable[int]) -> None:
    """Copy the lake's rows of `load_ids` into the tables behind `con` (in the caller's
    transaction)."""
    ids = sorted(set(load_ids))
    for table in LAKE_TABLES:
        files = [
            str(part)
            for load_id in ids
            if (partition := partition_path(root, table, load_id)).is_dir()
            for part in sorted(partition.glob("*.parquet"))
        ]
        if not files:
            continue
        source = "read_parquet(?, hive_partitioning = true, hive_types = {'load_id': bigint}, union_by_name = true)"
        in_files = {name for (name, *_) in con.execute(f"describe select * from {source}", [files]).fetchall()}
        # a column the table gained after these files were written stays null for them
        columns = [(name, data_type) for name, data_type in _columns(con, table) if name in in_files]
        con.execute(f"insert into {table} by name select {_utc_columns(columns)} from {source}", [files])


def sync(con: duckdb.DuckDBPyConnection, root: Path) -> tuple[int, int]:
    """Make the lake and the build file behind `con` hold the same loads; returns (loads
    written to the lake, loads copied into the build file)."""
    clean(root)
    in_lake = committed_loads(root)
    in_file = {load_id for (load_id,) in con.execute("select load_id from audit.load_audit").fetchall()}
    _check_same_history(con, root, in_lake & in_file)
    missing_in_lake = sorted(in_file - in_lake)
    for start in range(0, len(missing_in_lake), _BACKFILL_LOADS):
        write_loads(con, root, missing_in_lake[start : start + _BACKFILL_LOADS])
    missing_in_file = sorted(in_lake - in_file)
    if missing_in_file:
        con.execute("begin transaction")
        try:
            import_loads(con, root, missing_in_file)
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    return len(missing_in_lake), len(missing_in_file)


def _check_same_history(con: duckdb.DuckDBPyConnection, root: Path, common: set[int]) -> None:
    """The newest load both hold must be the same file: otherwise one side was rebuilt by a
    full refresh (load ids numbered again) and the other was not."""
    if not common:
        return
    newest = max(common)
    key = "file_path, content_hash, status"
    [lake_row] = con.execute(
        f"select {key} from read_parquet(?)", [str(partition_path(root, COMMIT_TABLE, newest) / "*.parquet")]
    ).fetchall()
    file_row = con.execute(f"select {key} from audit.load_audit where load_id = ?", [newest]).fetchall()
    if [lake_row] != file_row:
        raise LakeDiverged(
            f"the lake at {root} and the build file disagree on load {newest} ({lake_row[0]} vs "
            f"{file_row[0][0] if file_row else 'nothing'}): one of them was rebuilt; run "
            "`touchline build --full-refresh` to load every file again into both"
        )


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    schema, name = table.split(".")
    return con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_catalog = current_database() and table_schema = ? and table_name = ? order by ordinal_position",
        [schema, name],
    ).fetchall()


def _utc_columns(columns: list[tuple[str, str]]) -> str:
    """The select list that turns a naive UTC TIMESTAMP into the same instant as TIMESTAMPTZ
    (export), or such an instant back into naive UTC (import): timezone('UTC', x) does both,
    whatever the session's TimeZone (a plain cast would apply it)."""
    return ", ".join(
        f"timezone('UTC', {name}) as {name}" if data_type == "TIMESTAMP" else name for name, data_type in columns
    )


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
