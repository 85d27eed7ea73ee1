"""The lake: what the loader lands, as immutable Parquet per load (touchline/landing/lake.py).

Every loader table is in the lake with the same rows as in the build file; a re-run writes
nothing; a visible partition is never rewritten; a loader stopped while it publishes a load
leaves no committed part of it and the next run finishes the job; a warehouse built before
the lake gets one; a build file behind the lake is caught up from it.
"""

from __future__ import annotations

import os
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.landing_fixtures import event, write_csv, write_jsonl
from tests.warehouse_snapshot import lake_tables, loader_tables
from touchline.landing import lake, schema
from touchline.landing.lake import (
    LakeDiverged,
    committed_loads,
    lake_path,
    partition_path,
)
from touchline.landing.load import load_landing


def _land_first(landing: Path) -> None:
    write_jsonl(
        landing,
        "pixel/2026-03-14/part-0001.jsonl",
        [
            event("e1"),
            event(
                "e2",
                event_type="checkout_completed",
                order_id="1001",
                revenue="19.9900",
                currency="usd",
                email="Jane@Example.com",
                url=None,
            ),
            "{broken",
        ],
    )
    write_csv(
        landing,
        "orders/orders.csv",
        "order_id,created_at,email,currency,total_price\n"
        "1001,2026-03-14T10:00:00Z,Jane@Example.com,USD,19.99\n"
        "1002,oops,,USD,1\n",
    )
    write_csv(
        landing,
        "refunds/refunds.csv",
        "refund_id,order_id,refunded_at,amount,currency\nr1,1001,2026-03-15T08:00:00Z,0.05,USD\n",
    )
    write_csv(
        landing,
        "spend/spend.csv",
        "date_day,platform,campaign_id,campaign_name,spend,currency\n2026-03-14,google,c1,Brand,12.34,USD\n",
    )
    write_csv(landing, "fx/fx.csv", "date_day,currency,rate\n2026-03-14,EUR,1.0812345678\n")
    write_csv(landing, "fx/fx copy.csv", "date_day,currency,rate\n2026-03-14,EUR,1.0812345678\n")  # a duplicate
    write_csv(landing, "orders/empty.csv", "")  # rejected


def _land_second(landing: Path) -> None:
    write_jsonl(landing, "pixel/2026-03-15/part-0001.jsonl", [event("e3", ts="2026-03-15T09:00:00+01:00")])
    write_csv(
        landing, "orders/orders-2.csv", "order_id,created_at,currency,total_price\n1003,2026-03-15T10:00:00Z,EUR,5\n"
    )


def _load(landing: Path, warehouse: Path, **kwargs) -> None:
    con = duckdb.connect(str(warehouse))
    try:
        load_landing(landing, con, lake_root=lake_path(warehouse), **kwargs)
    finally:
        con.close()


def _lake_files(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path.relative_to(root)): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse" / "touchline.duckdb"
    warehouse.parent.mkdir()
    _land_first(landing)
    return landing, warehouse


def test_every_loader_table_is_in_the_lake_with_the_same_rows(folders) -> None:
    landing, warehouse = folders
    _load(landing, warehouse)
    root = lake_path(warehouse)
    assert root == warehouse.parent / "touchline.lake"
    in_file = loader_tables(warehouse)
    assert lake_tables(root) == in_file
    assert {table: len(rows) for table, rows in in_file.items() if not rows} == {"audit.dropped_lines": 0}
    # one committed partition per load, named as Spark and DuckDB's hive readers expect
    assert committed_loads(root) == {row[0] for row in in_file["audit.load_audit"]}
    [pixel_load] = {row[0] for row in in_file["raw.pixel_events"]}
    partition = partition_path(root, "raw.pixel_events", pixel_load)
    assert partition == root / "raw" / "pixel_events" / f"load_id={pixel_load}"
    assert [p.name for p in partition.iterdir()] == ["part-0.parquet"]


def test_the_files_hold_types_spark_reads(folders) -> None:
    landing, warehouse = folders
    _load(landing, warehouse)
    root = lake_path(warehouse)
    [pixel] = list((root / "raw" / "pixel_events").glob("load_id=*/*.parquet"))
    events = pq.read_table(pixel)
    assert "load_id" not in events.schema.names  # the partition column lives in the path
    assert events.schema.field("ts").type == pa.timestamp("us", tz="UTC")
    assert events.schema.field("revenue").type == pa.decimal128(18, 4)
    assert events.schema.field("is_bot").type == pa.bool_()
    assert pq.ParquetFile(pixel).schema_arrow.field("ts").type.tz == "UTC"
    # The instant is kept: 10:00 UTC in the file is 10:00 in the table.
    ts = dict(zip(events.column("event_id").to_pylist(), events.column("ts").to_pylist(), strict=True))
    assert ts["e1"].isoformat() == "2026-03-14T10:00:00+00:00"
    [fx] = list((root / "raw" / "fx").glob("load_id=*/*.parquet"))
    assert pq.read_table(fx).schema.field("rate").type == pa.decimal128(18, 10)
    assert pq.read_table(fx).column("rate").to_pylist() == [Decimal("1.0812345678")]
    [spend] = list((root / "raw" / "spend").glob("load_id=*/*.parquet"))
    assert pq.read_table(spend).schema.field("date_day").type == pa.date32()
    audit_files = list((root / "audit" / "load_audit").glob("load_id=*/*.parquet"))
    assert pq.read_table(audit_files[0]).schema.field("loaded_at").type == pa.timestamp("us", tz="UTC")


def test_the_timestamps_do_not_follow_the_session_time_zone(folders) -> None:
    landing, warehouse = folders
    con = duckdb.connect(str(warehouse))
    con.execute("set TimeZone = 'America/New_York'")
    load_landing(landing, con, lake_root=lake_path(warehouse))
    con.close()
    [(ts,)] = duckdb.sql(
        f"select ts from read_parquet('{lake_path(warehouse)}/raw/pixel_events/*/*.parquet') where event_id = 'e1'"
    ).fetchall()
    assert ts.astimezone().utctimetuple()[:5] == (2026, 3, 14, 10, 0)
    assert lake_tables(lake_path(warehouse)) == loader_tables(warehouse)


def test_a_second_run_writes_nothing_and_new_files_add_loads_without_touching_the_old(folders) -> None:
    landing, warehouse = folders
    _load(landing, warehouse)
    root = lake_path(warehouse)
    before = _lake_files(root)
    _load(landing, warehouse)
    assert _lake_files(root) == before
    _land_second(landing)
    _load(landing, warehouse)
    after = _lake_files(root)
    assert {path: after[path] for path in before} == before  # every earlier file untouched
    assert len(after) > len(before)
    assert lake_tables(root) == loader_tables(warehouse)


def test_a_loader_stopped_while_publishing_a_load_leaves_it_uncommitted_and_the_next_run_finishes(
    folders, monkeypatch: pytest.MonkeyPatch
) -> None:
    landing, warehouse = folders
    _load(landing, warehouse)
    root = lake_path(warehouse)
    committed = committed_loads(root)
    _land_second(landing)
    renames = []
    real_rename = os.rename

    def rename_then_die(source, target):
        if len(renames) == 2:  # the pixel and orders partitions are in place, their audit rows not
            raise KeyboardInterrupt("killed")
        renames.append(target)
        real_rename(source, target)

    monkeypatch.setattr(lake.os, "rename", rename_then_die)
    with pytest.raises(KeyboardInterrupt):
        _load(landing, warehouse)
    monkeypatch.setattr(lake.os, "rename", real_rename)
    assert committed_loads(root) == committed  # nothing of the new loads is committed
    assert any(root.glob("_loading-*"))
    _load(landing, warehouse)  # the build file committed them: the next run writes them again
    assert not any(root.glob("_loading-*"))
    assert lake_tables(root) == loader_tables(warehouse)
    assert len(committed_loads(root)) == len(committed) + 2


def test_uncommitted_partitions_are_removed_before_anything_reads_the_lake(folders) -> None:
    landing, warehouse = folders
    _load(landing, warehouse)
    root = lake_path(warehouse)
    orphan = partition_path(root, "raw.orders", 999)
    shutil.copytree(next((root / "raw" / "orders").iterdir()), orphan)
    _load(landing, warehouse)
    assert not orphan.exists()
    assert lake_tables(root) == loader_tables(warehouse)


def test_a_warehouse_built_before_the_lake_gets_its_lake_on_the_next_run(folders) -> None:
    landing, warehouse = folders
    con = duckdb.connect(str(warehouse))
    load_landing(landing, con)  # an older version: no lake
    con.close()
    assert not lake_path(warehouse).exists()
    _land_second(landing)
    _load(landing, warehouse)
    assert lake_tables(lake_path(warehouse)) == loader_tables(warehouse)
    assert len(committed_loads(lake_path(warehouse))) == 9


def test_a_build_file_behind_the_lake_copies_the_loads_it_lacks(folders, tmp_path: Path) -> None:
    landing, warehouse = folders
    _load(landing, warehouse)
    older = tmp_path / "older.duckdb"
    shutil.copy2(warehouse, older)
    _land_second(landing)
    _load(landing, warehouse)
    # the build file is replaced by an older copy (a published file one build behind)
    os.replace(older, warehouse)
    files_before = _lake_files(lake_path(warehouse))
    _load(landing, warehouse)
    assert _lake_files(lake_path(warehouse)) == files_before
    tables = loader_tables(warehouse)
    assert tables == lake_tables(lake_path(warehouse))
    assert len(tables["audit.load_audit"]) == 9  # the second batch came from the lake, not loaded again


def test_a_full_refresh_writes_the_lake_again(folders) -> None:
    landing, warehouse = folders
    _load(landing, warehouse)
    _land_second(landing)
    _load(landing, warehouse, full_refresh=True)
    root = lake_path(warehouse)
    assert lake_tables(root) == loader_tables(warehouse)
    assert not any(".discarded-" in p.name for p in warehouse.parent.iterdir())


def test_a_lake_and_a_build_file_numbered_differently_fail_naming_the_fix(folders, tmp_path: Path) -> None:
    landing, warehouse = folders
    _load(landing, warehouse)
    other = tmp_path / "other"
    _land_second(other)
    con = duckdb.connect(str(warehouse))
    schema.drop_all(con)
    load_landing(other, con)  # the build file numbered again from other files, the lake not
    with pytest.raises(LakeDiverged, match="--full-refresh"):
        load_landing(other, con, lake_root=lake_path(warehouse))
    con.close()
