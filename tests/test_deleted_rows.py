"""A nightly's checkpoint skips DuckDB's vacuum while the build file has few deleted rows
(touchline.warehouse.deleted_rows); what DuckDB does either way, and how the share is read."""

from __future__ import annotations

from pathlib import Path

import duckdb

from touchline.warehouse.deleted_rows import VACUUM_DELETED_SHARE, most_deleted

ROWS = 4 * 122_880  # four full row groups


def _file(path: Path, deleted_every: int, vacuum_tasks: int = 0) -> None:
    """Four row groups, then every `deleted_every`th row deleted; closing checkpoints (with
    DuckDB's max_vacuum_tasks = vacuum_tasks)."""
    con = duckdb.connect(str(path), config={"max_vacuum_tasks": vacuum_tasks})
    try:
        con.execute("create schema marts")
        con.execute("create table marts.big as select range as id, 'row ' || range as label from range(?)", [ROWS])
        con.execute("create table marts.small as select range as id from range(1000)")
        con.execute("checkpoint")
        con.execute("delete from marts.big where id % ? = 0", [deleted_every])
        con.execute("delete from marts.small where id % 2 = 0")  # half, but under one row group
    finally:
        con.close()


def _stored_and_live(path: Path) -> tuple[int, int]:
    """The big table's stored and live rows."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        stored = con.execute("select estimated_size from duckdb_tables() where table_name = 'big'").fetchone()[0]
        live = con.execute("select count(*) from marts.big").fetchone()[0]
        return stored, live
    finally:
        con.close()


def test_the_share_of_deleted_rows_is_read_from_the_largest_tables(tmp_path: Path):
    few, many = tmp_path / "few.duckdb", tmp_path / "many.duckdb"
    _file(few, deleted_every=20)  # 5 %
    _file(many, deleted_every=2)  # 50 %

    found = most_deleted(few)
    assert found.table == "marts.big"  # the small table's 50 % does not count
    assert abs(found.share - 0.05) < 0.001 and not found.needs_vacuum
    found = most_deleted(many)
    assert found.table == "marts.big" and abs(found.share - 0.5) < 0.001
    assert found.needs_vacuum and found.share >= VACUUM_DELETED_SHARE


def test_a_checkpoint_without_vacuum_keeps_the_deleted_rows_stored_and_one_with_it_drops_them(tmp_path: Path):
    # what the nightly's choice relies on: DuckDB's vacuum is what drops deleted rows (here, two
    # half-empty row groups fit into one), and the stored count shows the rows it has not dropped
    skipped, vacuumed = tmp_path / "skipped.duckdb", tmp_path / "vacuumed.duckdb"
    _file(skipped, deleted_every=2, vacuum_tasks=0)
    _file(vacuumed, deleted_every=2, vacuum_tasks=100)  # DuckDB's default

    assert _stored_and_live(skipped) == (ROWS, ROWS // 2)
    assert most_deleted(skipped).needs_vacuum  # so the next nightly vacuums
    assert _stored_and_live(vacuumed) == (ROWS // 2, ROWS // 2)
    assert most_deleted(vacuumed).share == 0
