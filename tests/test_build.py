"""The foundation end to end: generated and broken landing folders built through the Dagster
job (loader + dbt), asserting on the real tables."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.warehouse_snapshot import table_fingerprints, varchar_values_matching
from touchline.commands.build import run_build
from touchline.generator import generate

EMAIL_PATTERN = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("generated")
    landing = root / "landing"
    generate(landing, days=21, visitors=600, seed=7, truth_dir=root / "truth")
    warehouse = root / "warehouse" / "touchline.duckdb"
    lines: list[str] = []
    run_build(landing, warehouse, echo=lines.append)
    return landing, warehouse, root


def _query(warehouse: Path, sql: str):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_every_landed_file_is_accounted_for(generated):
    landing, warehouse, _ = generated
    landed = sorted(
        p.relative_to(landing).as_posix()
        for p in landing.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    )
    audited = [row[0] for row in _query(warehouse, "select file_path from audit.load_audit order by file_path")]
    assert audited == landed
    broken = _query(
        warehouse,
        "select file_path from audit.load_audit where records_read <> records_loaded + records_quarantined",
    )
    assert broken == []


def test_loaded_records_reach_staging_and_duplicates_are_counted(generated):
    _, warehouse, _ = generated
    (raw_events,) = _query(warehouse, "select count(*) from raw.pixel_events")[0]
    (distinct_events,) = _query(warehouse, "select count(distinct event_id) from raw.pixel_events")[0]
    (staged_events,) = _query(warehouse, "select count(*) from staging.stg_pixel_events")[0]
    assert staged_events == distinct_events > 0
    dropped = dict(
        _query(warehouse, "select reason, records from audit.dropped_records where kind = 'pixel'")
    )
    assert dropped["duplicate event_id (retried send)"] == raw_events - distinct_events > 0
    assert dropped["bot user agent (kept in staging, excluded from attribution)"] > 0
    (raw_orders, distinct_orders) = _query(warehouse, "select count(*), count(distinct order_id) from raw.orders")[0]
    (staged_orders,) = _query(warehouse, "select count(*) from staging.stg_orders")[0]
    assert staged_orders == distinct_orders > 0
    assert raw_orders > distinct_orders, "the generator re-exports orders; staging must keep one state each"


def test_the_generator_malformed_records_are_quarantined_with_reasons(generated):
    _, warehouse, _ = generated
    rows = _query(warehouse, "select kind, reason, line_number, raw_record from audit.quarantine")
    assert rows, "the generator plants malformed records"
    assert all(reason for _, reason, _, _ in rows)
    assert all(line is not None and line >= 1 for _, _, line, _ in rows)


def test_no_table_holds_a_plain_email(generated):
    _, warehouse, _ = generated
    assert varchar_values_matching(warehouse, EMAIL_PATTERN) == []


def test_a_second_build_with_no_new_files_changes_nothing(generated):
    landing, warehouse, _ = generated
    before = table_fingerprints(warehouse)
    # An analyst keeps the published warehouse open during the build: the build writes its own
    # file and publishes by rename, so neither side is locked out.
    analyst = duckdb.connect(str(warehouse), read_only=True)
    try:
        run_build(landing, warehouse, echo=lambda _line: None)
        assert analyst.execute("select count(*) from staging.stg_orders").fetchone()[0] > 0
    finally:
        analyst.close()
    assert table_fingerprints(warehouse) == before


def test_broken_files_and_records_never_stop_the_build(tmp_path: Path):
    landing = tmp_path / "landing"
    (landing / "pixel" / "2026-03-14").mkdir(parents=True)
    (landing / "orders").mkdir()
    (landing / "refunds").mkdir()
    good_events = "\n".join(
        [
            '{"event_id":"e1","event_type":"page_view","ts":"2026-03-14T10:00:00Z","visitor_id":"v1","url":"https://shop.example.com/?gclid=abc","referrer":""}',
            '{"event_id":"e2","event_type":"identify","ts":"2026-03-14T10:01:00+01:00","visitor_id":"v1","email":"Ann@Example.com "}',
            "{not json",
            '{"event_id":"e3","event_type":"page_view","ts":"2026-03-14T10:02:00Z","visitor_id":"","url":"https://shop.example.com/"}',
            '{"event_id":"e4","event_type":"page_view","ts":"yesterday","visitor_id":"v2","url":"https://shop.example.com/"}',
            '{"event_id":"e5","event_type":"page_view","ts":"2026-03-16T10:00:00Z","received_at":"2026-03-14T10:00:00Z","visitor_id":"v2","url":"https://shop.example.com/","email":"bob@example.org"}',
        ]
    )
    (landing / "pixel" / "2026-03-14" / "part-0001.jsonl").write_text(good_events + "\n")
    truncated = gzip.compress(b'{"event_id":"x"}\n' * 1000)[:-40]
    (landing / "pixel" / "2026-03-14" / "part-0002.jsonl.gz").write_bytes(truncated)
    (landing / "orders" / "2026-03-14.csv").write_text(
        "order_id,created_at,updated_at,email,customer_id,currency,total_price,financial_status,test\n"
        "o1,2026-03-14T10:05:00Z,2026-03-14T10:05:00Z,ann@example.com,c1,USD,10.10,paid,\n"
        "o2,2026-03-14T11:00:00Z,,carl@example.net,,USD,ten dollars,paid,\n"
        "o3,2026-03-14T12:00:00Z,,,,USD,20.20,paid,false\n"
    )
    (landing / "orders" / "no-price.csv").write_text("order_id,created_at,currency\no9,2026-03-14,USD\n")
    (landing / "refunds" / "r.csv").write_text(
        "refund_id,order_id,refunded_at,amount,currency\nr1,o1,2026-03-15T09:00:00Z,1.05,USD\n"
    )
    warehouse = tmp_path / "wh" / "touchline.duckdb"
    run_build(landing, warehouse, echo=lambda _line: None)

    audit = {
        row[0]: row[1:]
        for row in _query(
            warehouse,
            "select file_path, status, reason, records_read, records_loaded, records_quarantined from audit.load_audit",
        )
    }
    assert audit["pixel/2026-03-14/part-0002.jsonl.gz"][0] == "rejected"
    assert audit["orders/no-price.csv"][0] == "rejected"
    assert "total_price" in audit["orders/no-price.csv"][1]
    status, _, read, loaded, quarantined = audit["pixel/2026-03-14/part-0001.jsonl"]
    assert (status, read, loaded, quarantined) == ("loaded", 6, 2, 4)
    assert audit["orders/2026-03-14.csv"][2:] == (3, 2, 1)
    reasons = sorted(r for (r,) in _query(warehouse, "select reason from audit.quarantine"))
    assert len(reasons) == 5
    assert varchar_values_matching(warehouse, EMAIL_PATTERN) == []
    (staged_orders,) = _query(warehouse, "select count(*) from staging.stg_orders")[0]
    assert staged_orders == 2


def test_full_refresh_rebuilds_the_same_warehouse(generated, tmp_path: Path):
    landing, warehouse, _ = generated
    copy = tmp_path / "copy.duckdb"
    shutil.copy(warehouse, copy)
    run_build(landing, copy, full_refresh=True, echo=lambda _line: None)
    assert table_fingerprints(copy, ignore_lineage=True) == table_fingerprints(warehouse, ignore_lineage=True)


def test_an_empty_landing_folder_builds_an_empty_warehouse(tmp_path: Path):
    landing = tmp_path / "landing"
    for kind in ("pixel", "orders", "refunds", "spend"):
        (landing / kind).mkdir(parents=True)
    warehouse = tmp_path / "touchline.duckdb"
    summary = run_build(landing, warehouse, echo=lambda _line: None)
    assert (summary.files, summary.orders) == (0, 0)
    assert _query(warehouse, "select count(*) from marts.visitor_payments") == [(0,)]
