"""Shopify Web Pixels events as a custom pixel forwards them (the `event` object, one per
JSON line): `page_viewed` -> page_view, `checkout_completed` -> checkout_completed with
`data.checkout.order.id` (a `gid://shopify/Order/123` id is reduced to `123`, the id of the
order exports), `data.checkout.email` (hashed on load) and `data.checkout.totalPrice`.
`checkout_contact_info_submitted` -> identify: Web Pixels have no identify event, and this
is the one where the shopper gives the email (`data.checkout.email`), so it links the
browser to the email as an identify call does. The other standard ecommerce events load as
Touchline's name for the step (`product_added_to_cart` -> add_to_cart: ecommerce_events.py).
`id` is the event id, `clientId` the visitor, `context.document.location.href` the URL and
`context.document.referrer` the referrer. Other events keep their Shopify name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from touchline.sources.format import FileContext, Output, SourceFormat, dig, text
from touchline.sources.formats.ecommerce_events import WEB_PIXELS, email_fields

_EVENT_TYPES = {**WEB_PIXELS, "checkout_contact_info_submitted": "identify"}


def shopify_id(value: Any) -> str | None:
    """`gid://shopify/Order/123` -> `123`; plain ids unchanged."""
    id_text = text(value)
    if id_text is not None and id_text.startswith("gid://"):
        return id_text.rsplit("/", 1)[-1].split("?", 1)[0]
    return id_text


def _checkout_fields(checkout: Any, name: str | None) -> dict[str, Any]:
    """The fields of `data.checkout`: customer id, email, and a completed checkout's order."""
    fields: dict[str, Any] = {"customer_id": shopify_id(dig(checkout, "order.customer.id"))}
    fields.update(email_fields(dig(checkout, "email")))
    if name == "checkout_completed":
        fields["order_id"] = shopify_id(dig(checkout, "order.id"))
        fields["revenue"] = dig(checkout, "totalPrice.amount")
        fields["currency"] = text(dig(checkout, "totalPrice.currencyCode")) or text(dig(checkout, "currencyCode"))
    return fields


def _map(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    """Runs once per event. A parsed event is dicts, so each level is read with dict.get
    (format.dig reads any Mapping, the same value, at a few times the cost: it splits its
    dotted path and hashes the parts anew on every call), dig only for any other value; a
    field that is a non-blank string (nearly all) is taken as it is, as text() would return
    it, without the call (~400 instructions each)."""
    get = record.get
    v = get("name")
    name = v if type(v) is str and v and not v.isspace() else text(v)
    page = get("context")
    if type(page) is dict:
        document, navigator = page.get("document"), page.get("navigator")
    else:
        document, navigator = dig(page, "document"), dig(page, "navigator")
    if type(document) is dict:
        location, referrer = document.get("location"), document.get("referrer")
    else:
        location, referrer = dig(document, "location"), dig(document, "referrer")
    v = location.get("href") if type(location) is dict else dig(location, "href")
    url = v if type(v) is str and v and not v.isspace() else text(v)
    referrer = referrer if type(referrer) is str and referrer and not referrer.isspace() else text(referrer)
    v = navigator.get("userAgent") if type(navigator) is dict else dig(navigator, "userAgent")
    user_agent = v if type(v) is str and v and not v.isspace() else text(v)
    v = get("id")
    event_id = v if type(v) is str and v and not v.isspace() else text(v)
    v = get("timestamp")
    ts = v if type(v) is str and v and not v.isspace() else text(v)
    v = get("clientId")
    visitor_id = v if type(v) is str and v and not v.isspace() else text(v)
    event: dict[str, Any] = {
        "event_id": event_id,
        "event_type": _EVENT_TYPES.get(name or "", name),
        "ts": ts,
        "visitor_id": visitor_id,
        "url": url,
        "referrer": referrer,
        "user_agent": user_agent,
        "customer_id": None,
    }
    data = get("data")
    checkout = data.get("checkout") if type(data) is dict else dig(data, "checkout")
    # Most events (page views, product views) have no checkout: nothing below can be found
    # in a checkout that is absent, empty or not an object (dig finds no key in it)
    if checkout and (type(checkout) is dict or isinstance(checkout, Mapping)):
        event.update(_checkout_fields(checkout, name))
    elif name == "checkout_completed":
        event.update(order_id=None, revenue=None, currency=None)
    return [("pixel", event)]


FORMAT = SourceFormat(
    name="shopify_web_pixels",
    folder="pixel",
    title="Shopify Web Pixels events (JSON lines)",
    container="json",
    keys=("id", "name", "clientId", "timestamp"),
    map=_map,
    outputs=("pixel",),
)
