"""Mapped vendor records typed by DuckDB in bulk (touchline/sources/bulk_typing.py) give
exactly what the canonical parsers give one by one: the same rows, the same quarantine (a
record with one bad value quarantined whole), on every orders and spend fixture and on files
written to hold the values DuckDB must leave to Python."""

from __future__ import annotations

import json
from pathlib import Path

from tests.landing_fixtures import load, rows
from tests.test_sources_load import FIXTURES, land
from touchline.sources import load as source_load

CURRENCIES = {"google": "EUR", "x": "USD", "microsoft": "USD", "tiktok": "EUR", "pinterest": "GBP",
              "snapchat": "USD", "linkedin": "EUR", "reddit": "USD", "meta": "EUR"}


def _order(order_id: str, **changes: object) -> dict:
    order = {"id": order_id, "created_at": "2026-03-14T10:00:00+01:00", "updated_at": "2026-03-14T11:00:00Z",
             "email": f"buyer{order_id}@example.com", "customer": {"id": 77}, "currency": "eur",
             "total_price": "19.99", "financial_status": "paid", "test": False,
             "landing_site": "/products/a?utm_source=google&gclid=g1", "referring_site": "https://www.google.com/",
             "refunds": [{"id": f"r{order_id}", "created_at": "2026-03-15T09:00:00Z",
                          "transactions": [{"kind": "refund", "status": "success", "amount": "5.00",
                                            "currency": "EUR"}]}]}
    order.update(changes)
    return order


REST_MIXED = {"orders": [
    _order("1"),                                                       # plain: DuckDB
    _order("2", refunds=[]),                                           # no refund: DuckDB
    _order("3", created_at="2026-02-30T10:00:00Z"),                    # impossible date: quarantined
    _order("4", created_at="1999-12-31T10:00:00Z"),                    # before the window: quarantined
    _order("5", total_price="1e3"),                                    # another spelling: Python
    _order("6", landing_site="/p?ref=jane%40example.com"),             # encoded address: Python redacts
    _order("7", referring_site="https://ex.com/ü"),                    # non-ASCII: Python
    _order("8", total_price="abc"),                                    # bad total: quarantined whole
    _order("9", refunds=[{"id": "r9", "created_at": "never", "transactions": [
        {"kind": "refund", "status": "success", "amount": "1.00"}]}]),  # bad refund: order quarantined too
    _order("10", email=None, customer=None, currency="EUR"),           # optional blanks
    _order("11", total_price=" 12.50 ", landing_site="  "),            # blanks around, blank text
    _order("12", financial_status="Paid, partly"),                     # comma in text: Python
    _order("13", created_at="2026-03-14 10:00:00"),                    # no zone
]}


def _snapshot(con) -> dict:
    return {
        table: rows(con, f"select * exclude (load_id) from {table} order by file_path, line_number")
        for table in ("raw.orders", "raw.refunds", "raw.spend", "audit.quarantine", "audit.dropped_lines")
    } | {"audit": rows(con, "select file_path, status, reason, source_format, records_read, records_loaded, "
                            "records_quarantined from audit.load_audit order by file_path")}


def test_bulk_typing_gives_the_canonical_parsers_rows(tmp_path, monkeypatch):
    monkeypatch.setenv("TOUCHLINE_ACCOUNT_CURRENCIES", json.dumps(CURRENCIES))
    landing = tmp_path / "landing"
    for fixture in sorted(FIXTURES.iterdir()):
        if fixture.name.startswith(("shopify_orders_export", "shopify_admin_orders", "woocommerce", "bigcommerce")):
            land(landing, fixture.name, f"orders/{fixture.name}")
        elif fixture.suffix == ".csv":
            land(landing, fixture.name, f"spend/{fixture.name}")
    (landing / "orders/rest_mixed.json").write_text(json.dumps(REST_MIXED), encoding="utf-8")
    inserted: list[int] = []
    original = source_load.BulkTyper

    class Counting(original):  # type: ignore[misc, valid-type]
        def flush(self):
            left = super().flush()
            inserted.append(self.inserted)
            return left

    monkeypatch.setattr(source_load, "BulkTyper", Counting)
    con, _ = load(landing)
    bulk = _snapshot(con)
    con.close()
    assert sum(inserted) >= 10  # DuckDB typed records of several files

    monkeypatch.setattr(source_load, "bulk_kinds", lambda outputs: False)
    con, _ = load(landing)
    one_by_one = _snapshot(con)
    for part in bulk:
        assert bulk[part] == one_by_one[part], part
    mixed = [row for row in bulk["audit"] if row[0] == "orders/rest_mixed.json"]
    # quarantined: the impossible date, the date before the window, `abc`, the refund without a time
    assert mixed == [("orders/rest_mixed.json", "loaded", None, "shopify_admin_rest", 13, 9, 4)]
    assert "jane%40example.com" not in str(bulk["raw.orders"])
