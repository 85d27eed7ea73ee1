"""One visit as pixel events: a landing page view carrying the touch, internal navigation,
and optionally an identify, a checkout through a payment gateway, and the order.

Events of one visit are at most a few minutes apart, well inside the 30-minute session
timeout, and no later page view carries a new touch: each simulated visit is exactly one
session of attribution.md.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass

from touchline.generator.config import COLLECTION_SLUGS, PLAIN_EMAIL_RATE, PRODUCT_SLUGS, STORE_ORIGIN
from touchline.generator.people import EMPTY_EMAIL_HASH, Order, Session, Visitor, email_hash, email_variant
from touchline.generator.pixel import PixelSink
from touchline.generator.touches import Touch


@dataclass(frozen=True, slots=True)
class Identity:
    email: str  # '' for the empty-string hash some broken forms send
    customer_id: str = ""
    shared: bool = False  # the staff test account: never an identity edge

    @property
    def links(self) -> bool:
        return bool(self.email) and not self.shared


@dataclass(slots=True)
class Visit:
    touch: Touch
    pages: int
    identify: Identity | None = None
    order: Order | None = None
    checkout_event: bool = True  # False: the pixel missed the checkout_completed
    orphan_order_id: str = ""  # a checkout whose order never reaches an export


_PATHS = tuple(f"/products/{s}" for s in PRODUCT_SLUGS) + tuple(f"/collections/{s}" for s in COLLECTION_SLUGS)
_PATH_WEIGHTS = (0.6 / len(PRODUCT_SLUGS),) * len(PRODUCT_SLUGS) + (0.25 / len(COLLECTION_SLUGS),) * len(
    COLLECTION_SLUGS
)
_PATH_CUM = tuple(itertools.accumulate(_PATH_WEIGHTS))


def _random_path(rng: random.Random) -> str:
    i = bisect.bisect_right(_PATH_CUM, rng.random())
    return _PATHS[i] if i < len(_PATHS) else "/"


def landing_path(rng: random.Random, touch: Touch) -> str:
    return f"/products/{rng.choice(PRODUCT_SLUGS)}" if touch.ad_platform else _random_path(rng)


def _identify_fields(rng: random.Random, who: Identity) -> dict:
    if not who.email:
        return {"email_hash": EMPTY_EMAIL_HASH}
    # Two pixel setups: the older one sends the plain email, the newer its hash.
    f = (
        {"email": email_variant(rng, who.email)}
        if rng.random() < PLAIN_EMAIL_RATE
        else {"email_hash": email_hash(who.email)}
    )
    if who.customer_id:
        f["customer_id"] = who.customer_id
    return f


def run_visit(sink: PixelSink, rng: random.Random, visitor: Visitor, start_ms: int, visit: Visit) -> int:
    """Emit one visit's events from start_ms; returns the time of its last event."""
    touch = visit.touch
    vid, ua = visitor.visitor_id, visitor.user_agent
    visitor.sessions.append(Session(vid, start_ms, touch))
    t = start_ms
    path = landing_path(rng, touch)
    url = STORE_ORIGIN + path + touch.query
    ref = touch.referrer if touch.referrer is not None else (None if rng.random() < 0.5 else "")

    def emit(event_type: str, at: int, **fields: object) -> None:
        ev = {"event_id": sink.new_id(), "event_type": event_type, "visitor_id": vid, **fields}
        if ua:
            ev["user_agent"] = ua
        sink.emit(ev, at)

    emit("page_view", t, url=url, referrer=ref)
    rand = rng.random
    for i in range(1, visit.pages):
        t += 4_000 + int(rand() * 236_000)
        prev, path = path, _random_path(rng)
        emit("page_view", t, url=STORE_ORIGIN + path, referrer=STORE_ORIGIN + prev)
        if rand() < 0.12:
            t += 1_000 + int(rand() * 19_000)
            emit("add_to_cart", t, url=STORE_ORIGIN + path)
        if i == 1 and visit.identify is not None and visit.order is None:
            t += rng.randint(2_000, 60_000)
            emit("identify", t, url=STORE_ORIGIN + "/account", **_identify_fields(rng, visit.identify))
            visitor.identified |= visit.identify.links
    if visit.identify is not None and visit.pages == 1 and visit.order is None:
        t += rng.randint(2_000, 60_000)
        emit("identify", t, url=STORE_ORIGIN + path, **_identify_fields(rng, visit.identify))
        visitor.identified |= visit.identify.links
    if visit.order is not None or visit.orphan_order_id:
        t = _checkout(emit, rng, visitor, t, visit)
    visitor.last_event_ms = t
    return t


def _checkout(emit, rng: random.Random, visitor: Visitor, t: int, visit: Visit) -> int:
    t += rng.randint(3_000, 60_000)
    emit("add_to_cart", t, url=STORE_ORIGIN + f"/products/{rng.choice(PRODUCT_SLUGS)}")
    t += rng.randint(3_000, 90_000)
    emit("page_view", t, url=STORE_ORIGIN + "/cart", referrer=STORE_ORIGIN + "/products/x")
    t += rng.randint(3_000, 90_000)
    emit("page_view", t, url=STORE_ORIGIN + "/checkout", referrer=STORE_ORIGIN + "/cart")
    if visit.identify is not None:
        t += rng.randint(10_000, 120_000)
        emit("identify", t, url=STORE_ORIGIN + "/checkout", **_identify_fields(rng, visit.identify))
        visitor.identified |= visit.identify.links
    # Paying off-site and coming back: the gateway referrer must not start a new touch.
    t += rng.randint(30_000, 360_000)
    r = rng.random()
    if r < 0.45:
        url, ref = (
            STORE_ORIGIN + "/checkout/thank-you?payment_intent=pi_3Q" + str(rng.getrandbits(40)),
            "https://checkout.stripe.com/",
        )
    elif r < 0.7:
        url, ref = STORE_ORIGIN + f"/checkout/thank-you?token=EC-{rng.getrandbits(36):X}", "https://www.paypal.com/"
    else:
        url, ref = STORE_ORIGIN + "/checkout/thank-you", STORE_ORIGIN + "/checkout"
    emit("page_view", t, url=url, referrer=ref)
    order = visit.order
    if order is not None:
        order.created_ms = t - rng.randint(500, 3_000)
        if visit.checkout_event:
            t += rng.randint(200, 2_000)
            emit(
                "checkout_completed",
                t,
                url=url,
                order_id=order.order_id,
                revenue=order.total_cents / 100,
                currency=order.currency,
            )
            order.checkout_visitor_id = visitor.visitor_id
            # Staff test orders carry the shared email, so they tie the visitor to nothing else.
            visitor.identified |= not order.is_test
    else:
        t += rng.randint(200, 2_000)
        emit("checkout_completed", t, url=url, order_id=visit.orphan_order_id, revenue=49.0, currency="USD")
    return t
