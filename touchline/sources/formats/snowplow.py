"""Snowplow enriched events as JSON lines (the enriched TSV turned into JSON by the Snowplow
Analytics SDKs' `transform`, as loaders and S3 sinks write it): the enriched event's own field
names. `event_id` is the id, `domain_userid` the browser (`network_userid` without it),
`derived_tstamp` (else `dvce_created_tstamp`, else `collector_tstamp`) the time and
`collector_tstamp` the collector's, `page_url` / `page_referrer`, `useragent`, `user_id`.
`page_view` -> page_view; `transaction` -> checkout_completed (`tr_orderid`, `tr_total`,
`tr_currency`); other events keep their name (`page_ping`, `struct`, `unstruct`, ...).
What it cannot give: an email (Snowplow stores none by default; orders link through
`tr_orderid`). The raw enriched TSV (no header row) is not recognised: load the JSON form.
"""

from __future__ import annotations

from typing import Any, Mapping

from touchline.sources.format import FileContext, Output, SourceFormat, text

_EVENT_TYPES = {"page_view": "page_view", "transaction": "checkout_completed"}


def _map(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    name = text(record.get("event"))
    event: dict[str, Any] = {
        "event_id": text(record.get("event_id")),
        "event_type": _EVENT_TYPES.get(name or "", name),
        "ts": text(record.get("derived_tstamp")) or text(record.get("dvce_created_tstamp"))
        or text(record.get("collector_tstamp")),
        "received_at": text(record.get("collector_tstamp")),
        "visitor_id": text(record.get("domain_userid")) or text(record.get("network_userid")),
        "url": text(record.get("page_url")),
        "referrer": text(record.get("page_referrer")),
        "user_agent": text(record.get("useragent")),
        "customer_id": text(record.get("user_id")),
    }
    if name == "transaction":
        event["order_id"] = text(record.get("tr_orderid"))
        event["revenue"] = record.get("tr_total")
        event["currency"] = text(record.get("tr_currency"))
    return [("pixel", event)]


FORMAT = SourceFormat(
    name="snowplow_enriched_json",
    folder="pixel",
    title="Snowplow enriched events (JSON lines, Analytics SDK form)",
    container="json",
    keys=("event_id", "event", "collector_tstamp", "app_id"),
    map=_map,
    outputs=("pixel",),
)
