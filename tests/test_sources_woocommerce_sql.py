"""The DuckDB path for WooCommerce REST orders (sql/woocommerce_rest_orders.sql through
touchline/sources/orders_json_sql.py) gives exactly the orders, refunds, quarantine and audit
counts of the Python mapping alone (formats/woocommerce.py): on the fixture, on generated orders
written as an array document (indented and compact) and as JSON lines (plain, CRLF with blank
lines, gzipped), and on records written to hit every case the path must leave to Python. The
orders follow the fields of WooCommerce's REST order resource (id, status, currency,
date_created_gmt, date_modified_gmt, total, customer_id, billing {email}, meta_data [{id, key,
value}] with the order-attribution keys, refunds [{id, reason, total}]); every value is made up
here."""

from __future__ import annotations

import json
import random

import pytest

from tests.landing_fixtures import load, sha
from tests.orders_json_paths import both_paths, orders_landing, page_edge_rows, snapshot
from touchline.sources import load as source_load

_PREFIX = "_wc_order_attribution_"


def _meta(**values: object) -> list[dict]:
    return [{"id": n, "key": _PREFIX + key, "value": value} for n, (key, value) in enumerate(values.items(), 1)]


def _order(number: int, **fields: object) -> dict:
    order = {
        "id": 5000 + number,
        "parent_id": 0,
        "status": "completed",
        "currency": "EUR",
        "date_created_gmt": "2026-03-14T10:10:00",
        "date_modified_gmt": "2026-03-14T10:12:00",
        "total": "64.90",
        "customer_id": 31,
        "billing": {"first_name": "Nia", "email": f"buyer{number}@example.com", "country": "DE"},
        "meta_data": _meta(
            source_type="utm",
            utm_source="google",
            session_entry="https://shop.example.com/boots/?gclid=G1",
            referrer="https://www.google.com/",
        ),
        "line_items": [{"id": 1, "name": "Boot", "quantity": 1, "total": "60.00"}],
        "refunds": [],
    }
    order.update(fields)
    return {key: value for key, value in order.items() if value is not ...}


def _refund(number: int, total: object = "-14.90", **fields: object) -> dict:
    refund = {"id": 9000 + number, "reason": "damaged", "total": total}
    refund.update(fields)
    return {key: value for key, value in refund.items() if value is not ...}


# Each a valid JSON object the path must map as Python does, or leave to Python.
EDGE_ORDERS = [
    _order(1, refunds=[_refund(1), _refund(2, "-5.00")]),  # partially refunded
    _order(2, id="W-2", customer_id="c-2"),  # text ids
    _order(3, status="processing"),
    _order(4, status="refunded", refunds=[_refund(4, "-64.90")]),
    _order(5, status="cancelled"),
    _order(6, status="failed"),
    _order(7, status="trash"),
    _order(8, status="on-hold"),
    _order(9, status="checkout-draft"),
    _order(10, status="Completed"),  # lowercased, then mapped
    _order(11, status="custom-status"),  # kept lowercased
    _order(12, status="paid", refunds=[_refund(12)]),  # a `paid` with refunds too
    _order(13, status=""),
    _order(14, status="  "),
    _order(15, status=None),
    _order(16, status=5),  # Python's
    _order(17, customer_id=0),  # a guest
    _order(18, customer_id="0"),
    _order(19, customer_id=" 0"),  # kept verbatim
    _order(20, customer_id=None),
    _order(21, customer_id=3.0),  # a JSON float: Python's
    _order(22, billing={"email": "  Ann@Example.COM "}),
    _order(23, billing={"email": ""}),
    _order(24, billing=None),
    _order(25, billing="not an object"),  # Python's
    _order(26, billing={"email": "jörg@example.com"}),  # non-ASCII: Python's
    _order(27, billing={"email": 5}),  # Python's
    _order(28, total=12.5),  # a JSON number: Python's
    _order(29, total="1,204.50"),  # quarantined
    _order(30, total="123456789012.00"),  # out of range: quarantined
    _order(31, currency="eur"),
    _order(32, currency="EURO"),  # quarantined
    _order(33, currency=None),  # quarantined
    _order(34, date_created_gmt="2026-03-14T10:10:00Z"),
    _order(35, date_created_gmt="2026-03-14T10:10:00+01:00"),
    _order(36, date_created_gmt="2026-03-14T10:10:00-05:00"),  # `Z` appended: quarantined
    _order(37, date_created_gmt="2026-03-14 10:10:00-05:00"),  # no `T`: read with its offset
    _order(38, date_created_gmt="2026-02-30T10:10:00"),  # impossible: quarantined
    _order(39, date_created_gmt="1999-12-31T10:10:00"),  # before the date window: quarantined
    _order(40, date_created_gmt=...),  # quarantined
    _order(41, date_created_gmt="2026-03-14T10:10:00.123456"),
    _order(42, date_modified_gmt=""),
    _order(43, date_modified_gmt=None, refunds=[_refund(43)]),  # a refund without a time: quarantined
    _order(44, date_modified_gmt="2026-03-14"),  # a day: Python's
    _order(45, refunds=[_refund(45, "14.90")]),  # positive: the same amount
    _order(46, refunds=[_refund(46, "-0.00")]),  # a zero refund row
    _order(47, refunds=[_refund(47, -14.9)]),  # a JSON number: Python's
    _order(48, refunds=[_refund(48, "abc")]),  # quarantined
    _order(49, refunds=[_refund(49, None)]),  # quarantined
    _order(50, refunds=[_refund(50, id=...)]),  # no refund id: quarantined
    _order(51, refunds=[_refund(51, id="R-51")]),
    _order(52, refunds=[_refund(52, "-1.23456")]),  # five places: quarantined
    _order(53, refunds=["not an object", _refund(53)]),  # skipped by Python
    _order(54, refunds="not a list"),  # quarantined
    _order(55, refunds=None),
    _order(56, meta_data=None),
    _order(57, meta_data=[]),
    _order(58, meta_data=_meta(session_entry="/p?utm_source=meta&fbclid=F58")),  # no UTM values to add
    _order(59, meta_data=_meta(session_entry="https://shop.example.com/p", utm_source="google", utm_medium="cpc")),
    _order(60, meta_data=_meta(session_entry="https://shop.example.com/p?x=1", utm_campaign="Boots Search")),
    _order(61, meta_data=_meta(session_entry="https://shop.example.com/p?UTM_Source=bing", utm_source="google")),
    _order(62, meta_data=_meta(session_entry="https://shop.example.com/p?utm%5Fsource=x", utm_source="google")),
    _order(63, meta_data=_meta(session_entry="https://shop.example.com/p#top", utm_source="google")),  # Python's
    _order(64, meta_data=_meta(session_entry="HTTPS://shop.example.com/p", utm_source="google")),  # Python's
    _order(65, meta_data=_meta(session_entry="/p?", utm_source="google")),  # Python's
    _order(66, meta_data=_meta(session_entry="/p", utm_source="(direct)", utm_term="a b&c=d")),
    _order(67, meta_data=_meta(session_entry="/p", utm_source="(none)", referrer="(none)")),  # skipped
    _order(68, meta_data=_meta(session_entry="  ", utm_source="google")),  # blank: no landing site
    _order(69, meta_data=_meta(utm_source="google")),  # no session entry: no landing site
    _order(70, meta_data=_meta(session_entry="/p?e=jane@example.com")),  # an address: redacted by Python
    _order(71, meta_data=_meta(session_entry="/p", utm_source="jane@example.com")),  # encoded %40: Python's
    _order(72, meta_data=_meta(session_entry="/produkte/größe")),  # non-ASCII: Python's
    _order(73, meta_data=_meta(session_entry="/p", utm_source=5)),  # a number: Python's
    _order(74, meta_data=_meta(referrer=" https://www.bing.com/ ")),  # kept verbatim
    _order(75, meta_data=[*_meta(session_entry="/a"), *_meta(session_entry="/b"), *_meta(session_entry="")]),
    _order(76, meta_data=[*_meta(session_entry="/a"), {"id": 9, "key": 5, "value": "x"}, "not an object", {}]),
    _order(77, meta_data=_meta(device_type={"nested": True}, session_entry="/p")),  # unused values: any type
    _order(78, meta_data="not a list"),  # quarantined
    _order(79, meta_data=_meta(session_entry="//evil.example/p", utm_source="google")),  # Python's
    _order(80, meta_data=_meta(session_entry="https://shop.example.com", utm_id="42")),
    _order(81, meta_data=_meta(session_entry="/p?a=1&&b", utm_source="google", utm_id="7")),
    _order(82, id=0),
    _order(83, id=-5),
    _order(84, id=5.0),  # a JSON float: Python's
    _order(85, id=""),  # quarantined
    _order(86, id=True),  # Python's
    _order(87, meta_data=_meta(session_entry="/p", utm_source="Google Ads", utm_content="~x_y.z-")),
    _order(88, meta_data=_meta(session_entry="/p?q=%2540")),  # twice-encoded: Python's
    _order(89, status="pa@id"),  # Python's
    _order(90, total="-3.00"),
    _order(91, billing={"email": "\u0130x@example.com"}),  # lowercased otherwise by DuckDB: Python's
    # the source type decides whether the UTM values are a tagged visit's (added to the URL); a
    # typed-in visit is direct (its referrer dropped)
    _order(
        92,
        meta_data=_meta(
            source_type="typein",
            utm_source="(direct)",
            utm_medium="(none)",
            session_entry="/p",
            referrer="https://shop.example.com/cart",
        ),
    ),
    _order(
        93,
        meta_data=_meta(
            source_type="organic",
            utm_source="google",
            utm_medium="organic",
            session_entry="https://shop.example.com/p",
            referrer="https://www.google.com/",
        ),
    ),
    _order(
        94,
        meta_data=_meta(
            source_type="referral",
            utm_source="blog.example.org",
            utm_medium="referral",
            session_entry="/p?x=1",
            referrer="https://blog.example.org/post",
        ),
    ),
    _order(
        95,
        meta_data=_meta(
            source_type="utm",
            utm_source="facebook",
            utm_medium="paid_social",
            session_entry="/p",
            referrer="https://l.facebook.com/",
        ),
    ),
    _order(96, meta_data=_meta(source_type=" UTM ", utm_source="google", session_entry="/p")),  # read as utm
    _order(97, meta_data=_meta(source_type="admin", utm_source="(none)", utm_medium="x", session_entry="/p")),
    _order(98, meta_data=_meta(source_type="t\u00ffpein", utm_source="google", session_entry="/p")),  # Python's
    _order(99, meta_data=_meta(source_type=5, utm_source="google", session_entry="/p")),  # a number: Python's
    _order(100, meta_data=_meta(source_type="(none)", utm_source="google", session_entry="/p")),  # no type
    # a later entry without a value (null, blank, `(none)`) leaves a name's earlier value
    _order(
        101, meta_data=[*_meta(session_entry="/a"), *_meta(session_entry=None), *_meta(referrer="https://r.example/")]
    ),
    _order(
        102,
        meta_data=[
            *_meta(session_entry="/a", referrer="https://r.example/"),
            *_meta(session_entry="  ", referrer="(none)"),
        ],
    ),
    _order(103, date_modified_gmt="2026-03-14T10:12:00-05:00"),  # `Z` appended: Python's
    _order(104, date_modified_gmt="2026-03-14 10:12:00-05:00"),  # no `T`: read with its offset
    _order(105, meta_data=_meta(session_entry="/p", referrer="https://x.example/?u=jane@example.com")),  # Python's
    _order(106, meta_data=_meta(session_entry="/p\x7f", utm_source="google")),  # DEL: Python's
    # lowercased otherwise by DuckDB (`İ`): Python's, which keeps the referrer
    _order(107, meta_data=_meta(source_type="TYPE\u0130N", session_entry="/p", referrer="https://r.example/")),
    _order(108, meta_data=_meta(session_entry={"path": "/p"})),  # an object: Python's text of it
    _order(109, date_modified_gmt=1710411120),  # a number: quarantined
    _order(110, date_modified_gmt="   "),  # blank: no modified time
    # objects where a value is read: Python's text of them (each type's check in the SQL)
    _order(111, id={"number": 111}),
    _order(112, customer_id={"id": 7}),
    _order(113, billing={"email": {"address": "a@example.com"}}),
    _order(114, id="  "),  # blank: quarantined
]

# JSON lines text only: what a line may hold that a document cannot (Python would reject the
# whole document), or that cannot be written from a dict.
_BASE = '"status": "completed", "currency": "EUR", "date_created_gmt": "2026-03-14T10:00:00", "total": "1.00"'
RAW_LINES = [
    '{"id": 9001, "id": 9002, ' + _BASE + "}",
    '{"id": 9003, ' + _BASE + ', "x": NaN}',
    '{"id": 9004, ' + _BASE + ', "x": [1,]}',
    '{"id": 9005, ' + _BASE + ', "x": 123456789012345678901234567890}',
    '{"id": 9006, ' + _BASE + ', "billing": {"email": "a@example.com", "email": "b@example.com"}}',
    '{"id": 9007, '
    + _BASE
    + ', "meta_data": [{"key": "_wc_order_attribution_referrer", "value": "https://a.example/", '
    '"value": "https://b.example/"}]}',
    '{"id": 9008, ' + _BASE + ', "meta_data": [{"key": "x", "key": "_wc_order_attribution_session_entry", '
    '"value": "/p"}]}',
    '{"id": 9009, ' + _BASE + ', "date_modified_gmt": "2026-03-14T11:00:00", '
    '"refunds": [{"id": 1, "total": "-1.00", "total": "-2.00"}]}',
    '{"i\\u0064": 9010, ' + _BASE + ', "meta_data": [{"key": "_wc_order_attribution_session_entry", '
    '"value": "https:\\/\\/shop.example.com\\/p\\u0041"}]}',
    '{"id": 9011, ' + _BASE,  # cut
    '["an", "array"]',
    "   ",
    '{"id": 12345678901234567890, ' + _BASE + "}",
    '{"id": 9012, ' + _BASE + ', "billing": {"email": "a\\u0040b.example"}}',
    '{"id": 9013, ' + _BASE + ', "billing": {"email": 1E5}}',  # a number spelled otherwise by Python
    '{"id": 9014, ' + _BASE + ', "meta_data": [{"key": "_wc_order_attribution_refe\\u0072rer", '
    '"value": "https://c.example/"}]}',  # a key written with an escape
]


def _generated(count: int, seed: int) -> list[dict]:
    """Orders as a store's REST pages hold them: most plain, some refunded, a few odd."""
    rng = random.Random(seed)
    orders = []
    for number in range(1000, 1000 + count):
        day, hour = 1 + rng.randrange(28), rng.randrange(24)
        created = f"2026-03-{day:02d}T{hour:02d}:15:00"
        refunds = [_refund(number, f"-{rng.randrange(1, 5000) / 100:.2f}")] if rng.random() < 0.15 else []
        attribution = {
            "source_type": rng.choice(["utm", "organic", "referral", "typein"]),
            "session_entry": rng.choice(
                [
                    f"https://shop.example.com/p/{number % 40}?utm_source=google&gclid=G{number}",
                    f"https://shop.example.com/p/{number % 40}",
                    "/cart",
                    None,
                ]
            ),
            "referrer": rng.choice(["https://www.google.com/", "https://l.facebook.com/", "(none)", None]),
        }
        if rng.random() < 0.5:
            attribution["utm_source"] = rng.choice(["google", "facebook", "(direct)", "newsletter"])
            attribution["utm_medium"] = rng.choice(["cpc", "organic", "email", "(none)"])
        if rng.random() < 0.2:
            attribution["utm_campaign"] = f"Spring Sale {number % 7}"
        orders.append(
            _order(
                number,
                id=5000 + number if rng.random() < 0.9 else str(5000 + number),
                status=rng.choice(["completed", "processing", "refunded", "cancelled", "pending", "on-hold"]),
                date_created_gmt=created,
                date_modified_gmt=rng.choice([created, f"2026-03-{day:02d}T{hour:02d}:45:00", ""]),
                total=f"{rng.randrange(100, 100000) / 100:.2f}",
                customer_id=rng.choice([0, 7000 + number % 300]),
                billing={"email": rng.choice([f"b{number}@example.com", "", f"B{number}@Example.com"])},
                meta_data=_meta(**{key: value for key, value in attribution.items() if value is not None}),
                refunds=refunds,
            )
        )
    return orders


def test_duckdb_path_gives_the_python_mapping_rows(tmp_path, monkeypatch):
    generated = _generated(400, seed=15)
    landing = orders_landing(tmp_path, "woocommerce_orders.json", generated, EDGE_ORDERS, RAW_LINES, split=40)
    con = both_paths(landing, monkeypatch, "woocommerce_rest")
    # hand-checked outcomes on the edge cases (the page: 400 generated orders, then the edges)
    edge = {
        row[0]: row[1:]
        for row in page_edge_rows(
            con, "order_id, email_hash, customer_id, financial_status, landing_site, referring_site"
        )
    }
    assert edge[1][3] == "partially_refunded" and edge[4][3] == "refunded" and edge[5][3] == "voided"
    assert edge[8][3] == "pending" and edge[10][3] == "paid" and edge[11][3] == "custom-status"
    assert edge[12][3] == "partially_refunded" and edge[13][3] is None and edge[14][3] is None
    assert edge[17][2] is None and edge[18][2] is None and edge[19][2] == " 0"
    assert edge[22][1] == sha("ann@example.com") and edge[23][1] is None
    assert edge[59][4] == "https://shop.example.com/p?utm_source=google&utm_medium=cpc"
    assert edge[60][4] == "https://shop.example.com/p?x=1&utm_campaign=Boots+Search"
    assert edge[61][4] == "https://shop.example.com/p?UTM_Source=bing"
    assert edge[66][4] == "/p?utm_source=%28direct%29&utm_term=a+b%26c%3Dd"
    assert edge[67][4] == "/p" and edge[67][5] is None
    assert edge[68][4] is None and edge[69][4] is None
    assert edge[74][5] == " https://www.bing.com/ " and edge[75][4] == "/b" and edge[76][4] == "/a"
    assert edge[80][4] == "https://shop.example.com?utm_id=42"
    assert edge[81][4] == "/p?a=1&&b&utm_source=google&utm_id=7"
    assert edge[82][0] == "0" and edge[83][0] == "-5" and edge[84][0] == "5.0"
    # only a `utm` source type (or none) adds the UTM values; a typed-in visit loses its referrer
    assert edge[92][4:] == ("/p", None)
    assert edge[93][4:] == ("https://shop.example.com/p", "https://www.google.com/")
    assert edge[94][4:] == ("/p?x=1", "https://blog.example.org/post")
    assert edge[95][4:] == ("/p?utm_source=facebook&utm_medium=paid_social", "https://l.facebook.com/")
    assert edge[96][4] == "/p?utm_source=google" and edge[97][4] == "/p" and edge[98][4] == "/p"
    assert edge[99][4] == "/p" and edge[100][4] == "/p?utm_source=google"
    assert edge[101][4:] == ("/a", "https://r.example/") and edge[102][4:] == ("/a", "https://r.example/")
    assert edge[105][4:] == ("/p", "https://x.example/?u=" + sha("jane@example.com"))  # the address hashed
    assert edge[107][4:] == ("/p", "https://r.example/")
    reasons = dict(page_edge_rows(con, "reason", "audit.quarantine"))
    assert reasons == {
        29: "non-numeric total_price",
        30: "total_price out of range",
        32: "invalid currency",
        33: "missing required value: currency",
        36: "unparseable created_at",
        38: "unparseable created_at",
        39: reasons[39],  # the date window's wording
        40: "missing required value: created_at",
        43: "missing required value: refunded_at",
        48: "non-numeric amount",
        49: "non-numeric amount",
        50: "missing required value: refund_id",
        52: "more than 4 decimal places in amount",
        54: "invalid refunds: not a list",
        78: "invalid meta_data: not a list",
        85: "missing required value: order_id",
        103: "unparseable updated_at",
        109: "unparseable updated_at",
        114: "missing required value: order_id",
    }
    refunds = page_edge_rows(con, "refund_id, refunded_at, amount, currency", "raw.refunds")
    assert [(n, i, str(a)) for n, i, _, a, _ in refunds if n in (1, 45, 46, 51, 53)] == [
        (1, "9001", "14.9000"),
        (1, "9002", "5.0000"),
        (45, "9045", "14.9000"),
        (46, "9046", "0.0000"),
        (51, "R-51", "14.9000"),
        (53, "9053", "14.9000"),
    ]


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"meta_data": 5}, "invalid meta_data: not a list"),
        ({"refunds": True}, "invalid refunds: not a list"),
        ({"billing": 5}, None),
    ],
)
def test_lists_that_are_not_lists(tmp_path, monkeypatch, fields, reason):
    """A `meta_data` or `refunds` that is not a list quarantines its order (Python's reason: the
    path leaves the record to it); a `billing` that is not an object has no email."""
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders/page.json").write_text(json.dumps([_order(1), _order(2, **fields)]))
    con, _ = load(tmp_path)
    with_sql = snapshot(con)
    assert [row[2] for row in with_sql["quarantine"]] == ([reason] if reason else [])
    assert len(with_sql["orders"]) == (1 if reason else 2)
    monkeypatch.setattr(source_load, "load_orders_json_sql", lambda *args, **kwargs: None)
    con, _ = load(tmp_path)
    assert snapshot(con) == with_sql
