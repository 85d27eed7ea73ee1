"""One name per ecommerce step, whichever tracker recorded it, and the email fields trackers send.

The landing contract has three event types attribution reads (`page_view`, `identify`,
`checkout_completed`). The steps between them (a product viewed, added to the cart, a
checkout begun) are kept in staging and ignored by attribution; so that a funnel can be
counted across trackers, each tracker's name for one of these steps loads as one name:
GA4's recommended-event name, which Touchline's own generator and GA4 exports already use
(`add_to_cart`). A tracker event with no name here keeps the tracker's own (docs/sources.md,
"Event types").
"""

from __future__ import annotations

from typing import Any

from touchline.landing.values import SHA256_HEX, email_digest
from touchline.sources.format import text

VIEW_ITEM = "view_item"
ADD_TO_CART = "add_to_cart"
REMOVE_FROM_CART = "remove_from_cart"
VIEW_CART = "view_cart"
BEGIN_CHECKOUT = "begin_checkout"
ADD_SHIPPING_INFO = "add_shipping_info"
ADD_PAYMENT_INFO = "add_payment_info"
CHECKOUT_COMPLETED = "checkout_completed"  # the contract's own type

# Segment's Ecommerce Events spec (v2), which RudderStack's ecommerce spec repeats name for
# name; matched case-insensitively, as sources spell them inconsistently
SEGMENT_TRACK: dict[str, str] = {
    "product viewed": VIEW_ITEM,
    "product added": ADD_TO_CART,
    "product removed": REMOVE_FROM_CART,
    "cart viewed": VIEW_CART,
    "checkout started": BEGIN_CHECKOUT,
    "payment info entered": ADD_PAYMENT_INFO,
    "order completed": CHECKOUT_COMPLETED,
    # the names of the spec's first version (replaced in 2016): a year-old archive may hold them
    "viewed product": VIEW_ITEM,
    "added product": ADD_TO_CART,
    "removed product": REMOVE_FROM_CART,
    "completed order": CHECKOUT_COMPLETED,
}

# Shopify's standard Web Pixels events (`checkout_contact_info_submitted` is the identify:
# shopify_web_pixels.py)
WEB_PIXELS: dict[str, str] = {
    "page_viewed": "page_view",
    "product_viewed": VIEW_ITEM,
    "product_added_to_cart": ADD_TO_CART,
    "product_removed_from_cart": REMOVE_FROM_CART,
    "cart_viewed": VIEW_CART,
    "checkout_started": BEGIN_CHECKOUT,
    "checkout_shipping_info_submitted": ADD_SHIPPING_INFO,
    "payment_info_submitted": ADD_PAYMENT_INFO,
    "checkout_completed": CHECKOUT_COMPLETED,
}

# Snowplow: the ecommerce plugin's `snowplow_ecommerce_action` types, and the original
# tracker's self-describing `add_to_cart` / `remove_from_cart` events (by event_name)
SNOWPLOW_ACTIONS: dict[str, str] = {
    "product_view": VIEW_ITEM,
    "add_to_cart": ADD_TO_CART,
    "remove_from_cart": REMOVE_FROM_CART,
    "transaction": CHECKOUT_COMPLETED,
}


def email_fields(plain: Any, hashed: Any = None, hashed_field: str = "email hash") -> dict[str, str]:
    """The landing fields for a tracker's email: `email_hash` when the tracker sent a hash
    (lowercased), else `email` (hashed by the canonical loader, never stored).

    A value in a field named for a hash must be a SHA-256 hex digest (64 hex characters):
    anything else cannot be compared with the stores' hashes and the record is quarantined
    with the reason. An `email` field that holds 64 hex characters (some setups hash before
    sending) is that hash: an email address always has an `@`, so hashing it again would
    only make a hash that matches nothing."""
    digest = text(hashed)
    if digest is not None:
        return {"email_hash": email_digest(digest, hashed_field)}
    email = text(plain)
    if email is None:
        return {}
    if SHA256_HEX.fullmatch(email.strip()):
        return {"email_hash": email.strip().lower()}
    return {"email": email}
