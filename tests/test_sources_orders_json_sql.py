"""The DuckDB path for Shopify Admin REST orders (touchline/sources/orders_json_sql.py) gives
exactly the orders, refunds, quarantine and audit counts of the Python mapping alone: on the
fixture, on generated orders written as a REST page, as JSON lines (plain, gzipped, CRLF, with
blank lines) and as a top-level array, and on records written to hit every case the path must
leave to Python. The orders follow the fields of Shopify's REST Order resource (id, email,
created_at, updated_at, currency, total_price, financial_status, landing_site, referring_site,
test, customer {id, email}, refunds [{id, created_at, processed_at, transactions [{kind,
status, amount, currency}]}]); every value is made up here."""

from __future__ import annotations

import random

import pytest

from tests.landing_fixtures import load, rows, sha
from tests.orders_json_paths import both_paths, orders_landing, snapshot
from touchline.sources import load as source_load


def _order(number: int, **fields: object) -> dict:
    order = {
        "id": 450789000 + number,
        "admin_graphql_api_id": f"gid://shopify/Order/{450789000 + number}",
        "name": f"#{1000 + number}",
        "email": f"buyer{number}@example.com",
        "created_at": "2026-03-14T10:10:00-05:00",
        "updated_at": "2026-03-14T10:12:00-05:00",
        "currency": "EUR",
        "total_price": "99.00",
        "financial_status": "paid",
        "landing_site": "/products/boot?utm_source=google&gclid=Cj0K",
        "referring_site": "https://www.google.com/",
        "test": False,
        "customer": {"id": 207119000 + number, "email": f"buyer{number}@example.com"},
        "line_items": [{"id": 1, "price": "99.00", "quantity": 1, "title": "Boot"}],
        "refunds": [],
    }
    order.update(fields)
    return {key: value for key, value in order.items() if value is not ...}


def _refund(number: int, *transactions: dict, **fields: object) -> dict:
    refund = {"id": 509562000 + number, "created_at": "2026-03-15T09:00:00+01:00", "transactions": list(transactions)}
    refund.update(fields)
    return {key: value for key, value in refund.items() if value is not ...}


def _money(amount: object, **fields: object) -> dict:
    transaction = {"id": 1, "kind": "refund", "status": "success", "amount": amount, "currency": "EUR"}
    transaction.update(fields)
    return {key: value for key, value in transaction.items() if value is not ...}


# Each a valid JSON object the path must map as Python does, or leave to Python.
EDGE_ORDERS = [
    _order(1, refunds=[_refund(1, _money("20.00"), _money("5.00", status="failure")), _refund(2)]),
    _order(2, id="5002", customer={"id": "c-2"}),  # text ids
    _order(3, email="", customer={"id": 3, "email": "Cust3@Example.com"}),  # the customer's email
    _order(4, email=..., customer=None),
    _order(5, customer="not an object"),
    _order(6, test=True),
    _order(7, test="yes"),  # a text flag: Python's
    _order(8, test=1),
    _order(9, total_price=12.5),  # a JSON number: Python's
    _order(10, total_price="1,204.50"),  # quarantined
    _order(11, currency="eur"),
    _order(12, currency="EURO"),  # quarantined
    _order(13, created_at="2026-03-14 10:10:00 +0100"),  # Shopify's CSV spelling: Python's
    _order(14, created_at="2026-03-14T10:10:00.123Z"),
    _order(15, created_at="2026-02-30T10:10:00Z"),  # impossible: quarantined
    _order(16, created_at="1999-12-31T10:10:00Z"),  # before the date window: quarantined
    _order(17, updated_at=""),
    _order(18, financial_status="  "),
    _order(19, landing_site="/?e=jane@example.com"),  # an address: redacted by Python
    _order(20, landing_site="/?e=jane%40example.com"),
    _order(21, landing_site="/produkte/größe?utm_source=meta"),  # non-ASCII: Python's
    _order(22, referring_site=" https://www.bing.com/ "),  # kept verbatim
    _order(23, refunds="not a list"),  # quarantined
    _order(24, refunds=["not an object"]),  # quarantined
    _order(25, refunds=None),
    _order(26, refunds=[_refund(26, _money("5.00"), _money("-5.00"))]),  # no money moved
    _order(27, refunds=[_refund(27, _money("-5.00"))]),  # negative: quarantined
    _order(28, refunds=[_refund(28, _money(5.0))]),  # a JSON number: Python's
    _order(29, refunds=[_refund(29, _money("7.50", currency="USD"))]),
    _order(30, refunds=[_refund(30, _money("7.50"), created_at=None, processed_at="2026-03-16T08:00:00Z")]),
    _order(31, refunds=[_refund(31, _money("7.50"), created_at="", processed_at="2026-03-16T08:00:00Z")]),
    _order(32, refunds=[_refund(32, _money("7.50"), id=...)]),  # no refund id: quarantined
    _order(
        33,
        refunds=[
            _refund(
                33,
                _money("1.00", status="pending"),
                _money("2.00", kind="sale"),
                _money("3.00", status=...),
                _money("4.00", currency=...),
                5,
                _money("6.00", currency="  "),
            )
        ],
    ),
    _order(34, refunds=[_refund(34, transactions={"a": 1})]),  # not a list: Python's
    _order(35, refunds=[_refund(35, _money("5.00001"))]),  # five places: quarantined
    _order(36, refunds=[_refund(36, _money("99999999999.00"), _money("1.00"))]),  # out of range
    _order(37, id=0),
    _order(38, id=-5),
    _order(39, id=5.0),  # a JSON float: Python's
    _order(40, id=""),  # quarantined
    _order(41, email="  Ann@Example.COM "),
    _order(42, email="jörg@example.com"),  # non-ASCII: Python's
    _order(43, email=5),
    _order(44, test=None),
    _order(45, customer={"id": "  "}),
    _order(46, refunds=[_refund(46, _money("7.50"), created_at="2026-03-16T08:00:00")]),  # no offset: UTC
    _order(47, refunds=[_refund(47, _money("7.50"), created_at="yesterday")]),  # quarantined
    _order(48, refunds=[_refund(48, _money("7.50", currency="usd"), _money("1.00", currency="GBP"))]),
    _order(49, refunds=[_refund(49, _money("7.50", currency="XX"))]),  # quarantined
    _order(50, landing_site="/p?q=%2540"),  # twice-encoded: Python's
    _order(51, financial_status="pa@id"),
    _order(52, total_price="-3.00"),
    _order(53, total_price="123456789012.00"),  # out of range: quarantined
    _order(54, created_at=...),  # quarantined
    _order(55, currency=None),  # quarantined
    _order(56, landing_site="", referring_site=None),
    _order(57, customer={"id": 57, "email": "  "}, email=None),
    _order(58, refunds=[_refund(58, _money("2.5"), _money("2.25"))]),
    _order(59, created_at="2026-03-14T10:10:00.123456+05:30"),
    _order(60, updated_at="2026-03-14"),  # a day without a time: Python's (midnight)
]

# JSON lines text only: what a line may hold that a document cannot (Python would reject the
# whole document), or that cannot be written from a dict.
RAW_LINES = [
    '{"id": 9001, "id": 9002, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00"}',
    '{"id": 9003, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00", "x": NaN}',
    '{"id": 9004, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00", "x": [1,]}',
    '{"id": 9005, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00", '
    '"x": 123456789012345678901234567890}',
    '{"id": 9006, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00", "x": 1e400}',
    '{"id": 9007, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00"',  # cut
    '["an", "array"]',
    "   ",
    '{"id": 9008, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00", '
    '"note": "a, ] and :NaN, inside a string"}',
    '{"id": 9009, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00", '
    '"customer": {"id": 1, "id": 2}}',
    '{"i\\u0064": 9010, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00", '
    '"landing_site": "/p\\u0041?x=\\"y\\""}',
    '{"id": 12345678901234567890, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00"}',
    '{"id": 9011, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00", '
    '"refunds": [{"id": 1, "transactions": [{"kind": "refund", "amount": "1.00", "amount": "2.00"}]}]}',
    '{"id": 9012, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00", '
    '"email": "a\\u0040b.example"}',
    '{"id": 9013, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00", "x": -1e-400}',
]


def _generated(count: int, seed: int) -> list[dict]:
    """Orders as a store's API pages hold them: most plain, some refunded, a few odd."""
    rng = random.Random(seed)
    orders = []
    for number in range(1000, 1000 + count):
        day, hour = 1 + rng.randrange(28), rng.randrange(24)
        offset = rng.choice(["Z", "+01:00", "-05:00", "+05:30"])
        total = f"{rng.randrange(100, 100000) / 100:.2f}"
        refunds = []
        if rng.random() < 0.2:
            amount = f"{rng.randrange(1, 5000) / 100:.2f}"
            refunds.append(_refund(number, _money(amount), created_at=f"2026-03-{day:02d}T{hour:02d}:30:00{offset}"))
        if rng.random() < 0.05:
            refunds.append(_refund(number + 100000))  # restock only
        orders.append(
            _order(
                number,
                id=450789000 + number if rng.random() < 0.8 else str(450789000 + number),
                email=rng.choice([f"b{number}@example.com", "", None, f"B{number}@Example.com"]),
                created_at=f"2026-03-{day:02d}T{hour:02d}:15:00{offset}",
                updated_at=rng.choice([None, f"2026-03-{day:02d}T{hour:02d}:45:00{offset}"]),
                total_price=total,
                financial_status=rng.choice(["paid", "partially_refunded", "refunded", "pending", None]),
                landing_site=rng.choice([None, f"/products/p{number % 50}?utm_source=meta&fbclid=F{number}", "/"]),
                referring_site=rng.choice([None, "", "https://l.facebook.com/", "https://shop.example.com/cart"]),
                test=rng.random() < 0.05,
                customer=rng.choice([None, {"id": 7000 + number % 300, "email": f"c{number % 300}@example.com"}]),
                refunds=refunds,
            )
        )
    return orders


def test_duckdb_path_gives_the_python_mapping_rows(tmp_path, monkeypatch):
    generated = _generated(400, seed=15)
    landing = orders_landing(
        tmp_path, "shopify_admin_orders.json", generated, EDGE_ORDERS, RAW_LINES, split=30, root="orders"
    )
    # the path ran on every file (7) and mapped most generated orders
    con = both_paths(landing, monkeypatch, "shopify_admin_rest", files=7, least_mapped=600)
    # hand-checked outcomes on the edge cases (the page: 400 generated orders, then the edges)
    edge = {
        row[0]: row[1:]
        for row in rows(
            con,
            "select line_number - 400, order_id, email_hash, currency, total_price, landing_site, referring_site, "
            "is_test from raw.orders where file_path = 'orders/page.json' and line_number > 400",
        )
    }
    assert edge[3][1] == sha("cust3@example.com") and edge[4][1] is None
    assert edge[11][2] == "EUR" and edge[6][6] is True and edge[7][6] is True and edge[8][6] is True
    assert edge[19][4].startswith("/?e=") and "@" not in edge[19][4]
    assert edge[22][5] == " https://www.bing.com/ " and edge[41][1] == sha("ann@example.com")
    assert edge[37][0] == "0" and edge[38][0] == "-5" and edge[39][0] == "5.0"
    reasons = dict(
        rows(
            con,
            "select line_number - 400, reason from audit.quarantine "
            "where file_path = 'orders/page.json' and line_number > 400",
        )
    )
    assert reasons == {
        10: "non-numeric total_price",
        12: "invalid currency",
        15: "unparseable created_at",
        16: reasons[16],  # the date window's wording
        23: "invalid refunds: not an object",
        24: "invalid refunds: not an object",
        27: "negative refund amount",
        32: "missing required value: refund_id",
        35: "more than 4 decimal places in amount",
        36: "amount out of range",
        40: "missing required value: order_id",
        47: "unparseable refunded_at",
        49: "invalid currency",
        53: "total_price out of range",
        54: "missing required value: created_at",
        55: "missing required value: currency",
    }
    refunds = rows(
        con,
        "select line_number - 400, refund_id, refunded_at, amount, currency from raw.refunds "
        "where file_path = 'orders/page.json' and line_number > 400 order by all",
    )
    assert [(n, str(a), c) for n, _, _, a, c in refunds if n in (1, 29, 33, 48, 58)] == [
        (1, "20.0000", "EUR"),
        (29, "7.5000", "USD"),
        (33, "13.0000", "EUR"),  # 3.00 without a status, 4.00 without a currency, 6.00 blank currency
        (48, "8.5000", "USD"),
        (58, "4.7500", "EUR"),
    ]
    assert not [n for n, *_ in refunds if n == 26]  # no money moved: no refund


@pytest.mark.parametrize(
    "text",
    [
        '{"orders": [{"id": 1, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00", '
        '"x": NaN}]}',
        '{"orders": [{"id": 1, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00"},]}',
        '{"orders": [{"id": 1, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00", '
        '"x": 123456789012345678901234567890}]}',
        '{"orders": [{"id": 1, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00"}], '
        '"orders": [{"id": 2, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "2.00"}]}',
        '{"orders": []}',
        # two pages in one file (DuckDB's typed reader would read both)
        '{"orders": [{"id": 1, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00"}]}\n'
        '{"orders": [{"id": 2, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "2.00"}]}\n',
        '{"orders": [{"id": 1, "created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00"}]} x',
    ],
)
def test_documents_python_reads_otherwise_are_left_to_it(tmp_path, monkeypatch, text):
    """A document Python's reader refuses, or reads otherwise than DuckDB, is Python's whole."""
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders/page.json").write_text(text)
    calls: list[object] = []
    original = source_load.load_orders_json_sql
    monkeypatch.setattr(
        source_load, "load_orders_json_sql", lambda *a, **k: calls.append(original(*a, **k)) or calls[-1]
    )
    con, _ = load(tmp_path)
    with_sql = snapshot(con)
    assert all(call is None for call in calls)
    monkeypatch.setattr(source_load, "load_orders_json_sql", lambda *args, **kwargs: None)
    con, _ = load(tmp_path)
    assert snapshot(con) == with_sql
