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


def _map(record: Mapping[str, Any], context: FileContext) -> list[Output]:
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
