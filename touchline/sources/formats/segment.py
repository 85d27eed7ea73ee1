"""Segment and RudderStack event archives: JSON lines (gzipped as their S3/GCS/Azure storage
destinations write them, whatever the file name), one call per line, the Segment spec.

- `page` -> page_view (`context.page.url`, `context.page.referrer`);
- `identify` -> identify (`traits.email`, hashed on load; `userId` as customer id);
- `track` `Order Completed` -> checkout_completed (`properties.order_id`, `revenue` or
  `total`, `currency`); other `track` calls -> `track:<event name>` (kept in staging);
- `messageId` is the event id (a retried send repeats it), `anonymousId` the visitor (a call
  with only a `userId` gets visitor `user:<userId>`), `timestamp` the time, `receivedAt`
  the collector's time.
RudderStack writes the same spec; its records carry `rudderId` or a RudderStack library.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from touchline.sources.format import FileContext, Output, SourceFormat, dig, text

ORDER_COMPLETED = "order completed"


def segment_event(record: Mapping[str, Any]) -> dict[str, Any]:
    """A Segment-spec call as a landing pixel event (landing.md field names)."""
    call = str(record.get("type") or "").lower()
    properties = record.get("properties")
    if type(properties) is not dict and not isinstance(properties, Mapping):
        properties = {}
    event_name = text(record.get("event"))
    user_id = text(record.get("userId"))
    visitor = text(record.get("anonymousId")) or (f"user:{user_id}" if user_id else None)
    context = record.get("context")
    page = dig(context, "page")
    event: dict[str, Any] = {
        "event_id": text(record.get("messageId")),
        "ts": text(record.get("timestamp")) or text(record.get("originalTimestamp")),
        "received_at": text(record.get("receivedAt")),
        "visitor_id": visitor,
        "url": text(dig(page, "url")) or text(properties.get("url")),
        "referrer": text(dig(page, "referrer")) or text(properties.get("referrer")),
        "user_agent": text(dig(context, "userAgent")),
        "email": text(dig(record, "traits.email")) or text(dig(record, "context.traits.email")),
        "customer_id": user_id,
    }
    if call == "page":
        event["event_type"] = "page_view"
    elif call == "identify":
        event["event_type"] = "identify"
    elif call == "track" and (event_name or "").strip().lower() == ORDER_COMPLETED:
        event["event_type"] = "checkout_completed"
        event["order_id"] = text(properties.get("order_id")) or text(properties.get("orderId"))
        revenue = properties.get("revenue")
        event["revenue"] = revenue if revenue is not None else properties.get("total")
        event["currency"] = text(properties.get("currency"))
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
