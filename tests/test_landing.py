"""The loader end to end on a small landing folder: audit, idempotency, duplicates, privacy."""

from __future__ import annotations

import gzip
from decimal import Decimal
from pathlib import Path

import duckdb

from tests.landing_fixtures import audit_rows, event, formats_tried, load, rows, write_csv, write_file, write_jsonl
from touchline.landing.load import load_landing

ORDERS = (
    "order_id,created_at,email,currency,total_price,landing_site\n"
    "1001,2026-03-14T10:00:00Z,Jane@Example.com,USD,0.1,https://shop.example.com/?ref=bob%40example.org\n"
    "1002,2026-03-14T11:00:00Z,,USD,0.2,\n"
    "1003,oops,carl@example.net,USD,1,\n"
)


def _landing(root: Path) -> Path:
    """A folder with every kind, some bad records, and files that can't be read."""
    write_jsonl(
        root,
        "pixel/2026-03-14/part-0001.jsonl.gz",
        [
            event("e1"),
            event("e2", event_type="identify", email="Jane@Example.com", url=None),
            event("e1"),  # a retried send: kept, staging deduplicates
            "{broken",
        ],
    )
    write_jsonl(root, "pixel/2026-03-15/part-0001.jsonl", [event("e3", ts="2026-03-15T09:00:00+01:00")])
    write_csv(root, "orders/orders-2026-03-14.csv", ORDERS)
    write_csv(
        root,
        "refunds/refunds.csv.gz",
        "refund_id,order_id,refunded_at,amount,currency\nr1,1001,2026-03-15T08:00:00Z,0.05,USD\n",
    )
    write_csv(
        root,
        "spend/spend.csv",
        "date_day,platform,campaign_id,campaign_name,spend,currency\n2026-03-14,google,c1,Brand,12.34,USD\n",
    )
    write_csv(root, "fx/fx.csv", "date_day,currency,rate\n2026-03-14,EUR,1.08\n")
    # Unreadable files, each rejected with its reason while the others load.
    full = gzip.compress(b"\n".join([b'{"event_id": "t%d"}' % i for i in range(2000)]))
    write_file(root, "pixel/2026-03-16/truncated.jsonl.gz", b"")
    (root / "pixel/2026-03-16/truncated.jsonl.gz").write_bytes(full[: len(full) // 2])
    write_csv(root, "orders/no-price.csv", "order_id,created_at,currency\n1,2026-03-14T10:00:00Z,USD\n")
    write_csv(root, "spend/notes.txt", "not a spend export\n")
    # Ignored: hidden files and folders, files outside the kind folders.
    write_csv(root, "orders/.partial.csv", ORDERS)
    write_csv(root, "orders/.tmp/upload.csv", ORDERS)
    write_csv(root, "README.csv", ORDERS)
    return root


def _snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    tables = [
        "raw.pixel_events",
        "raw.orders",
        "raw.refunds",
        "raw.spend",
        "raw.fx",
        "audit.quarantine",
        "audit.load_audit",
    ]
    return {t: sorted(map(tuple, rows(con, f"select * from {t}")), key=repr) for t in tables}


def test_every_kind_loads_and_bad_files_are_rejected(tmp_path: Path) -> None:
    lines: list[str] = []
    con, summary = load(_landing(tmp_path), progress=lines.append)
    audit = audit_rows(con)
    assert list(audit) == sorted(audit)  # processed in sorted path order, one load_id each
    assert rows(con, "select load_id from audit.load_audit order by file_path") == [(i,) for i in range(1, 10)]
    assert audit == {
        "fx/fx.csv": ("loaded", None, 1, 1, 0),
        "orders/no-price.csv": (
            "rejected",
            f"missing required columns: total_price; not a recognised export either {formats_tried('orders')}",
            0,
            0,
            0,
        ),
        "orders/orders-2026-03-14.csv": ("loaded", None, 3, 2, 1),
        "pixel/2026-03-14/part-0001.jsonl.gz": ("loaded", None, 4, 3, 1),
        "pixel/2026-03-15/part-0001.jsonl": ("loaded", None, 1, 1, 0),
        "pixel/2026-03-16/truncated.jsonl.gz": (
            "rejected",
            "truncated gzip: the compressed stream ends before its end marker",
            0,
            0,
            0,
        ),
        "refunds/refunds.csv.gz": ("loaded", None, 1, 1, 0),
        "spend/notes.txt": (
            "rejected",
            "unsupported file type 'notes.txt' in spend/ (expected *.csv or *.csv.gz); not a "
            f"recognised export either {formats_tried('spend')}",
            0,
            0,
            0,
        ),
        "spend/spend.csv": ("loaded", None, 1, 1, 0),
    }
    for _status, _, read, loaded, quarantined in audit.values():
        assert read == loaded + quarantined
    assert summary.files_seen == 9
    assert (summary.files_loaded, summary.files_rejected, summary.files_skipped_duplicate) == (6, 3, 0)
    assert (summary.records_read, summary.records_loaded, summary.records_quarantined) == (11, 9, 2)
    assert summary.records_loaded_by_kind == {"pixel": 4, "orders": 2, "refunds": 1, "spend": 1, "fx": 1}
    # Nothing of a rejected file stays behind (its transaction was rolled back).
    assert rows(con, "select count(*) from raw.pixel_events where file_path like '%truncated%'") == [(0,)]
    assert len(lines) == 9
    assert "loaded pixel/2026-03-14/part-0001.jsonl.gz: 3 records, 1 quarantined" in lines


def test_no_plain_email_in_any_table(tmp_path: Path) -> None:
    con, _ = load(_landing(tmp_path))
    columns = rows(
        con,
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_schema in ('raw', 'audit') and data_type = 'VARCHAR'",
    )
    assert len(columns) > 30
    for schema, table, column in columns:
        hits = rows(
            con,
            f'select "{column}" from {schema}.{table} where "{column}" like \'%@%\' '
            f"or \"{column}\" ilike '%\\%40%' escape '\\'",
        )
        assert hits == [], (schema, table, column, hits)
    # ...and the hashes are there instead.
    assert rows(con, "select count(email_hash) from raw.orders") == [(1,)]
    assert rows(con, "select count(email_hash) from raw.pixel_events") == [(1,)]


def test_money_is_exact(tmp_path: Path) -> None:
    con, _ = load(_landing(tmp_path))
    assert rows(con, "select sum(total_price) = 0.3, sum(total_price) from raw.orders") == [(True, Decimal("0.3"))]
    assert rows(con, "select typeof(total_price), typeof(amount) from raw.orders, raw.refunds limit 1") == [
        ("DECIMAL(18,4)", "DECIMAL(18,4)")
    ]


def test_second_load_changes_nothing(tmp_path: Path) -> None:
    landing = _landing(tmp_path / "landing")
    con, _ = load(landing)
    before = _snapshot(con)
    again = load_landing(landing, con)
    assert _snapshot(con) == before
    assert (again.files_seen, again.files_loaded, again.files_rejected, again.records_read) == (9, 0, 0, 0)
    assert again.files_already_loaded == 9


def test_new_files_load_incrementally_into_a_file_warehouse(tmp_path: Path) -> None:
    landing = _landing(tmp_path / "landing")
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        load_landing(landing, con)
    write_jsonl(landing, "pixel/2026-03-17/part-0001.jsonl", [event("e9")])
    with duckdb.connect(str(warehouse)) as con:
        summary = load_landing(landing, con)
        assert (summary.files_loaded, summary.records_loaded) == (1, 1)
        assert rows(con, "select load_id from audit.load_audit where file_path like 'pixel/2026-03-17/%'") == [(10,)]


def test_same_content_under_new_path_is_skipped_as_duplicate(tmp_path: Path) -> None:
    landing = _landing(tmp_path / "landing")
    con, _ = load(landing)
    (landing / "orders/copy").mkdir()
    (landing / "orders/copy/orders-again.csv").write_bytes((landing / "orders/orders-2026-03-14.csv").read_bytes())
    lines: list[str] = []
    summary = load_landing(landing, con, progress=lines.append)
    assert summary.files_skipped_duplicate == 1 and summary.records_loaded == 0
    assert rows(
        con,
        "select status, records_read, records_loaded, records_quarantined from audit.load_audit "
        "where file_path = 'orders/copy/orders-again.csv'",
    ) == [("skipped_duplicate", 0, 0, 0)]
    assert rows(con, "select count(*) from raw.orders") == [(2,)]
    assert lines == ["skipped orders/copy/orders-again.csv: same content as orders/orders-2026-03-14.csv"]
    # Recorded once: a further run adds nothing.
    assert load_landing(landing, con).files_skipped_duplicate == 0


def test_full_refresh_reloads_everything(tmp_path: Path) -> None:
    landing = _landing(tmp_path / "landing")
    con, first = load(landing)
    before = _snapshot(con)
    con.execute("insert into raw.orders select * from raw.orders")  # damage that a refresh repairs
    refreshed = load_landing(landing, con, full_refresh=True)
    assert refreshed.records_loaded == first.records_loaded and refreshed.files_loaded == first.files_loaded
    after = _snapshot(con)
    strip = lambda audit: sorted(r[:9] for r in audit)  # noqa: E731 - only loaded_at differs
    assert strip(after.pop("audit.load_audit")) == strip(before.pop("audit.load_audit"))
    assert after == before
