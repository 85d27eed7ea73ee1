"""The DuckDB path for BigCommerce v2 orders (sql/bigcommerce_v2_orders.sql through
touchline/sources/orders_json_sql.py) gives exactly the orders, refunds, quarantine and audit
counts of the Python mapping alone (formats/bigcommerce.py): on the fixture, on generated orders
written as an array document (indented and compact) and as JSON lines (plain, CRLF with blank
lines, gzipped), and on records written to hit every case the path must leave to Python. The
orders follow the fields of BigCommerce's v2 order resource (id, customer_id, date_created,
date_modified in RFC 2822, status_id, status, total_inc_tax, refunded_amount, currency_code,
is_deleted, billing_address {email}); every value is made up here."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

from tests.landing_fixtures import sha
from tests.orders_json_paths import both_paths, orders_landing, page_edge_rows


def _order(number: int, **fields: object) -> dict:
    order = {
        "id": 100 + number,
        "customer_id": 11,
        "date_created": "Sat, 14 Mar 2026 10:30:00 +0000",
        "date_modified": "Mon, 16 Mar 2026 09:00:00 +0000",
        "status_id": 11,
        "status": "Awaiting Fulfillment",
        "total_inc_tax": "49.5000",
        "refunded_amount": "0.0000",
        "currency_code": "EUR",
        "is_deleted": False,
        "billing_address": {"first_name": "Omar", "email": f"buyer{number}@example.com", "country_iso2": "DE"},
    }
    order.update(fields)
    return {key: value for key, value in order.items() if value is not ...}


# Each a valid JSON object the path must map as Python does, or leave to Python.
EDGE_ORDERS = [
    _order(1, status_id=14, refunded_amount="9.5000"),
    _order(2, id="B-2", customer_id="c-2"),  # text ids
    _order(3, status_id=4, refunded_amount="49.5000"),
    _order(4, status_id=5),
    _order(5, status_id=6),
    _order(6, status_id=0),
    _order(7, status_id=1),
    _order(8, status_id=7),
    _order(9, status_id=10),  # others: paid
    _order(10, status_id="4"),  # text: Python's
    _order(11, status_id=None, status="Shipped"),  # the status text: Python's
    _order(12, status_id=True),  # Python's
    _order(13, is_deleted=True),
    _order(14, is_deleted="yes"),  # not True: ignored
    _order(15, customer_id=0),
    _order(16, customer_id="0"),
    _order(17, customer_id=None),
    _order(18, billing_address={"email": "  Ann@Example.COM "}),
    _order(19, billing_address={"email": ""}),
    _order(20, billing_address=None),
    _order(21, billing_address={"email": "\u0130x@example.com"}),  # lowercased otherwise by DuckDB: Python's
    _order(22, total_inc_tax=12.5),  # a JSON number: Python's
    _order(23, total_inc_tax="1,204.50"),  # quarantined
    _order(24, currency_code="eur"),
    _order(25, currency_code="EURO"),  # quarantined
    _order(26, date_created="Sat, 14 Mar 2026 10:30:00 +0530"),
    _order(27, date_created="Sat, 14 Mar 2026 10:30:00 -0800"),
    _order(28, date_created="Sat, 14 Mar 2026 10:30:00 -0000"),  # no zone for Python: UTC
    _order(29, date_created="Mon, 14 Mar 2026 10:30:00 +0000"),  # a wrong day name: not checked
    _order(30, date_created="Sat, 31 Feb 2026 10:30:00 +0000"),  # impossible: quarantined
    _order(31, date_created="Sat, 4 Mar 2026 10:30:00 +0000"),  # a one-digit day: Python's
    _order(32, date_created="2026-03-14T10:30:00Z"),  # ISO: Python's
    _order(33, date_created="Sat, 14 Mar 1999 10:30:00 +0000"),  # before the date window: quarantined
    _order(34, date_created="Sat, 14 Mar 2026 10:30:00 GMT"),  # Python's
    _order(35, date_created="Sat, 14 Mar 2026 24:30:00 +0000"),  # quarantined
    _order(36, date_created=...),  # quarantined
    _order(37, date_modified=""),
    _order(38, date_modified=None, refunded_amount="5.00"),  # refunded at creation
    _order(39, date_modified="yesterday"),  # quarantined
    _order(40, refunded_amount="-5.00"),  # not positive: no refund
    _order(41, refunded_amount="5.00001"),  # five places: quarantined
    _order(42, refunded_amount="abc"),  # quarantined
    _order(43, refunded_amount=5),  # a JSON number: Python's
    _order(44, refunded_amount=None),
    _order(45, refunded_amount="  "),
    _order(46, id=0),
    _order(47, id=5.0),  # a JSON float: Python's
    _order(48, id=""),  # quarantined
    _order(49, date_created="Sat, 14 Mar 2026 10:30:00 +2400"),  # an offset of a day: Python's
    _order(50, total_inc_tax="-3.00"),
]

_BASE = '"date_created": "Sat, 14 Mar 2026 10:30:00 +0000", "status_id": 11, "total_inc_tax": "1.00", '
_BASE += '"currency_code": "EUR"'
RAW_LINES = [
    '{"id": 9001, "id": 9002, ' + _BASE + "}",
    '{"id": 9003, ' + _BASE + ', "x": NaN}',
    '{"id": 9004, ' + _BASE + ', "x": [1,]}',
    '{"id": 9005, ' + _BASE + ', "billing_address": {"email": "a@example.com", "email": "b@example.com"}}',
    '{"id": 9006, ' + _BASE + ', "is_deleted": true, "is_deleted": false}',
    '{"i\\u0064": 9007, ' + _BASE + "}",
    '{"id": 9008, ' + _BASE,  # cut
    '["an", "array"]',
    "   ",
    '{"id": 12345678901234567890, ' + _BASE + "}",
]


def _generated(count: int, seed: int) -> list[dict]:
    """Orders as a store's v2 pages hold them: most plain, some refunded, a few odd."""
    rng = random.Random(seed)
    orders = []
    for number in range(1000, 1000 + count):
        zone = timezone(timedelta(minutes=rng.choice([0, 60, -300, 330])))
        created = datetime(2026, 3, 1 + rng.randrange(28), rng.randrange(24), 15, tzinfo=zone)
        refunded = f"{rng.randrange(1, 5000) / 100:.4f}" if rng.random() < 0.15 else "0.0000"
        orders.append(
            _order(
                number,
                id=100 + number if rng.random() < 0.9 else str(100 + number),
                status_id=rng.choice([0, 1, 4, 5, 7, 10, 11, 14]),
                date_created=format_datetime(created),
                date_modified=rng.choice([format_datetime(created + timedelta(hours=2)), "", None]),
                total_inc_tax=f"{rng.randrange(100, 100000) / 100:.4f}",
                customer_id=rng.choice([0, 7000 + number % 300]),
                billing_address={"email": rng.choice([f"b{number}@example.com", "", f"B{number}@Example.com"])},
                refunded_amount=refunded,
                is_deleted=rng.random() < 0.03,
            )
        )
    return orders


def test_duckdb_path_gives_the_python_mapping_rows(tmp_path, monkeypatch):
    generated = _generated(400, seed=15)
    landing = orders_landing(tmp_path, "bigcommerce_orders.json", generated, EDGE_ORDERS, RAW_LINES, split=25)
    con = both_paths(landing, monkeypatch, "bigcommerce_v2")
    # hand-checked outcomes on the edge cases (the page: 400 generated orders, then the edges)
    edge = {
        row[0]: row[1:]
        for row in page_edge_rows(
            con, "order_id, email_hash, customer_id, financial_status, strftime(created_at, '%Y-%m-%d %H:%M')"
        )
    }
    assert edge[1][3] == "partially_refunded" and edge[3][3] == "refunded" and edge[4][3] == "voided"
    assert edge[5][3] == "voided" and edge[6][3] == "pending" and edge[9][3] == "paid"
    assert edge[11][3] == "Shipped" and edge[12][3] == "pending" and edge[13][3] == "voided"
    assert edge[14][3] == "paid" and edge[15][2] is None and edge[16][2] is None
    assert edge[18][1] == sha("ann@example.com") and edge[19][1] is None
    assert edge[26][4] == "2026-03-14 05:00" and edge[27][4] == "2026-03-14 18:30"
    assert edge[28][4] == "2026-03-14 10:30" and edge[29][4] == "2026-03-14 10:30"
    assert edge[31][4] == "2026-03-04 10:30" and edge[32][4] == "2026-03-14 10:30"
    assert edge[34][4] == "2026-03-14 10:30"  # `GMT` is a zone to Python's parser
    reasons = dict(page_edge_rows(con, "reason", "audit.quarantine"))
    assert reasons == {
        23: "non-numeric total_price",
        25: "invalid currency",
        30: "unparseable created_at",
        33: reasons[33],  # the date window's wording
        35: "unparseable created_at",
        36: "missing required value: created_at",
        39: "unparseable updated_at",
        41: "more than 4 decimal places in amount",
        42: "non-numeric amount",
        48: "missing required value: order_id",
        49: "unparseable created_at",
    }
    refunds = page_edge_rows(con, "refund_id, strftime(refunded_at, '%Y-%m-%d %H:%M'), amount", "raw.refunds")
    assert [(n, i, t, str(a)) for n, i, t, a in refunds if n in (1, 3, 38, 40)] == [
        (1, "101-refunded", "2026-03-16 09:00", "9.5000"),
        (3, "103-refunded", "2026-03-16 09:00", "49.5000"),
        (38, "138-refunded", "2026-03-14 10:30", "5.0000"),
    ]
