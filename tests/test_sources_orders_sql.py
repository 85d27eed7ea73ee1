"""The DuckDB path for the Shopify orders CSV (touchline/sources/orders_sql.py) gives exactly
the orders, refunds, quarantine and audit counts of the Python mapping alone, on the fixtures
and on a file written to mix every case the grouping and the spellings must get right."""

from __future__ import annotations

from pathlib import Path

from tests.landing_fixtures import load, rows
from tests.test_sources_load import land
from touchline.sources import load as source_load

HEADER = "Name,Email,Financial Status,Currency,Total,Created at,Lineitem name,Cancelled at,Refunded Amount,Id\n"
MIXED = HEADER + (
    "#1,Ann@Example.com,paid,EUR,120.00,2026-03-14 10:10:00 +0100,Shoe,,0.00,5001\n"  # two line items
    "#1,Ann@Example.com,,,,2026-03-14 10:10:00 +0100,Socks,,,\n"
    '#2,bob@example.com,paid,eur,80.5,2026-03-14T12:00:00Z,"Jacket, ""rain""",,,5002\n'  # quoted item name
    "#3,carol@example.com,refunded,EUR,50.00,2026-03-14 18:30:00 +0100,Cap,"
    "2026-03-15 09:00:00 +0100,50.00,5003\n"  # cancelled, refunded
    "#4,dave@example.com,partially_refunded,EUR,35.00,2026-03-15 08:00:00 -0500,Beanie,,10.00,5004\n"
    "#5,erin@example.com,paid,EUR,not a number,2026-03-15 11:00:00 +0100,Belt,,0.00,5005\n"  # bad total
    '#6,fay@example.com,paid,EUR,"1,204.50",2026-03-15 11:00:00 +0100,Coat,,0.00,5006\n'  # thousands: Python
    "#7,,paid,EUR,$12.00,2026-03-15 11:00:00 +0100,Pin,,,5007\n"  # sign: Python
    "#7,,,,,,Pin 2,,,\n"
    "\n"
    "#8,gus@example.com,paid,EUR,10.00,2026-03-15 11:00:00 +0100,Mug,,-5.00,5008\n"  # negative refund
    "#9,hal@example.com,paid,EUR,10.00,2026-02-30 11:00:00 +0100,Mug,,,5009\n"  # impossible date
    "#10,ivy@example.com,paid,EUR,10.00,2026-03-15 11:00:00 +0100,Mug\n"  # wrong width
    "#10,ivy@example.com,,,,,Mug 2,,,\n"  # after a bad row
    "#11,jo@example.com,paid,EUR,10.00,2026-03-15 11:00:00 +0100,Mug,,,\n"  # no Id: Name
    "#12,--,paid,EUR,10.00,2026-03-15 11:00:00 +0100,Mug,--,--,5012\n"  # `--` cells
    "#13,kim@example.com,paid,EUR,10.00,2026-03-15 11:00:00 +0100,Tée,,,5013\n"  # non-ASCII: fine
    "#13,kim@example.com,,,,,Tée\u00a02,,,\n"  # NBSP: Python
    "#14,lu@example.com,paid@x,EUR,10.00,2026-03-15 11:00:00 +0100,Mug,,,5014\n"  # `@`: redacted
    "#1,Ann@Example.com,paid,EUR,120.00,2026-03-14 10:10:00 +0100,Shoe,,0.00,5001\n"  # #1 again, apart
    ",,,,,,Orphan,,,\n"  # no key
    "#15,mo@example.com,paid,EUR,10.00,2026-03-15 11:00:00 +0100,Mug,,5.001,5015\n"  # 4 decimals: loaded
    "#16,ned@example.com,paid,XX,10.00,2026-03-15 11:00:00 +0100,Mug,,,5016\n"  # bad currency
    "#17,ola@example.com,paid,EUR,10.00,,Mug,,,5017\n"  # no created at
    "#19,quin@example.com,paid,EUR,1.0.0,2026-03-15 11:00:00 +0100,Mug,,,5019\n"  # Python's
    "#20,rae@example.com,paid,EUR,10.00,2026-03-15 11:00:00 +0100,Mug,,,5020\n"  # DuckDB's
    "#19,,,,,,Mug 2,,,\n"  # not #19's
    "#18,pat@example.com,paid,EUR,10.00,2026-03-15 11:00:00 +0100,Mug,,3.00,5018\n"  # last, refunded
)


def _snapshot(con) -> dict:
    return {
        "orders": rows(con, "select * exclude (load_id) from raw.orders order by file_path, line_number"),
        "refunds": rows(con, "select * exclude (load_id) from raw.refunds order by file_path, line_number"),
        "quarantine": rows(
            con,
            "select file_path, line_number, reason, raw_record from audit.quarantine order by file_path, line_number",
        ),
        "audit": rows(
            con,
            "select file_path, status, reason, source_format, records_read, records_loaded, "
            "records_quarantined from audit.load_audit order by file_path",
        ),
    }


def _landing(tmp_path: Path) -> Path:
    landing = tmp_path / "landing"
    land(landing, "shopify_orders_export.csv", "orders/a/orders_export_1.csv")
    land(landing, "shopify_orders_export_later.csv", "orders/b/orders_export_1.csv")
    (landing / "orders/mixed.csv").write_text(MIXED, encoding="utf-8")
    (landing / "orders/crlf.csv").write_bytes(MIXED.replace("\n", "\r\n").encode())
    return landing


def test_duckdb_path_gives_the_python_mapping_rows(tmp_path, monkeypatch):
    landing = _landing(tmp_path)
    typed: list[int] = []
    original = source_load.load_orders_sql

    def counting(*args, **kwargs):
        result = original(*args, **kwargs)
        if result is not None:
            typed.append(result[0])
        return result

    monkeypatch.setattr(source_load, "load_orders_sql", counting)
    con, _ = load(landing)
    with_sql = _snapshot(con)
    con.close()
    # the path ran on every file and mapped orders of each
    assert len(typed) == 4 and all(count > 0 for count in typed)

    monkeypatch.setattr(source_load, "load_orders_sql", lambda *args, **kwargs: None)
    con, _ = load(landing)
    python_only = _snapshot(con)
    for part in ("orders", "refunds", "quarantine", "audit"):
        assert with_sql[part] == python_only[part], part
    # the mixed file's hand-checked outcome: 24 orders read (#1 and #19 twice, each #10 row alone: a row
    # of the wrong width ends a group, the keyless row alone); quarantined: the bad total, the
    # impossible date, both #10 rows (wrong width; no created at), the keyless row, the bad
    # currency, the missing created at, both #19 rows (a bad total; no created at)
    mixed = [row for row in with_sql["audit"] if row[0] == "orders/mixed.csv"]
    assert mixed == [("orders/mixed.csv", "loaded", None, "shopify_orders_csv", 24, 15, 9)]
    refunds = rows(
        con,
        "select refund_id, refunded_at, amount from raw.refunds where file_path = 'orders/mixed.csv' "
        "order by line_number",
    )
    assert [(r[0], str(r[1]), str(r[2])) for r in refunds] == [
        ("5003-refunded", "2026-03-15 08:00:00", "50.0000"),
        ("5004-refunded", "2026-03-15 13:00:00", "10.0000"),
        ("5015-refunded", "2026-03-15 10:00:00", "5.0010"),
        ("5018-refunded", "2026-03-15 10:00:00", "3.0000"),
    ]
    assert typed[2:] == [11, 11]  # crlf.csv and mixed.csv: the orders DuckDB could vouch for
