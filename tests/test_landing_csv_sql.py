"""The DuckDB fast path for CSV rows gives exactly the rows and quarantine of the Python reader.

Each file is loaded twice, once by the streaming Python reader (the reference: landing.md's
rules live there) and once by the loader's SQL path, and the raw table and audit.quarantine
must be equal row for row, with the same counts. The cases mix rows the fast path types with
every kind of row it must hand to Python, in one file, so line numbers are checked too.
"""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pytest

from touchline.landing import schema
from touchline.landing.csv_kinds import CSV_KINDS
from touchline.landing.csv_load import load_csv_stream
from touchline.landing.csv_sql import has_sql_twins, load_csv_bytes_sql
from touchline.landing.files import FileRejected
from touchline.landing.sink import QuarantineSink, RowSink

ORDERS_HEADER = (
    "order_id,created_at,updated_at,email,customer_id,currency,total_price,financial_status,"
    "landing_site,referring_site,test"
)
ORDER_ROWS: dict[str, str] = {
    "plain": "1001,2026-03-14T10:00:00+00:00,2026-03-14T10:05:00+00:00,jane@example.com,C1,USD,19.99,paid,,,false",
    "space separator": "1002,2026-03-14 10:00:00,,,,usd,5,,,,",
    "zulu and fraction": "1003,2026-03-14T10:00:00.123Z,2026-03-14T10:00:00.123456Z,,,EUR,0.0001,,,,",
    "negative offset": "1004,2026-03-14T23:30:00-05:30,,,,GBP,-12.5,refunded,,,YES",
    "lowercase z": "1005,2026-03-14T10:00:00z,,,,USD,1,,,,",
    "offset without colon": "1006,2026-03-14T10:00:00+0200,,,,USD,1,,,,",
    "one fraction digit": "1007,2026-03-14T10:00:00.5Z,,,,USD,1,,,,",
    "feb 30": "1008,2026-02-30T10:00:00Z,,,,USD,1,,,,",
    "hour 24": "1009,2026-03-14T24:00:00Z,,,,USD,1,,,,",
    "trailing UTC": "1010,2026-03-14 10:00:00 UTC,,,,USD,1,,,,",
    "blanks around values": "1011, 2026-03-14T10:00:00Z , , JANE@Example.COM ,  C2 , usd , 7.50 , paid ,,, 1 ",
    "blank id": "   ,2026-03-14T10:00:00Z,,,,USD,1,,,,",
    "missing price": "1012,2026-03-14T10:00:00Z,,,,USD,,,,,",
    "five decimals": "1013,2026-03-14T10:00:00Z,,,,USD,1.23456,,,,",
    "exact five decimals": "1014,2026-03-14T10:00:00Z,,,,USD,1.50000,,,,",
    "plus sign": "1015,2026-03-14T10:00:00Z,,,,USD,+1,,,,",
    "exponent": "1016,2026-03-14T10:00:00Z,,,,USD,1e3,,,,",
    "huge price": "1017,2026-03-14T10:00:00Z,,,,USD,100000000000000,,,,",
    "bad flag": "1018,2026-03-14T10:00:00Z,,,,USD,1,,,,maybe",
    "bad currency": "1019,2026-03-14T10:00:00Z,,,,US,1,,,,",
    "too few fields": "1020,2026-03-14T10:00:00Z,,,,USD,1,,,",
    "too many fields": "1021,2026-03-14T10:00:00Z,,,,USD,1,,,,,",
    "email in landing site": "1022,2026-03-14T10:00:00Z,,,,USD,1,,https://shop.example.com/?e=jane@example.com,,",
    "encoded email in referrer": "1023,2026-03-14T10:00:00Z,,,,USD,1,,,https://x.example/?e=jane%40example.com,",
    "at in customer id": "1024,2026-03-14T10:00:00Z,,,c@1,USD,1,,,,",
    "quoted field": '1025,2026-03-14T10:00:00Z,,,,USD,1,,"https://shop.example.com/?a=1,2",,',
    "doubled quotes": '"10""26",2026-03-14T10:00:00Z,,,,USD,1,,,,',
    "backslash": "1027,2026-03-14T10:00:00Z,,,,USD,1,,https://shop.example.com/a\\b,,",
    "non-ascii text": "1028,2026-03-14T10:00:00Z,,,,USD,1,,https://shop.example.com/caf\u00e9,,",
    "tab in text": "1029,2026-03-14T10:00:00Z,,,,USD,1,,https://shop.example.com/\tx,,",
    "text kept verbatim": "  1030 ,2026-03-14T10:00:00Z,,,  C3  ,USD,1, paid ,,,",
    "blank line": "",
    "spaces line": "    ",
    "commas only": ",,,,,,,,,,",
    "year 1899": "1031,1899-12-31T10:00:00Z,,,,USD,1,,,,",
    "negative zero": "1032,2026-03-14T10:00:00Z,,,,USD,-0,,,,no",
}


def _load(data: bytes, kind_name: str, *, sql: bool) -> tuple[list[tuple], list[tuple], int, int]:
    kind = CSV_KINDS[kind_name]
    con = duckdb.connect()
    schema.create_all(con)
    rows = RowSink(con, kind.table, kind.arrow_schema(), 7, f"{kind_name}/f.csv")
    quarantine = QuarantineSink(con, kind_name, 7, f"{kind_name}/f.csv")
    con.execute("begin transaction")
    if sql:
        typed = load_csv_bytes_sql(con, data, kind, rows, quarantine)
        assert typed is not None, "the file should take the fast path"
        read, in_sql = typed
    else:
        read, in_sql = load_csv_stream(io.BytesIO(data), kind, rows, quarantine), 0
    rows.flush()
    quarantine.flush()
    con.execute("commit")
    raw = con.execute(f"select * from raw.{kind.table} order by line_number").fetchall()
    quarantined = con.execute("select * from audit.quarantine order by line_number").fetchall()
    return raw, quarantined, read, in_sql


def _same(data: bytes, kind: str) -> tuple[list[tuple], list[tuple], int, int]:
    fast = _load(data, kind, sql=True)
    assert fast[:3] == _load(data, kind, sql=False)[:3]
    return fast


@pytest.mark.parametrize("name", sorted(ORDER_ROWS))
def test_each_order_row_matches_the_python_reader(name: str) -> None:
    before = ORDER_ROWS["plain"].replace("1001", "900")
    after = ORDER_ROWS["plain"].replace("1001", "901")
    _same(f"{ORDERS_HEADER}\n{before}\n{ORDER_ROWS[name]}\n{after}\n".encode(), "orders")


def test_whole_order_corpus_matches_and_uses_the_fast_path() -> None:
    body = "\n".join(list(ORDER_ROWS.values()) * 3)
    raw, quarantined, _read, in_sql = _same(f"{ORDERS_HEADER}\n{body}".replace("\n", "\r\n").encode(), "orders")
    assert len(raw) > 50 and len(quarantined) > 20
    assert in_sql >= 3 * 6


def test_reordered_and_extra_columns_bom_and_missing_optional_columns() -> None:
    data = (
        "\ufeff\n  \nTotal_Price , extra, Currency,created_at,ORDER_ID,email_hash,email\n"
        f"10,x@y,usd,2026-03-14T10:00:00Z,1,{'AB' * 32},jane@example.com\n"
        "10,,usd,2026-03-14T10:00:00Z,2,,jane@example.com\n"
    ).encode()
    raw, _, read, in_sql = _same(data, "orders")
    assert read == in_sql == 2
    assert raw[0][6] == ("ab" * 32)  # a given hash wins over the plain email


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        (
            "refunds",
            "refund_id,order_id,refunded_at,amount,currency\nr1,1,2026-03-15T08:00:00Z,5.50,usd\n"
            "r2,1,2026-03-15T08:00:00Z,-1,USD\nr3,1,2026-03-15T08:00:00Z,-0,USD\n",
        ),
        (
            "spend",
            "date_day,platform,campaign_id,campaign_name,spend,currency,clicks,impressions,ad_group_id\n"
            "2026-03-14, Facebook ,c1,Spring Sale ,100.25,USD,12,3400,\n"
            "2026-03-14,google,c2,Brand,0,usd,12.0,,ag1\n2026-13-01,google,c,n,1,USD,,,\n"
            "2026-03-14,google,c,n,1,USD,007,-5,\n 2026-03-14 ,google,c,n,1,USD,,,\n",
        ),
        (
            "fx",
            "date_day,currency,rate\n2026-03-14,eur,1.0812345678\n2026-03-14,EUR,0\n2026-03-14,EUR,00.5\n"
            "2026-03-14,EUR,123456789\n2026-03-14,EUR,1.12345678901\n",
        ),
    ],
)
def test_other_kinds_match(kind: str, data: str) -> None:
    assert has_sql_twins(CSV_KINDS[kind])
    _same(data.encode(), kind)


@pytest.mark.parametrize(
    "data",
    [
        b'order_id,created_at,currency,total_price\n"1\n2",2026-03-14T10:00:00Z,USD,1\n',  # a record on two lines
        b'order_id,created_at,currency,total_price\na"b,"c\nd",2026-03-14T10:00:00Z,USD,1\n',  # even quotes, still open
        b"order_id,created_at,currency,total_price\r1,2026-03-14T10:00:00Z,USD,1\r",  # bare carriage returns
        b"order_id,created_at,currency,total_price\n1\xff,2026-03-14T10:00:00Z,USD,1\n",  # not UTF-8
    ],
)
def test_files_the_fast_path_leaves_to_python(data: bytes) -> None:
    kind = CSV_KINDS["orders"]
    con = duckdb.connect()
    schema.create_all(con)
    rows = RowSink(con, kind.table, kind.arrow_schema(), 7, "orders/f.csv")
    quarantine = QuarantineSink(con, "orders", 7, "orders/f.csv")
    assert load_csv_bytes_sql(con, data, kind, rows, quarantine) is None
    assert con.execute("select count(*) from raw.orders").fetchone() == (0,)


@pytest.mark.parametrize("data", [b"", b"\n \n\r\n", b"\xef\xbb\xbf"])
def test_empty_files_are_rejected_like_the_python_reader(data: bytes) -> None:
    for sql in (True, False):
        with pytest.raises(FileRejected, match="empty file"):
            _load(data, "orders", sql=sql)


def test_generated_orders_match(tmp_path: Path) -> None:
    from touchline.generator import generate

    generate(tmp_path / "landing", days=4, visitors=600, seed=11, truth_dir=tmp_path / "truth")
    for path in sorted((tmp_path / "landing").rglob("*.csv")):
        kind = path.relative_to(tmp_path / "landing").parts[0]
        _raw, _, read, in_sql = _same(path.read_bytes(), kind)
        assert in_sql >= 0.8 * read, path
