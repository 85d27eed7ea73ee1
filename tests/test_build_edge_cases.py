"""Edge cases of the build, each on a hand-written landing folder: broken files and records,
and an empty landing folder."""

from __future__ import annotations

import gzip
from decimal import Decimal
from pathlib import Path

from tests.warehouse_snapshot import EMAIL_PATTERN, query, varchar_values_matching
from touchline.commands.build import run_build


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
        "o3,2026-03-14T12:00:00Z,,,,USD,123456.78,paid,false\n"
    )
    (landing / "orders" / "no-price.csv").write_text("order_id,created_at,currency\no9,2026-03-14,USD\n")
    (landing / "refunds" / "r.csv").write_text(
        "refund_id,order_id,refunded_at,amount,currency\nr1,o1,2026-03-15T09:00:00Z,1.05,USD\n"
    )
    warehouse = tmp_path / "wh" / "touchline.duckdb"
    run_build(landing, warehouse, echo=lambda _line: None)

    audit = {
        row[0]: row[1:]
        for row in query(
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
    reasons = sorted(r for (r,) in query(warehouse, "select reason from audit.quarantine"))
    assert len(reasons) == 5
    assert varchar_values_matching(warehouse, EMAIL_PATTERN) == []
    (staged_orders,) = query(warehouse, "select count(*) from staging.stg_orders")[0]
    assert staged_orders == 2
    # a six-figure order converts exactly (decimal products must not overflow)
    assert query(warehouse, "select sum(net_revenue_reporting) from marts.visitor_payments") == [
        (Decimal("123465.8300"),)
    ]


def test_an_empty_landing_folder_builds_an_empty_warehouse(tmp_path: Path):
    landing = tmp_path / "landing"
    for kind in ("pixel", "orders", "refunds", "spend"):
        (landing / kind).mkdir(parents=True)
    warehouse = tmp_path / "touchline.duckdb"
    summary = run_build(landing, warehouse, echo=lambda _line: None)
    assert (summary.files, summary.orders) == (0, 0)
    assert query(warehouse, "select count(*) from marts.visitor_payments") == [(0,)]
