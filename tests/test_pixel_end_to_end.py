"""The pixel end to end: a shopper on two devices in headless Chromium, the events through
`touchline collect`, the orders export beside them, and `touchline build` attributing both
orders to the Pinterest click that brought the shopper in."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.pixel_browser import Storefront, chromium, human_context, landed_lines, running_collector, wait_for
from tests.warehouse_snapshot import query
from touchline.cli import main as touchline

EPIK = "dj0yJnU9Z2xBcWNfR0xmN1ZPRm9ON0RuZzlBdEFRYmk5QU9UNVkmcD0wJm49bGFQb3c"
PINTEREST_LANDING = f"/?utm_source=pinterest&utm_medium=cpc&utm_campaign=pinterest-spring-2026&epik={EPIK}"


def browse(page, url: str) -> None:
    with page.expect_navigation():
        page.evaluate("url => { location.href = url; }", url)


def checkout_of(landing: Path, order_id: str) -> dict:
    def found() -> list[dict]:
        return [e for e in landed_lines(landing) if e.get("order_id") == order_id]

    return wait_for(found, f"the checkout of order {order_id}")[0]


@pytest.mark.slow
def test_two_devices_one_shopper_attributed_through_touchline_build(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    warehouse = tmp_path / "warehouse" / "touchline.duckdb"
    shop = Storefront()
    with running_collector(landing, "--allowed-origin", shop.origin) as collector:
        shop.collector_url = collector.url
        with chromium() as browser:
            # Device 1: lands from a Pinterest ad, browses two untagged pages, buys.
            laptop = human_context(browser)
            page = laptop.new_page()
            page.goto(shop.origin + PINTEREST_LANDING)
            browse(page, f"{shop.origin}/products/linen-apron")
            browse(page, f"{shop.origin}/cart")
            browse(page, f"{shop.origin}/thank-you?order=1001&email=Shopper%40Example.com&revenue=59.90")
            first = checkout_of(landing, "1001")
            laptop.close()
            # Device 2, later: an organic Google search, then a second order, same email.
            phone = human_context(browser)
            page = phone.new_page()
            page.goto(f"{shop.origin}/products/linen-apron", referer="https://www.google.com/")
            browse(page, f"{shop.origin}/thank-you?order=1002&email=%20shopper%40example.com%20&revenue=24.00")
            second = checkout_of(landing, "1002")
            phone.close()
        accepted = collector.health()["accepted_events"]
        assert collector.stop() in (0, -15)
    shop.close()

    # Every accepted event is in a finished file; nothing is left half-written.
    assert not list(landing.rglob(".*")), "a hidden (unfinished) file was left behind"
    events = landed_lines(landing, finished_only=True)
    assert len(events) == accepted == len({e["event_id"] for e in events}) == 8  # 6 page views, 2 checkouts
    assert first["visitor_id"] != second["visitor_id"]
    assert first["email_hash"] == second["email_hash"]
    phone_landing = next(
        e for e in events if e["visitor_id"] == second["visitor_id"] and e["event_type"] == "page_view"
    )
    assert phone_landing["referrer"] == "https://www.google.com/"
    assert "shopper" not in json.dumps(events).lower()

    # The store's own export: the order times are when the checkouts happened.
    orders = landing / "orders" / "orders-export.csv"
    orders.parent.mkdir(parents=True)
    with orders.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["order_id", "created_at", "email", "currency", "total_price", "financial_status"])
        writer.writerow(["1001", first["ts"], "shopper@example.com", "USD", "59.90", "paid"])
        writer.writerow(["1002", second["ts"], "Shopper@Example.com", "USD", "24.00", "paid"])

    assert touchline(["build", "--landing", str(landing), "--warehouse", str(warehouse)]) == 0

    rows = query(
        warehouse,
        """
        select order_id, person_id, attribution_status,
               first_touch_source, first_touch_medium, first_touch_campaign, first_touch_channel,
               last_touch_source, last_touch_medium, last_touch_campaign, last_touch_channel, epik, net_revenue
        from marts.visitor_payments order by order_id""",
    )
    assert [r[0] for r in rows] == ["1001", "1002"]
    one, two = rows
    pinterest = ("pinterest", "cpc", "pinterest-spring-2026", "Paid Social")
    assert one[2] == "attributed"
    assert one[3:7] == pinterest and one[7:11] == pinterest
    assert one[11] == EPIK
    assert str(one[12]) == "59.9000"
    # The phone's order: the same person through the email hash; first touch still Pinterest,
    # last touch the organic Google visit.
    assert two[1] == one[1]
    assert two[3:7] == pinterest
    assert two[7:11] == ("google", "organic", None, "Organic Search")
    assert query(warehouse, "select count(*) from audit.quarantine") == [(0,)]
    loaded = query(warehouse, "select sum(records_loaded) from audit.load_audit where kind = 'pixel'")
    assert loaded == [(8,)]
