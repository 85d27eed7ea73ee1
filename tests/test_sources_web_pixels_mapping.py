"""formats/shopify_web_pixels.py maps an event field by field as format.dig() and
format.text() read it, whichever way each level arrives: dicts (the parsed JSON, read with
dict.get), other mappings, values that are not objects, blank texts and non-string values,
and a `data.checkout` that is absent, empty, not an object or only on some events. Each
case is compared with the mapping as it was written before the dict.get shortcuts
(`_by_dotted_paths`: every field through dig and text), so a shortcut that reads a value
differently fails here. The events are made up from Shopify's Web Pixels field names."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import pytest

from touchline.sources.format import FileContext, dig, text
from touchline.sources.formats.ecommerce_events import email_fields
from touchline.sources.formats.shopify_web_pixels import _EVENT_TYPES, _map, shopify_id

UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0"
CONTEXT = FileContext("pixel/shopify/events.jsonl", [])
CHECKOUT = {
    "currencyCode": "EUR",
    "email": "Buyer@Example.com",
    "order": {"id": "gid://shopify/Order/6002", "customer": {"id": "gid://shopify/Customer/9002"}},
    "totalPrice": {"amount": 70.0, "currencyCode": "USD"},
}


def _by_dotted_paths(record: Mapping[str, Any]) -> dict[str, Any]:
    """The mapping before the shortcuts (main at 97b8caf), every field through dig and text."""
    name = text(record.get("name"))
    checkout = dig(record, "data.checkout") or {}
    event: dict[str, Any] = {
        "event_id": text(record.get("id")),
        "event_type": _EVENT_TYPES.get(name or "", name),
        "ts": text(record.get("timestamp")),
        "visitor_id": text(record.get("clientId")),
        "url": text(dig(record, "context.document.location.href")),
        "referrer": text(dig(record, "context.document.referrer")),
        "user_agent": text(dig(record, "context.navigator.userAgent")),
        "customer_id": shopify_id(dig(checkout, "order.customer.id")),
        **email_fields(dig(checkout, "email")),
    }
    if name == "checkout_completed":
        event["order_id"] = shopify_id(dig(checkout, "order.id"))
        event["revenue"] = dig(checkout, "totalPrice.amount")
        event["currency"] = text(dig(checkout, "totalPrice.currencyCode")) or text(dig(checkout, "currencyCode"))
    return event


def _event(**fields: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "id": "sh-1",
        "name": "page_viewed",
        "type": "standard",
        "clientId": "client-1",
        "timestamp": "2026-03-14T11:00:00.000Z",
        "context": {
            "document": {"location": {"href": "https://shop.example.com/a?gclid=x"}, "referrer": "https://g.co/"},
            "navigator": {"userAgent": UA},
        },
        "data": {},
    }
    event.update(fields)
    return event


def _frozen(value: Any) -> Any:
    """The same event with every object a read-only mapping, not a dict."""
    if isinstance(value, dict):
        return MappingProxyType({key: _frozen(item) for key, item in value.items()})
    return value


def _mapped(record: Mapping[str, Any]) -> dict[str, Any]:
    outputs = _map(record, CONTEXT)
    assert len(outputs) == 1 and outputs[0][0] == "pixel"
    return dict(outputs[0][1])


EVENTS = [
    _event(),
    _event(name="product_added_to_cart", data={"cartLine": {"quantity": 1}}),
    _event(name="checkout_completed", data={"checkout": CHECKOUT}),
    _event(name="checkout_completed", data={"checkout": {**CHECKOUT, "totalPrice": {"amount": "70.00"}}}),
    _event(name="checkout_completed"),  # no checkout: the order's fields are there, None
    _event(name="checkout_completed", data={"checkout": {}}),
    _event(name="checkout_completed", data={"checkout": "not an object"}),
    _event(name="checkout_completed", data=None),
    _event(name="checkout_contact_info_submitted", data={"checkout": {"email": " Erin@Example.com"}}),
    _event(name="checkout_started", data={"checkout": {"email": None, "order": {"customer": {"id": 9002}}}}),
    _event(data={"checkout": {"email": "A" * 64}}),  # a page view carrying a checkout keeps its email hash
    _event(data={"checkout": ["not", "an", "object"]}),
    _event(data={"checkout": 0}),
    _event(data="not an object"),
    _event(name=None),
    _event(name=" "),
    _event(context="https://shop.example.com/a"),
    _event(context=None),
    _event(context={"document": "not an object", "navigator": ["x"]}),
    _event(context={"document": {"location": "https://shop.example.com/a", "referrer": 7}, "navigator": {}}),
    _event(context={"document": {"location": {"href": 12.5}, "referrer": None}, "navigator": {"userAgent": True}}),
    _event(context={"document": {"location": None}}),
    _event(id=" \t", clientId="\u00a0", timestamp="", context={"document": {"location": {"href": " "}}}),
    _event(id=42, clientId=7.0, timestamp=False),
]


@pytest.mark.parametrize("record", EVENTS)
def test_the_same_event_as_the_dotted_paths_give(record):
    assert _mapped(record) == _by_dotted_paths(record)


@pytest.mark.parametrize("record", EVENTS)
def test_other_mappings_read_as_dicts(record):
    assert _mapped(_frozen(record)) == _by_dotted_paths(record)


def test_a_plain_page_view():
    assert _mapped(_event()) == {
        "event_id": "sh-1",
        "event_type": "page_view",
        "ts": "2026-03-14T11:00:00.000Z",
        "visitor_id": "client-1",
        "url": "https://shop.example.com/a?gclid=x",
        "referrer": "https://g.co/",
        "user_agent": UA,
        "customer_id": None,
    }


def test_the_checkout_is_read_on_any_event_that_carries_one():
    event = _mapped(_event(name="checkout_contact_info_submitted", data={"checkout": CHECKOUT}))
    assert (event["event_type"], event["email"], event["customer_id"]) == ("identify", "Buyer@Example.com", "9002")
    assert "order_id" not in event
    event = _mapped(_event(name="checkout_completed", data={"checkout": CHECKOUT}))
    assert (event["order_id"], event["revenue"], event["currency"]) == ("6002", 70.0, "USD")
    event = _mapped(_event(name="checkout_completed", data={"checkout": "not an object"}))
    assert (event["order_id"], event["revenue"], event["currency"], event["customer_id"]) == (None, None, None, None)
