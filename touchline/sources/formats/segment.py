"""Segment and RudderStack event archives: JSON lines (gzipped as their S3/GCS/Azure storage
destinations write them, whatever the file name), one call per line, the Segment spec.

- `page` -> page_view (`context.page.url`, `context.page.referrer`);
- `identify` -> identify (`traits.email`, hashed on load; `userId` as customer id);
- `track` `Order Completed` -> checkout_completed (`properties.order_id`, `revenue` or
  `total`, `currency`); the other steps of Segment's Ecommerce Events spec (`Product
  Added`, `Checkout Started`, ...) -> Touchline's name for the step (`add_to_cart`,
  `begin_checkout`: ecommerce_events.py); other `track` calls -> `track:<event name>`
  (kept in staging);
- an email already hashed (`traits.email_sha256`, `sha256_email`, `hashed_email`,
  `email_hash`, or an `email` holding 64 hex characters) is taken as the hash, not hashed
  again; a hash field that is not 64 hex characters quarantines the call;
- `messageId` is the event id (a retried send repeats it), `anonymousId` the visitor (a call
  with only a `userId` gets visitor `user:<userId>`), `timestamp` the time, `receivedAt`
  the collector's time.
RudderStack writes the same spec; its records carry `rudderId` or a RudderStack library.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from touchline.sources.format import FileContext, Output, SourceFormat, dig, text
from touchline.sources.formats.ecommerce_events import CHECKOUT_COMPLETED, SEGMENT_TRACK, email_fields

# where setups that hash in the browser put the hash (no spec names one): the first found wins
_HASH_FIELDS = ("email_sha256", "sha256_email", "hashed_email", "email_hash")


def _email(record: Mapping[str, Any], context: Any) -> dict[str, str]:
    """`traits` (identify) or `context.traits` (any call): the plain email or its hash."""
    call_traits = record.get("traits")
    context_traits = context.get("traits") if type(context) is dict else dig(context, "traits")
    if call_traits is None and context_traits is None:
        return {}  # the common call: no traits at all
    for traits in (call_traits, context_traits):
        if type(traits) is not dict and not isinstance(traits, Mapping):
            continue
        for field in _HASH_FIELDS:
            if text(traits.get(field)) is not None:
                return email_fields(None, traits[field], f"traits.{field}")
        if text(traits.get("email")) is not None:
            return email_fields(traits["email"])
    return {}


def segment_event(record: Mapping[str, Any]) -> dict[str, Any]:
    """A Segment-spec call as a landing pixel event (landing.md field names).

    Runs once per call of a year-long archive: a parsed call is dicts, so each level is read
    with dict.get (format.dig reads any Mapping, the same value, at a few times the cost)."""
    get = record.get
    call = str(get("type") or "").lower()
    properties = get("properties")
    if type(properties) is not dict and not isinstance(properties, Mapping):
        properties = {}
    event_name = text(get("event"))
    user_id = text(get("userId"))
    visitor = text(get("anonymousId")) or (f"user:{user_id}" if user_id else None)
    context = get("context")
    if type(context) is dict:
        page = context.get("page")
        user_agent = context.get("userAgent")
    else:
        page = dig(context, "page")
        user_agent = dig(context, "userAgent")
    if type(page) is dict:
        url, referrer = page.get("url"), page.get("referrer")
    else:
        url, referrer = dig(page, "url"), dig(page, "referrer")
    # a present text is taken as it is, inline; anything else goes through text() (the same
    # value: text() keeps a str that is not blank), once per field of every call
    message_id, timestamp, received_at = get("messageId"), get("timestamp"), get("receivedAt")
    event: dict[str, Any] = {
        "event_id": message_id
        if type(message_id) is str and message_id and not message_id.isspace()
        else text(message_id),
        "ts": (timestamp if type(timestamp) is str and timestamp and not timestamp.isspace() else text(timestamp))
        or text(get("originalTimestamp")),
        "received_at": received_at
        if type(received_at) is str and received_at and not received_at.isspace()
        else text(received_at),
        "visitor_id": visitor,
        "url": (url if type(url) is str and url and not url.isspace() else text(url)) or text(properties.get("url")),
        "referrer": (referrer if type(referrer) is str and referrer and not referrer.isspace() else text(referrer))
        or text(properties.get("referrer")),
        "user_agent": user_agent
        if type(user_agent) is str and user_agent and not user_agent.isspace()
        else text(user_agent),
        "customer_id": user_id,
    }
    email = _email(record, context)
    if email:
        event.update(email)
    step = SEGMENT_TRACK.get((event_name or "").strip().lower()) if call == "track" else None
    if call == "page":
        event["event_type"] = "page_view"
    elif call == "identify":
        event["event_type"] = "identify"
    elif step == CHECKOUT_COMPLETED:
        event["event_type"] = CHECKOUT_COMPLETED
        event["order_id"] = text(properties.get("order_id")) or text(properties.get("orderId"))
        revenue = properties.get("revenue")
        event["revenue"] = revenue if revenue is not None else properties.get("total")
        event["currency"] = text(properties.get("currency"))
    elif step is not None:
        event["event_type"] = step
    elif call == "track":
        event["event_type"] = f"track:{event_name}" if event_name else "track"
    else:
        event["event_type"] = call or None
    return event


def _map(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    return [("pixel", segment_event(record))]


def _is_rudderstack(record: Mapping[str, Any]) -> bool:
    library = str(dig(record, "context.library.name") or "").lower()
    return "rudderId" in record or "rudder" in library


RUDDERSTACK = SourceFormat(
    name="rudderstack",
    folder="pixel",
    title="RudderStack event archive (JSON lines, gzipped)",
    container="json",
    keys=("messageId", "type"),
    accept=_is_rudderstack,
    map=_map,
    outputs=("pixel",),
)

SEGMENT = SourceFormat(
    name="segment",
    folder="pixel",
    title="Segment event archive (JSON lines, gzipped)",
    container="json",
    keys=("messageId", "type"),
    accept=lambda record: not _is_rudderstack(record),
    map=_map,
    outputs=("pixel",),
)
