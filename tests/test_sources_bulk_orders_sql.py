"""The DuckDB path for Shopify Admin GraphQL bulk-operation orders (touchline/sources/
bulk_orders_sql.py) gives exactly the orders, refunds, journey page views, quarantine and audit
counts of the Python mapping alone: on the fixture, on generated orders with child lines (line
items and visits under `__parentId`), and on lines written to hit every case the path must leave
to Python (fold groups whose neighbours Python might read otherwise, journeys that make page
views, values in other spellings). The lines follow the fields of Shopify's GraphQL Order
object as a bulk operation writes them (id, name, createdAt, updatedAt, email, customer {id},
currencyCode, totalPriceSet {shopMoney {amount, currencyCode}}, displayFinancialStatus, test,
customerJourneySummary {firstVisit, lastVisit {landingPage, referrerUrl, occurredAt}}, refunds
[{id, createdAt, totalRefundedSet {shopMoney}}]; children with `__parentId`); every value is
made up here."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import duckdb

from tests.orders_json_paths import both_paths, json_lines, snapshot
from tests.test_sources_load import land
from touchline.sources.formats.shopify_web_pixels import shopify_id
from touchline.sources.orders_json_sql import _run


def _gid(kind: str, number: int) -> str:
    return f"gid://shopify/{kind}/{number}"


def _order(number: int, **fields: object) -> dict:
    order = {
        "id": _gid("Order", 820000 + number),
        "name": f"#{1000 + number}",
        "createdAt": "2026-03-14T10:10:00Z",
        "updatedAt": "2026-03-14T10:12:00Z",
        "email": f"buyer{number}@example.com",
        "customer": {"id": _gid("Customer", 7000 + number)},
        "currencyCode": "EUR",
        "totalPriceSet": {"shopMoney": {"amount": "99.00", "currencyCode": "EUR"}},
        "displayFinancialStatus": "PAID",
        "test": False,
        "customerJourneySummary": {
            "lastVisit": {
                "landingPage": "/products/boot?utm_source=google&gclid=Cj0K",
                "referrerUrl": "https://www.google.com/",
            }
        },
        "refunds": [],
    }
    order.update(fields)
    return {key: value for key, value in order.items() if value is not ...}


def _refund(number: int, amount: object = "5.00", **fields: object) -> dict:
    refund = {
        "id": _gid("Refund", 930000 + number),
        "createdAt": "2026-03-15T09:00:00+01:00",
        "totalRefundedSet": {"shopMoney": {"amount": amount, "currencyCode": "EUR"}},
    }
    refund.update(fields)
    return {key: value for key, value in refund.items() if value is not ...}


def _item(number: int, parent: int) -> dict:
    return {
        "id": _gid("LineItem", 40000 + number),
        "title": "Boot",
        "quantity": 1,
        "__parentId": _gid("Order", 820000 + parent),
    }


def _visit(number: int, parent: int, **fields: object) -> dict:
    visit = {
        "id": _gid("CustomerVisit", 50000 + number),
        "landingPage": f"https://shop.example.com/?utm_source=meta&fbclid=F{number}",
        "referrerUrl": "https://l.facebook.com/",
        "occurredAt": "2026-03-10T08:00:00Z",
        "__parentId": _gid("Order", 820000 + parent),
    }
    visit.update(fields)
    return {key: value for key, value in visit.items() if value is not ...}


# Each a group of lines (an order, then its children) the path must map as Python does, or leave
# to it; raw strings are lines as they are.
EDGE_GROUPS: list[list[object]] = [
    [_order(1, refunds=[_refund(1, "20.00"), _refund(2, "0.00"), _refund(3, None)])],
    [_order(2), _item(1, 2), _item(2, 2)],  # line items fold into the order
    [_order(3), _visit(3, 3)],  # a visit: a page view, Python's
    [_order(4), _visit(4, 4, occurredAt=None)],  # a visit without a time: no page view
    [_order(5, customerJourneySummary={"firstVisit": {"landingPage": "/f", "occurredAt": "2026-03-10T08:00:00Z"}})],
    [
        _order(
            6,
            customerJourneySummary={
                "lastVisit": {"landingPage": "  ", "referrerUrl": None},
                "firstVisit": {"landingPage": "/first", "referrerUrl": "https://www.bing.com/"},
            },
        )
    ],
    [_order(7, customerJourneySummary={"moments": {"nodes": []}})],
    [_order(8, customerJourneySummary=None, email=None, customer=None)],
    [_order(9, id="5009")],  # a plain id
    [_order(10, id=820010)],  # a number: its key could be another line's
    [_order(11, currencyCode=None)],  # the shop money's currency
    [_order(12, currencyCode="  ", totalPriceSet={"shopMoney": {"amount": "12.50", "currencyCode": "usd"}})],
    [_order(13, totalPriceSet={"shopMoney": {"amount": 12.5, "currencyCode": "EUR"}})],  # a number: Python's
    [_order(14, totalPriceSet={"shopMoney": {"amount": "1,204.50"}})],  # quarantined
    [_order(15, displayFinancialStatus="PARTIALLY_REFUNDED")],
    [_order(16, displayFinancialStatus="B\u212aD")],  # non-ASCII: Python's
    [_order(17, createdAt="2026-03-14 10:10:00 +0100")],  # another spelling: Python's
    [_order(18, createdAt="1999-12-31T10:10:00Z")],  # outside the window: quarantined
    [_order(19, customerJourneySummary={"lastVisit": {"landingPage": "/?e=jane@example.com"}})],
    [_order(20, refunds=[_refund(20, "-5.00")])],  # quarantined
    [
        _order(
            21, refunds=[_refund(21, "7.50", totalRefundedSet={"shopMoney": {"amount": "7.50", "currencyCode": "usd"}})]
        )
    ],
    [_order(22, refunds=[_refund(22, "7.50", id=None)])],  # no refund id: quarantined
    [_order(23, refunds=[_refund(23, "7.50", createdAt="yesterday")])],  # quarantined
    [_order(24, refunds=["not an object"])],  # quarantined
    [_order(25, refunds=[_refund(25, "0.000")])],  # zero, spelt otherwise: Python's
    [_order(26, refunds=[_refund(26, 5)])],  # a number: Python's
    [_order(27, refunds=None, test=True)],
    [_order(28, test="yes")],
    [_order(29, customer={"id": 7029})],  # a number id
    [_order(30, customer="not an object")],
    [_order(31, id="gid://shopify/Order/")],  # an empty id: quarantined
    [_order(32, email="  Ann@Example.COM ")],
    [_order(33, updatedAt="")],
    [_item(33, 33)],  # an orphan child (its order is not the line before): Python maps it
    [_order(34), _item(34, 34), _visit(35, 34, landingPage=None)],
    [
        _order(
            35, refunds=[_refund(35, "7.50", totalRefundedSet={"shopMoney": {"amount": "7.50", "currencyCode": "XX"}})]
        )
    ],
    [_order(36, createdAt=None)],  # quarantined
    [_order(37, customerJourneySummary={"lastVisit": {"landingPage": 5}})],  # a number: Python's
    [_order(38, customerJourneySummary={"lastVisit": {"landingPage": "/l", "occurredAt": "2026-03-11T08:00:00Z"}})],
    [_order(39, customerJourneySummary={"moments": {"nodes": [_visit(39, 39)]}})],
]

# JSON lines text only: what a line may hold that cannot be written from a dict, each between
# orders whose groups it may join or split for Python.
RAW_LINES = [
    '{"id": "gid://shopify/Order/9001", "id": "gid://shopify/Order/9002", "createdAt": "2026-03-14T10:00:00Z", '
    '"currencyCode": "EUR", "totalPriceSet": {"shopMoney": {"amount": "1.00"}}}',
    '{"id": "gid://shopify/Order/9003", "createdAt": "2026-03-14T10:00:00Z", "currencyCode": "EUR", '
    '"totalPriceSet": {"shopMoney": {"amount": "1.00", "amount": "2.00"}}}',
    '{"id": "gid://shopify/Order/9004", "createdAt": "2026-03-14T10:00:00Z", "currencyCode": "EUR", '
    '"totalPriceSet": {"shopMoney": {"amount": "1.00"}}, "x": NaN}',
    '{"id": "gid://shopify/LineItem/1", "__parentId": "gid://shopify/Order/9004", "x": [1,]}',
    '{"id": "gid://shopify/Order/9005", "createdAt": "2026-03-14T10:00:00Z", "currencyCode": "EUR", '
    '"totalPriceSet": {"shopMoney": {"amount": "1.00"}}',  # cut
    '["an", "array"]',
    "   ",
    '{"i\\u0064": "gid://shopify/Order/9006", "createdAt": "2026-03-14T10:00:00Z", "currencyCode": "EUR", '
    '"totalPriceSet": {"shopMoney": {"amount": "1.00"}}, "customerJourneySummary": {"lastVisit": {"landingPage": "/p\\u0041"}}}',
    '{"id": "gid://shopify/CustomerVisit/7", "__parentId": "gid://shopify/Order/9006", "landingPage": "/v", '
    '"occurredAt": null, "occurredAt": "2026-03-10T08:00:00Z"}',
    '{"id": "gid://shopify/Order/9007", "createdAt": "2026-03-14T10:00:00Z", "currencyCode": "EUR", '
    '"totalPriceSet": {"shopMoney": {"amount": "1.00"}}, "customer": {"id": "gid://shopify/Customer/1", "id": 2}}',
    '{"id": "gid://shopify/LineItem/2", "__parentId": 9007}',
    '{"id": "gid://shopify/Order/9008", "createdAt": "2026-03-14T10:00:00Z", "currencyCode": "EUR", '
    '"totalPriceSet": {"shopMoney": {"amount": "1.00"}}}',
    '{"id": "gid://shopify/LineItem/3", "__parentId": "gid://shopify/Order/9008", "x": 123456789012345678901234567890}',
    # a child Python reads and DuckDB leaves to it (a 19-digit number), after its order
    json.dumps(_order(40)),
    '{"id": "gid://shopify/LineItem/4", "__parentId": "gid://shopify/Order/820040", "x": 1234567890123456789}',
    # ...and before its order (an orphan child: Python folds the order into it)
    '{"id": "gid://shopify/LineItem/5", "__parentId": "gid://shopify/Order/820041", "x": 1234567890123456789}',
    json.dumps(_order(41)),
    # an order whose shop money names a key twice, between plain orders
    json.dumps(_order(42)),
    '{"id": "gid://shopify/Order/9009", "createdAt": "2026-03-14T10:00:00Z", "currencyCode": "EUR", '
    '"totalPriceSet": {"shopMoney": {"amount": "1.00", "amount": "2.00"}}}',
    json.dumps(_order(43)),
    # an order line naming its id twice, then an order with its second id
    '{"id": "gid://shopify/Order/9010", "id": "gid://shopify/Order/820044", "createdAt": "2026-03-14T10:00:00Z", '
    '"currencyCode": "EUR", "totalPriceSet": {"shopMoney": {"amount": "1.00"}}}',
    json.dumps(_order(44)),
]


def _generated(count: int, seed: int) -> list[dict]:
    """Orders as a bulk operation writes them: most plain, some with line items or a refund,
    a few with a visit that makes a page view."""
    rng = random.Random(seed)
    lines: list[dict] = []
    for number in range(1000, 1000 + count):
        day, hour = 1 + rng.randrange(28), rng.randrange(24)
        offset = rng.choice(["Z", "+01:00", "-05:00"])
        refunds = []
        if rng.random() < 0.2:
            refunds.append(
                _refund(
                    number,
                    f"{rng.randrange(1, 5000) / 100:.2f}",
                    createdAt=f"2026-03-{day:02d}T{hour:02d}:30:00{offset}",
                )
            )
        if rng.random() < 0.05:
            refunds.append(_refund(number + 100000, "0.00"))
        journey = rng.choice(
            [
                None,
                {
                    "lastVisit": {
                        "landingPage": f"/p{number}?utm_source=google&gclid=G{number}",
                        "referrerUrl": "https://www.google.com/",
                    }
                },
                {"firstVisit": {"landingPage": "/", "referrerUrl": None}, "lastVisit": {"landingPage": " "}},
            ]
        )
        lines.append(
            _order(
                number,
                email=rng.choice([f"b{number}@example.com", "", None]),
                createdAt=f"2026-03-{day:02d}T{hour:02d}:15:00{offset}",
                updatedAt=rng.choice([None, f"2026-03-{day:02d}T{hour:02d}:45:00{offset}"]),
                totalPriceSet={
                    "shopMoney": {"amount": f"{rng.randrange(100, 100000) / 100:.2f}", "currencyCode": "EUR"}
                },
                displayFinancialStatus=rng.choice(["PAID", "PARTIALLY_REFUNDED", "REFUNDED", None]),
                customer=rng.choice([None, {"id": _gid("Customer", 7000 + number % 300)}]),
                customerJourneySummary=journey,
                test=rng.random() < 0.05,
                refunds=refunds,
            )
        )
        for item in range(rng.choice([0, 0, 1, 3])):
            lines.append(_item(number * 10 + item, number))
        if rng.random() < 0.03:
            lines.append(_visit(number, number))
    return lines


def _landing(tmp_path: Path) -> Path:
    landing = tmp_path / "landing"
    (landing / "orders").mkdir(parents=True)
    land(landing, "shopify_admin_bulk_orders.jsonl", "orders/fixture/bulk.jsonl")
    generated = _generated(400, seed=15)
    edges = [line for group in EDGE_GROUPS for line in group]
    mixed = [*edges[:20], *RAW_LINES[:6], "", *edges[20:], *RAW_LINES[6:], *generated[:80]]
    (landing / "orders/bulk.jsonl").write_bytes(json_lines(generated + edges + RAW_LINES))
    (landing / "orders/mixed.jsonl").write_bytes(json_lines(mixed))
    (landing / "orders/crlf.jsonl").write_bytes(b"\n \n" + json_lines(mixed).replace(b"\n", b"\r\n"))
    (landing / "orders/bulk.jsonl.gz").write_bytes(gzip.compress(json_lines(generated[100:300] + RAW_LINES)))
    return landing


def test_duckdb_path_gives_the_python_mapping_rows(tmp_path, monkeypatch):
    # the path ran on every file (5) and mapped most generated orders
    con = both_paths(
        _landing(tmp_path),
        monkeypatch,
        "shopify_admin_graphql",
        files=5,
        least_mapped=550,
        loader="load_bulk_orders_sql",
    )
    with_sql = snapshot(con)
    # the journeys made page views and checkouts, some quarantine reasons are the mapping's
    assert len(with_sql["pixel"]) > 10
    reasons = {row[2] for row in with_sql["quarantine"]}
    assert {"invalid JSON", "negative refund amount", "non-numeric total_price"} <= reasons


# texts around the blank macros' shortcut (a first and last byte of printable non-space ASCII)
_TEXTS = ["", " ", "  a ", "a", "!", "~", "a~", "~ ", " ~", "\t", "\ta", "a\t", "\x7f", "\x7fa", "a\x7f", "\x00"]
_TEXTS += [f"{space}{text}" for space in ("\u00a0", "\u3000", "\u2009", "\u200b", "\ufeff") for text in ("", "a", "a ")]
_TEXTS += [f"a{space}" for space in ("\u00a0", "\u3000", "\u2009")] + ["é", "aé", "é a"]


def test_the_blank_macros_read_texts_as_trim_does():
    # the orders statement asks __touchline_has_text and __touchline_trimmed, which trim only the
    # texts that may need it, what trim() answers for every text (trim() takes off Unicode
    # spaces too: a shortcut on ' ' alone would call `\u00a0` a value)
    con = duckdb.connect()
    _run(con, "json_orders_macro_blank")
    con.execute("create table texts (value varchar)")
    con.executemany("insert into texts values (?)", [[text] for text in [*_TEXTS, None]])
    differ = con.execute(
        "select value from texts where __touchline_has_text(value) is distinct from (trim(value) <> '') "
        "or __touchline_trimmed(value) is distinct from trim(value)"
    ).fetchall()
    assert differ == []
    assert (
        con.execute("select count(*) from texts where not __touchline_has_text(value)").fetchone()[0] == 5
    )  # "", " ", U+00A0, U+3000, U+2009


_IDS = ["gid://shopify/Order/123", "gid://shopify/Order/123?x=1", "gid://shopify/Order/", "gid://shopify/Order/1/2"]
_IDS += ["gid://a?b/c", "gid://a/b?c/d", "gid://x\\y/z", "gid://x/y\\z", "gid://", "gid://?", "gid://a/.b", "gid://a/é"]


def test_gid_ids_are_reduced_as_shopify_id_reduces_them():
    con = duckdb.connect()
    _run(con, "json_orders_macro_blank")
    reduced = [con.execute("select __touchline_gid_tail(?)", [value]).fetchone()[0] for value in _IDS]
    assert reduced == [shopify_id(value) or "" for value in _IDS]
