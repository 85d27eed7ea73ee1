"""The snippet's storage rules, run in headless Chromium against a real `touchline collect`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from tests.pixel_browser import Storefront, chromium, human_context, landed_lines, running_collector, wait_for
from touchline.pixel.snippet import QUEUE_STUB, TRACKED_PARAMETERS

DAY_MS = 86_400_000


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Storefront, Any, Path]]:
    landing = tmp_path_factory.mktemp("landing")
    storefront = Storefront()
    with running_collector(landing, "--allowed-origin", storefront.origin) as collector:
        storefront.collector_url = collector.url
        with chromium() as browser:
            yield storefront, browser, landing
    storefront.close()


def stored(page: Any, key: str) -> Any:
    raw = page.evaluate(f"localStorage.getItem('tl_{key}')")
    return None if raw is None else json.loads(raw)


def age(page: Any, key: str, days: float) -> None:
    """Make a stored touch `days` old, as if the landing had been that long ago."""
    touch = stored(page, key)
    touch["t"] = page.evaluate("Date.now()") - days * DAY_MS
    page.evaluate(f"localStorage.setItem('tl_{key}', {json.dumps(json.dumps(touch))})")


def visitor_events(landing: Path, visitor_id: str, count: int) -> list[dict[str, Any]]:
    def found() -> list[dict[str, Any]]:
        events = [e for e in landed_lines(landing) if e["visitor_id"] == visitor_id]
        return events if len(events) >= count else []

    return sorted(wait_for(found, f"{count} events of {visitor_id}"), key=lambda e: e["ts"])


def open_page(context: Any, url: str) -> Any:
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("window.touchline && window.touchline.v === 1")
    return page


def browse(page: Any, url: str) -> None:
    """Follow a link, as a shopper does (so the next page's document.referrer is this page)."""
    with page.expect_navigation():
        page.evaluate("url => { location.href = url; }", url)


def test_first_tagged_landing_is_kept_and_sent_with_every_later_event(shop) -> None:
    storefront, browser, landing = shop
    context = human_context(browser)
    page = open_page(
        context, f"{storefront.origin}/?utm_source=pinterest&utm_medium=cpc&utm_campaign=spring&EPIK=pin-1"
    )
    visitor = page.evaluate("JSON.parse(localStorage.getItem('tl_vid'))")
    assert stored(page, "ft")["p"] == {
        "utm_source": "pinterest",
        "utm_medium": "cpc",
        "utm_campaign": "spring",
        "epik": "pin-1",
    }
    assert stored(page, "lt")["p"] == stored(page, "ft")["p"]
    browse(page, f"{storefront.origin}/products/mug")
    # A later tagged landing replaces the latest touch, never the first.
    page.goto(f"{storefront.origin}/?utm_source=google&utm_medium=cpc&gclid=g-1")
    events = visitor_events(landing, visitor, 3)
    assert [e["event_type"] for e in events] == ["page_view"] * 3
    assert all(e["user_agent"] and "HeadlessChrome" not in e["user_agent"] for e in events)
    landing_view, product, second = events
    assert landing_view["url"].endswith("EPIK=pin-1") and landing_view.get("referrer") is None
    assert product["referrer"] == landing_view["url"]
    pinterest = {"utm_source": "pinterest", "utm_medium": "cpc", "utm_campaign": "spring", "epik": "pin-1"}
    for event in (landing_view, product, second):
        assert {k: v for k, v in event["first_touch"].items() if k != "at"} == pinterest
    assert {k: v for k, v in product["last_touch"].items() if k != "at"} == pinterest
    assert {k: v for k, v in second["last_touch"].items() if k != "at"} == {
        "utm_source": "google",
        "utm_medium": "cpc",
        "gclid": "g-1",
    }
    assert len({e["event_id"] for e in events}) == 3
    context.close()


def test_touches_expire_after_365_and_90_days(shop) -> None:
    storefront, browser, landing = shop
    context = human_context(browser)
    page = open_page(context, f"{storefront.origin}/?utm_source=tiktok&ttclid=t-1")
    visitor = page.evaluate("JSON.parse(localStorage.getItem('tl_vid'))")
    # Inside both windows (a day short of each): still sent.
    age(page, "ft", 364)
    age(page, "lt", 89)
    page.goto(f"{storefront.origin}/a")
    # Past both windows: neither is sent, and both are forgotten.
    age(page, "ft", 366)
    age(page, "lt", 91)
    page.goto(f"{storefront.origin}/b")
    assert stored(page, "ft") is None and stored(page, "lt") is None
    # The next tagged landing is a new first touch.
    page.goto(f"{storefront.origin}/?utm_source=reddit&rdt_cid=r-1")
    assert stored(page, "ft")["p"] == {"utm_source": "reddit", "rdt_cid": "r-1"}
    events = visitor_events(landing, visitor, 4)
    inside, expired, fresh = events[1], events[2], events[3]
    assert inside["first_touch"]["ttclid"] == "t-1" and inside["last_touch"]["ttclid"] == "t-1"
    assert "first_touch" not in expired and "last_touch" not in expired
    assert fresh["first_touch"]["rdt_cid"] == "r-1"
    context.close()


def test_the_latest_touch_expires_on_its_own_while_the_first_is_kept(shop) -> None:
    """First touch 200 days old (kept), latest touch 100 days old (dropped)."""
    storefront, browser, landing = shop
    context = human_context(browser)
    page = open_page(context, f"{storefront.origin}/?utm_source=newsletter&utm_medium=email")
    visitor = page.evaluate("JSON.parse(localStorage.getItem('tl_vid'))")
    age(page, "ft", 200)
    age(page, "lt", 100)
    page.goto(f"{storefront.origin}/later")
    later = visitor_events(landing, visitor, 2)[1]
    assert later["first_touch"]["utm_source"] == "newsletter" and "last_touch" not in later
    context.close()


def test_every_click_id_and_utm_field_is_captured(shop) -> None:
    storefront, browser, _landing = shop
    context = human_context(browser)
    query = "&".join(f"{name}=v-{name}" for name in TRACKED_PARAMETERS) + "&igshid=not-tracked"
    page = open_page(context, f"{storefront.origin}/?{query}")
    assert stored(page, "ft")["p"] == {name: f"v-{name}" for name in TRACKED_PARAMETERS}
    assert len(TRACKED_PARAMETERS) == 18  # 6 UTM fields + the 12 click IDs
    context.close()


def test_emails_are_hashed_in_the_browser(shop) -> None:
    storefront, browser, landing = shop
    context = human_context(browser)
    page = open_page(context, f"{storefront.origin}/account")
    visitor = page.evaluate("JSON.parse(localStorage.getItem('tl_vid'))")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.post_data or ""))
    page.evaluate("touchline('identify', {email: '  Jo.Buyer@Example.COM ', customer_id: 77})")
    identify = next(e for e in visitor_events(landing, visitor, 2) if e["event_type"] == "identify")
    assert identify["email_hash"] == hashlib.sha256(b"jo.buyer@example.com").hexdigest()
    assert identify["customer_id"] == "77"
    assert not any("example.com" in body.lower() for body in requests)
    assert not any("Buyer" in json.dumps(line) for line in landed_lines(landing))
    context.close()


def test_a_checkout_with_malformed_store_values_still_lands(shop) -> None:
    """A currency or hash the collector would refuse is left out; the order link is kept."""
    storefront, browser, landing = shop
    context = human_context(browser)
    page = open_page(context, f"{storefront.origin}/thanks")
    visitor = page.evaluate("JSON.parse(localStorage.getItem('tl_vid'))")
    page.evaluate("touchline('checkout', {order_id: 9001, revenue: '', currency: 'US Dollars', email_hash: 'nothex'})")
    page.evaluate("touchline('checkout', {order_id: 'A-9002', revenue: '19.99', currency: ' usd '})")
    checkouts = {
        e["order_id"]: e for e in visitor_events(landing, visitor, 3) if e["event_type"] == "checkout_completed"
    }
    first, second = checkouts["9001"], checkouts["A-9002"]
    assert first["order_id"] == "9001" and not {"revenue", "currency", "email_hash"} & first.keys()
    assert (second["order_id"], second["revenue"], second["currency"]) == ("A-9002", 19.99, "USD")
    context.close()


def test_single_page_navigation_sends_a_page_view(shop) -> None:
    storefront, browser, landing = shop
    context = human_context(browser)
    page = open_page(context, f"{storefront.origin}/spa")
    visitor = page.evaluate("JSON.parse(localStorage.getItem('tl_vid'))")
    page.evaluate("history.pushState({}, '', '/spa/collections/all?utm_source=bing&msclkid=m-1')")
    views = visitor_events(landing, visitor, 2)
    assert views[1]["url"] == f"{storefront.origin}/spa/collections/all?utm_source=bing&msclkid=m-1"
    assert views[1]["referrer"] == f"{storefront.origin}/spa"
    assert views[1]["last_touch"]["msclkid"] == "m-1"
    context.close()


def test_offline_events_stay_queued_and_are_sent_when_back_online(shop) -> None:
    storefront, browser, landing = shop
    context = human_context(browser)
    page = open_page(context, f"{storefront.origin}/offline")
    visitor = page.evaluate("JSON.parse(localStorage.getItem('tl_vid'))")
    visitor_events(landing, visitor, 1)
    context.set_offline(True)
    page.evaluate(
        "touchline('checkout', {order_id: 'off-1', email: 'x@example.org', revenue: '12.50', currency: 'eur'})"
    )
    page.wait_for_function("(JSON.parse(localStorage.getItem('tl_q')) || []).length === 1")
    page.wait_for_timeout(700)
    assert not [e for e in landed_lines(landing) if e.get("order_id") == "off-1"]
    context.set_offline(False)
    checkout = next(e for e in visitor_events(landing, visitor, 2) if e["event_type"] == "checkout_completed")
    assert checkout["order_id"] == "off-1" and checkout["revenue"] == 12.5 and checkout["currency"] == "EUR"
    page.wait_for_function("(JSON.parse(localStorage.getItem('tl_q')) || []).length === 0")
    context.close()


GPC = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true});"
CONSENT_NO = QUEUE_STUB + "touchline('consent', false);"


@pytest.mark.parametrize("init_script", [GPC, CONSENT_NO], ids=["global-privacy-control", "consent-hook-no"])
def test_nothing_is_stored_or_sent_without_consent(shop, init_script: str) -> None:
    storefront, browser, landing = shop
    context = human_context(browser)
    context.add_init_script(init_script)
    before = len(landed_lines(landing))
    page = open_page(context, f"{storefront.origin}/?utm_source=pinterest&epik=no-consent")
    page.evaluate("touchline('identify', {email: 'private@example.com'})")
    page.goto(f"{storefront.origin}/next")
    page.wait_for_timeout(1000)
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('tl_'))") == []
    assert not [e for e in landed_lines(landing)[before:] if "no-consent" in json.dumps(e)]
    if init_script == CONSENT_NO:
        # The store's banner says yes: from then on the pixel runs.
        page.evaluate("touchline('consent', true); touchline('page')")
        page.evaluate("history.pushState({}, '', '/after-yes')")
        visitor = page.evaluate("JSON.parse(localStorage.getItem('tl_vid'))")
        urls = [e["url"] for e in visitor_events(landing, visitor, 2)]
        assert urls == [f"{storefront.origin}/next", f"{storefront.origin}/after-yes"]
    context.close()


def test_cookie_fallback_keeps_one_visitor_when_storage_is_blocked(shop) -> None:
    storefront, browser, landing = shop
    context = human_context(browser)
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('blocked', 'SecurityError'); }});"
    )
    page = open_page(context, f"{storefront.origin}/?utm_source=snapchat&sccid=s-1")
    page.goto(f"{storefront.origin}/cookie-2")
    cookies = {c["name"]: c for c in context.cookies()}
    visitor = json.loads(unquote(cookies["tl_vid"]["value"]))
    events = visitor_events(landing, visitor, 2)
    assert events[1]["first_touch"]["sccid"] == "s-1"
    assert cookies["tl_ft"]["expires"] > cookies["tl_lt"]["expires"]
    context.close()


# Shopify's pixel sandbox, reduced to what the custom pixel uses (Web Pixels API: analytics,
# browser.localStorage); the event payloads follow the documented customer-event fields.
SHOPIFY_SANDBOX = """
window.tlHandlers = {};
window.analytics = {subscribe: (name, handler) => { tlHandlers[name] = handler; }};
window.browser = {localStorage: {
  getItem: async (key) => localStorage.getItem(key),
  setItem: async (key, value) => localStorage.setItem(key, value),
  removeItem: async (key) => localStorage.removeItem(key),
}};
"""


def test_the_shopify_custom_pixel_reports_page_views_and_the_checkout(shop) -> None:
    from touchline.pixel.snippet import shopify_custom_pixel

    storefront, browser, landing = shop
    context = human_context(browser)
    page = context.new_page()
    page.goto(f"{storefront.origin}/blank")
    page.evaluate(SHOPIFY_SANDBOX)
    page.add_script_tag(content=shopify_custom_pixel(storefront.collector_url))
    landing_url = "https://shop.example.com/products/apron?utm_source=meta&utm_medium=paid&FBCLID=fb-1"
    page.evaluate(
        """url => tlHandlers.page_viewed({
        id: 'sh-pv-1', name: 'page_viewed', timestamp: new Date().toISOString(), clientId: 'shopify-client-1',
        context: {document: {location: {href: url}, referrer: 'https://l.facebook.com/'}}})""",
        landing_url,
    )
    page.evaluate("""() => tlHandlers.checkout_contact_info_submitted({
        id: 'sh-ci-1', name: 'checkout_contact_info_submitted', timestamp: new Date().toISOString(),
        clientId: 'shopify-client-1',
        context: {document: {location: {href: 'https://shop.example.com/checkouts/c/1'}, referrer: ''}},
        data: {checkout: {email: 'Buyer@Example.com ', currencyCode: 'EUR'}}})""")
    page.evaluate("""() => tlHandlers.checkout_contact_info_submitted({
        id: 'sh-ci-2', name: 'checkout_contact_info_submitted', timestamp: new Date().toISOString(),
        clientId: 'shopify-client-1',
        context: {document: {location: {href: 'https://shop.example.com/checkouts/c/1'}, referrer: ''}},
        data: {checkout: {phone: '+4915100000000', currencyCode: 'EUR'}}})""")
    page.evaluate("""() => tlHandlers.checkout_completed({
        id: 'sh-co-1', name: 'checkout_completed', timestamp: new Date().toISOString(), clientId: 'shopify-client-1',
        context: {document: {location: {href: 'https://shop.example.com/checkouts/c/1/thank-you'}, referrer: ''}},
        data: {checkout: {email: ' Buyer@Example.com', currencyCode: 'EUR',
                          totalPrice: {amount: 84.5, currencyCode: 'EUR'},
                          order: {id: 'gid://shopify/Order/5551', customer: {id: 'gid://shopify/Customer/77'}}}}})""")
    events = {e["event_id"]: e for e in visitor_events(landing, "shopify-client-1", 3)}
    assert set(events) == {"sh-pv-1", "sh-ci-1", "sh-co-1"}  # a phone-only contact sends nothing
    view, contact, checkout = events["sh-pv-1"], events["sh-ci-1"], events["sh-co-1"]
    assert contact["event_type"] == "identify"
    assert contact["email_hash"] == hashlib.sha256(b"buyer@example.com").hexdigest()
    assert view["event_type"] == "page_view" and view["url"] == landing_url
    assert view["referrer"] == "https://l.facebook.com/"
    assert checkout["event_type"] == "checkout_completed"
    assert (checkout["order_id"], checkout["customer_id"], checkout["revenue"], checkout["currency"]) == (
        "5551",
        "77",
        84.5,
        "EUR",
    )
    assert checkout["email_hash"] == hashlib.sha256(b"buyer@example.com").hexdigest()
    assert checkout["first_touch"]["fbclid"] == "fb-1" and checkout["last_touch"]["utm_source"] == "meta"
    assert stored(page, "q") is None  # delivered: nothing left to retry
    context.close()


def test_without_a_beacon_fetch_keepalive_delivers_across_origins(shop) -> None:
    """The fallback reads the collector's answer, so CORS must allow the storefront origin."""
    storefront, browser, landing = shop
    context = human_context(browser)
    context.add_init_script("Navigator.prototype.sendBeacon = function () { return false; };")
    page = open_page(context, f"{storefront.origin}/?utm_source=linkedin&li_fat_id=li-1")
    visitor = page.evaluate("JSON.parse(localStorage.getItem('tl_vid'))")
    [view] = visitor_events(landing, visitor, 1)
    assert view["first_touch"]["li_fat_id"] == "li-1"
    # The 200 was readable: the batch left the queue and is not sent again.
    page.wait_for_function("(JSON.parse(localStorage.getItem('tl_q')) || []).length === 0")
    page.wait_for_timeout(600)
    assert len([e for e in landed_lines(landing) if e["visitor_id"] == visitor]) == 1
    context.close()


def test_a_batch_the_collector_could_not_take_is_sent_again_with_the_same_event_id(shop) -> None:
    storefront, browser, landing = shop
    context = human_context(browser)
    context.add_init_script("Navigator.prototype.sendBeacon = function () { return false; };")
    answers: list[int] = []

    def collector_down_once(route: Any) -> None:
        if not answers:
            answers.append(503)
            route.fulfill(status=503, headers={"Access-Control-Allow-Origin": storefront.origin}, body="{}")
        else:
            answers.append(200)
            route.continue_()

    context.route(f"{storefront.collector_url}/e", collector_down_once)
    page = open_page(context, f"{storefront.origin}/retry")
    visitor = page.evaluate("JSON.parse(localStorage.getItem('tl_vid'))")
    page.wait_for_function("(JSON.parse(localStorage.getItem('tl_q')) || []).length === 1")
    queued_id = page.evaluate("JSON.parse(localStorage.getItem('tl_q'))[0].event_id")
    # The retry comes 5 s later (Playwright runs the route handler while it waits here).
    page.wait_for_function("(JSON.parse(localStorage.getItem('tl_q')) || []).length === 0", timeout=20_000)
    [view] = visitor_events(landing, visitor, 1)
    assert answers == [503, 200] and view["event_id"] == queued_id
    context.close()
