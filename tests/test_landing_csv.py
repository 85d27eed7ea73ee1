"""CSV exports (orders, refunds, spend, fx): typing, header matching and row quarantine."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from tests.landing_fixtures import audit_rows, formats_tried, load, quarantine, rows, sha, write_csv, write_file


def test_orders_are_loaded_typed_with_email_hashed(tmp_path: Path) -> None:
    write_csv(
        tmp_path,
        "orders/2026/orders.csv.gz",
        " Order_ID ,Created_At,Email,currency,TOTAL_PRICE,test,financial_status,extra\n"
        "1001,2026-03-14T10:00:00+01:00,  Jane@Example.com ,usd,19.99,,paid,x\n"
        "1002,2026-03-14 11:00:00,,eur,5,YES,,\n"
        "1003,2026-03-14T12:00:00Z,,GBP,0.0001,0,voided,\n",
    )
    con, summary = load(tmp_path)
    assert summary.records_loaded_by_kind["orders"] == 3
    assert rows(
        con,
        "select line_number, order_id, created_at, email_hash, currency, total_price, is_test, financial_status "
        "from raw.orders order by order_id",
    ) == [
        (2, "1001", datetime(2026, 3, 14, 9), sha("jane@example.com"), "USD", Decimal("19.9900"), False, "paid"),
        (3, "1002", datetime(2026, 3, 14, 11), None, "EUR", Decimal("5.0000"), True, None),
        (4, "1003", datetime(2026, 3, 14, 12), None, "GBP", Decimal("0.0001"), False, "voided"),
    ]


def test_refunds_spend_and_fx_are_loaded(tmp_path: Path) -> None:
    write_csv(
        tmp_path,
        "refunds/r.csv",
        "refund_id,order_id,refunded_at,amount,currency\nr1,1001,2026-03-15T08:00:00Z,5.50,USD\n",
    )
    write_csv(
        tmp_path,
        "spend/google/s.csv",
        "\ufeffdate_day,platform,campaign_id,campaign_name,spend,currency,clicks,impressions,ad_group_id\n"
        "2026-03-14, Facebook ,c1,Spring Sale,100.25,USD,12,3400,\n"
        '2026-03-14,google,c2,"Brand, exact",0,usd,12.0,,ag1\n',
    )
    write_csv(tmp_path, "fx/rates.csv", "date_day,currency,rate\n2026-03-14,eur,1.0812345678\n")
    con, summary = load(tmp_path)
    assert summary.records_loaded_by_kind == {"pixel": 0, "orders": 0, "refunds": 1, "spend": 2, "fx": 1}
    assert rows(con, "select refund_id, refunded_at, amount, currency from raw.refunds") == [
        ("r1", datetime(2026, 3, 15, 8), Decimal("5.5000"), "USD")
    ]
    assert rows(
        con,
        "select date_day, platform, campaign_id, campaign_name, spend, currency, clicks, impressions, ad_group_id "
        "from raw.spend order by campaign_id",
    ) == [
        (date(2026, 3, 14), "facebook", "c1", "Spring Sale", Decimal("100.2500"), "USD", 12, 3400, None),
        (date(2026, 3, 14), "google", "c2", "Brand, exact", Decimal("0.0000"), "USD", 12, None, "ag1"),
    ]
    assert rows(con, "select date_day, currency, rate from raw.fx") == [
        (date(2026, 3, 14), "EUR", Decimal("1.0812345678"))
    ]


def test_every_bad_row_is_quarantined_with_its_reason(tmp_path: Path) -> None:
    write_file(
        tmp_path,
        "orders/o.csv",
        b"order_id,created_at,currency,total_price,test\r\n"  # 1
        b"1,2026-03-14T10:00:00Z,USD,10,\r\n"  # 2 ok
        b"2,2026-03-14T10:00:00Z,USD,10\r\n"  # 3 too few fields
        b"3,2026-03-14T10:00:00Z,USD,10,,extra\r\n"  # 4 too many
        b"4\xff,2026-03-14T10:00:00Z,USD,10,\r\n"  # 5 undecodable
        b",2026-03-14T10:00:00Z,USD,10,\r\n"  # 6 missing order_id
        b"\r\n"  # 7 blank: not a record
        b"7,not a date,USD,10,\r\n"  # 8
        b"8,2026-03-14T10:00:00Z,USD,ten,\r\n"  # 9
        b"9,2026-03-14T10:00:00Z,USD,NaN,\r\n"  # 10
        b"10,2026-03-14T10:00:00Z,USD,1.23456,\r\n"  # 11
        b"11,2026-03-14T10:00:00Z,US,10,\r\n"  # 12
        b"12,2026-03-14T10:00:00Z,USD,10,maybe\r\n"  # 13
        b'"13\nwith newline",2026-03-14T10:00:00Z,USD,1.50000,true\r\n'  # 14-15 ok, exact at 4 places
        b"14,2026-03-14T10:00:00Z,U$D,10,\r\n",  # 16
    )
    write_csv(
        tmp_path,
        "refunds/r.csv",
        "refund_id,order_id,refunded_at,amount,currency\n"
        "r1,1,2026-03-15T08:00:00Z,-1,USD\nr2,1,2026-03-15T08:00:00Z,0,USD\n",
    )
    write_csv(
        tmp_path,
        "spend/s.csv",
        "date_day,platform,campaign_id,campaign_name,spend,currency,clicks\n"
        "2026-13-01,google,c,n,1,USD,\n2026-03-14,google,c,n,1,USD,1.5\n2026-03-14,google,c,n,Infinity,USD,\n",
    )
    write_csv(tmp_path, "fx/f.csv", "date_day,currency,rate\n2026-03-14,EUR,0\n2026-03-14,EUR,-1.1\n")
    con, summary = load(tmp_path)
    assert [(n, reason) for n, reason, _ in quarantine(con, "orders/o.csv")] == [
        (3, "wrong number of fields (expected 5, got 4)"),
        (4, "wrong number of fields (expected 5, got 6)"),
        (5, "undecodable UTF-8 bytes"),
        (6, "missing required value: order_id"),
        (8, "unparseable created_at"),
        (9, "non-numeric total_price"),
        (10, "non-finite total_price"),
        (11, "more than 4 decimal places in total_price"),
        (12, "invalid currency"),
        (13, "invalid test flag"),
        (16, "invalid currency"),
    ]
    assert quarantine(con, "orders/o.csv")[2][2] == "4\\xff,2026-03-14T10:00:00Z,USD,10,"
    assert rows(con, "select line_number, order_id, total_price, is_test from raw.orders order by 1") == [
        (2, "1", Decimal("10.0000"), False),
        (14, "13\nwith newline", Decimal("1.5000"), True),
    ]
    assert [reason for _, reason, _ in quarantine(con, "refunds/r.csv")] == ["negative refund amount"]
    assert [reason for _, reason, _ in quarantine(con, "spend/s.csv")] == [
        "unparseable date_day",
        "non-integer clicks",
        "non-finite spend",
    ]
    assert [reason for _, reason, _ in quarantine(con, "fx/f.csv")] == ["non-positive fx rate"] * 2
    audit = audit_rows(con)
    assert audit["orders/o.csv"] == ("loaded", None, 13, 2, 11)
    assert audit["refunds/r.csv"] == ("loaded", None, 2, 1, 1)
    assert summary.records_read == summary.records_loaded + summary.records_quarantined == 13 + 2 + 3 + 2


def test_quarantined_row_text_has_emails_hashed(tmp_path: Path) -> None:
    write_csv(
        tmp_path, "orders/o.csv", "order_id,created_at,email,currency,total_price\n1,never,Jane@Example.com,USD,1\n"
    )
    con, _ = load(tmp_path)
    [(_, reason, raw)] = quarantine(con)
    assert reason == "unparseable created_at"
    assert raw == f"1,never,{sha('jane@example.com')},USD,1"


def test_unreadable_csv_files_are_rejected_with_reason(tmp_path: Path) -> None:
    write_csv(tmp_path, "orders/a_missing.csv", "order_id,created_at\n1,2026-03-14\n")
    write_csv(tmp_path, "orders/b_no_header.csv", "1001,2026-03-14T10:00:00Z,USD,10\n")
    write_csv(tmp_path, "orders/c_empty.csv", "")
    write_csv(tmp_path, "orders/d_header_only.csv", "order_id,created_at,currency,total_price\n")
    write_file(tmp_path, "orders/e_not_gzip.csv.gz", b"")
    (tmp_path / "orders/e_not_gzip.csv.gz").write_bytes(b"order_id\n1\n")
    con, summary = load(tmp_path)
    audit = audit_rows(con)
    assert audit["orders/a_missing.csv"] == (
        "rejected",
        f"missing required columns: currency, total_price; not a recognised export either {formats_tried('orders')}",
        0,
        0,
        0,
    )
    assert audit["orders/b_no_header.csv"][1].startswith("no header row")
    assert audit["orders/b_no_header.csv"][1].endswith(formats_tried("orders"))
    assert audit["orders/c_empty.csv"][:2] == ("rejected", "empty file")
    assert audit["orders/d_header_only.csv"] == ("loaded", None, 0, 0, 0)
    assert audit["orders/e_not_gzip.csv.gz"][0] == "rejected"
    assert "gzip" in audit["orders/e_not_gzip.csv.gz"][1]
    assert summary.files_rejected == 4
