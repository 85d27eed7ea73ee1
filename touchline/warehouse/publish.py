"""The build file and the published file: analysts are never locked out by a build.

DuckDB lets one process write a file, and while it writes no other process can open it, not
even read-only. So the build never writes the file analysts open: it writes a private build
file beside it (`touchline.building.duckdb` next to `touchline.duckdb`), and when the whole
build has succeeded it publishes it by an atomic rename. Analysts who have the old file open
keep reading it; new connections see the new build; a failed build publishes nothing.

Publishing must not cost a copy of the whole warehouse every night (gigabytes for a store
with a few months of events), so on Linux the two files swap names in one atomic
`renameat2(RENAME_EXCHANGE)`: the new build becomes the published file and the previous
published file becomes the next build file, one build behind. The next build catches it up
by copying, from the published file, the rows of the loads it lacks (`catch_up`); dbt's
incremental models then process those loads together with the new ones, which gives the same
tables as building them one at a time. A marker file beside the build file says it is one
build behind. Where the swap is not possible (another OS or file system), or the old file is
still open in an analyst's session, or the two files' load histories diverged (a full
refresh), the build file is a fresh copy of the published one instead, as on a first build.

Readers: a DuckDB connection reads the file that was published when it was opened, for as
long as it stays open. `connect_published` opens the newest published file every time (a
plain `duckdb.connect(path)` in a process that still holds a connection to that path hands
back the database it already has open: the previous build).
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

import duckdb

from touchline import settings
from touchline.landing.schema import AUDIT_TABLES, RAW_TABLES
from touchline.warehouse.files_in_use import is_open_elsewhere

# Every table the loader writes carries the load_id of the file its rows came from.
LOADER_TABLES = [f"raw.{name}" for name in RAW_TABLES] + [f"audit.{name}" for name in AUDIT_TABLES]

_HISTORY = "select load_id, file_path, content_hash, status, loaded_at from {catalog}audit.load_audit"


def build_path(warehouse: Path) -> Path:
    """The private file builds write to, beside the published warehouse."""
    return warehouse.with_name(f"{warehouse.stem}.building{warehouse.suffix or '.duckdb'}")


def behind_marker(warehouse: Path) -> Path:
    """Present while the build file is the previously published one, not yet caught up."""
    return build_path(warehouse).with_name(build_path(warehouse).name + ".behind")


def connect_published(
    warehouse: str | os.PathLike[str] | None = None, *, config: Mapping[str, str] | None = None
) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the newest published warehouse, whatever this process has open.

    `warehouse` defaults to --warehouse's setting ($TOUCHLINE_WAREHOUSE, else
    ./warehouse/touchline.duckdb). DuckDB keeps one database instance per file path in a
    process, and `duckdb.connect(path)` returns it while any connection to it is open, so a
    notebook or a server that reconnects keeps reading the build that was published when it
    first connected. This opens an in-memory database and attaches the published file to it
    read-only, which always opens the file now at that path, and makes it the default
    catalog: `select * from marts.visitor_payments` works as on a direct connection, and the
    catalog is named after the file (`touchline.marts.visitor_payments`), as DuckDB names it.

    The connection then reads that build until it is closed (a publish never changes a file
    that is open: it renames a new one into place); open a new one to see a later build.
    """
    path = settings.warehouse_path(warehouse)
    if not path.is_file():
        raise FileNotFoundError(f"no published warehouse at {path}: run `touchline build` first")
    catalog = path.stem if path.stem.lower() not in _RESERVED_CATALOGS else "warehouse"
    con = duckdb.connect(":memory:", config=dict(config or {}))
    try:
        con.execute(f"attach {_sql_string(str(path))} as {_sql_identifier(catalog)} (read_only)")
        con.execute(f"use {_sql_identifier(catalog)}")
    except BaseException:
        con.close()
        raise
    return con


# Catalog names an attached database cannot take.
_RESERVED_CATALOGS = {"memory", "system", "temp", "main"}


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _sql_identifier(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def ensure_build_file(warehouse: Path) -> Path:
    """The build file, ready for the loader and dbt: as the last build left it, caught up
    with the published file when a publish swapped them, or a copy of the published file (a
    first build, a warehouse published by an older version, a catch-up that is not possible)."""
    building = build_path(warehouse)
    marker = behind_marker(warehouse)
    if not warehouse.exists():
        marker.unlink(missing_ok=True)
        return building
    # A fresh copy when there is no build file, or when one build behind it cannot catch up.
    if not building.exists() or (
        marker.exists() and (is_open_elsewhere(building) or not catch_up(building, warehouse))
    ):
        _copy_published(warehouse)
    marker.unlink(missing_ok=True)
    return building


def catch_up(building: Path, published: Path) -> bool:
    """Copy into the build file the loads the published file has and it lacks.

    Only when the build file's load history is a prefix of the published one; False (nothing
    changed) when it is not, or when the files' loader tables differ.
    """
    con = duckdb.connect(str(building))
    try:
        con.execute("attach ? as published (read_only)", [str(published)])
        mine = con.execute(_HISTORY.format(catalog="") + " order by load_id").fetchall()
        last = mine[-1][0] if mine else 0
        theirs = con.execute(
            _HISTORY.format(catalog="published.") + " where load_id <= ? order by load_id", [last]
        ).fetchall()
        if mine != theirs:
            return False
        con.execute("begin transaction")
        for table in LOADER_TABLES:
            con.execute(f"insert into {table} by name select * from published.{table} where load_id > ?", [last])
        con.execute("commit")
        return True
    except duckdb.Error:
        # a table missing or shaped differently (files written by another version): copy instead
        return False
    finally:
        con.close()


def publish(warehouse: Path) -> Path:
    """Make the build file the published warehouse, atomically."""
    building = build_path(warehouse)
    if not building.exists():
        raise FileNotFoundError(f"nothing to publish: {building} does not exist (run a build first)")
    if behind_marker(warehouse).exists():
        # the build file is the previously published one: publishing it would go back a build
        raise FileExistsError(f"nothing new to publish: {building} is the previous build (run a build first)")
    _checkpoint(building)
    if warehouse.exists():
        # Marked before the swap: a build killed between the two must not leave the previous
        # build in place as if it were this one (marked and not swapped, the next build finds
        # the histories differ and starts again from a copy of the published file).
        behind_marker(warehouse).touch()
        if _exchange(building, warehouse):
            return warehouse
        behind_marker(warehouse).unlink()
    _copy_over(building, warehouse)
    return warehouse


def _copy_published(warehouse: Path) -> None:
    _copy_over(warehouse, build_path(warehouse))


def _copy_over(source: Path, target: Path) -> None:
    # To a new file, then renamed over the target: whoever has the old target open keeps it.
    staging_copy = target.with_name(f".{target.name}.copying")
    shutil.copy2(source, staging_copy)
    # A write-ahead log is named after its file, not tied to it: one left by a killed build
    # beside the old target would be replayed into the copy.
    Path(f"{target}.wal").unlink(missing_ok=True)
    os.replace(staging_copy, target)


def _checkpoint(database: Path) -> None:
    # A write-ahead log is named after its file: it cannot follow the file through a rename.
    if Path(f"{database}.wal").exists():
        con = duckdb.connect(str(database))
        try:
            con.execute("checkpoint")
        finally:
            con.close()


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where that is not possible."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV, errno.EPERM):
        return False
    raise OSError(code, f"could not swap {a} and {b}: {os.strerror(code)}")
