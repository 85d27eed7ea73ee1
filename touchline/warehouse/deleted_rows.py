"""Whether a nightly's checkpoint should also vacuum: the build file's deleted rows.

A nightly replaces the rows of the keys it recomputes (a delete, then an insert). DuckDB keeps
a deleted row in its row group until a checkpoint's *vacuum* rewrites the row groups that fit
into fewer once their deleted rows are gone (and the partly filled row groups of tables
written in parallel). That rewrite is most of the checkpoint dbt's close pays in a nightly:
at 10 M events, 2.2 M rows of eight tables, 4.4 of the close's 6.5 s (docs/benchmarks.md,
issue 20 fourteenth round), every night, though a table rebuilt whole the next night gains
nothing from it.

So a usual nightly skips the vacuum (DuckDB's `max_vacuum_tasks = 0`) while every table of
the build file keeps its deleted rows under VACUUM_DELETED_SHARE of its stored rows, and lets
DuckDB vacuum as before once one does not: the deleted rows that pile up are bounded, and a
nightly that vacuums costs what every nightly cost before. A full build rewrites every table
and always vacuums. Tables smaller than one row group are left out: a vacuum cannot make
them take fewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

# Above this share of deleted rows in any table of at least one row group, the nightly vacuums.
VACUUM_DELETED_SHARE = 0.10
_ROW_GROUP_ROWS = 122_880  # DuckDB's row group size


@dataclass(frozen=True)
class DeletedRows:
    table: str  # schema.table with the largest share ("" when none qualifies)
    share: float  # its deleted rows over its stored rows

    @property
    def needs_vacuum(self) -> bool:
        return self.share >= VACUUM_DELETED_SHARE


def most_deleted(path: Path) -> DeletedRows:
    """The table of the DuckDB file at `path` whose stored rows are most often deleted ones.

    `duckdb_tables().estimated_size` counts the rows a table stores, deleted ones included,
    until a vacuum drops them; `count(*)` the live ones. Reads metadata and row counts only
    (~0.1 s at 10 M events)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = con.execute(
            "select schema_name, table_name, estimated_size from duckdb_tables() "
            "where not temporary and estimated_size >= ?",
            [_ROW_GROUP_ROWS],
        ).fetchall()
        worst = DeletedRows("", 0.0)
        for schema, table, stored in tables:
            (live,) = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()  # type: ignore[misc]
            share = max(stored - live, 0) / stored
            if share > worst.share:
                worst = DeletedRows(f"{schema}.{table}", share)
        return worst
    finally:
        con.close()
