"""GA4's BigQuery export (`events_YYYYMMDD` tables) extracted as newline-delimited JSON or
Parquet: one event per row, `event_timestamp` in microseconds since the epoch (UTC),
`user_pseudo_id` the browser, `event_params` a list of `{key, value: {string_value,
int_value, double_value, ...}}`.

- `page_view` -> page_view (`page_location`, `page_referrer`); `purchase` ->
  checkout_completed (`ecommerce.transaction_id`, else the `transaction_id` param;
  `ecommerce.purchase_revenue`, else the `value` param; the `currency` param); other events
  keep their GA4 name.
- Click IDs and manual UTMs that GA4 collected (`collected_traffic_source.gclid`, `dclid`,
  `manual_source`, ...) are added to the URL when the URL itself lacks them, so the classifier
  sees them as on any page view.
- GA4 has no event id: a deterministic one is derived from the event's identity (stream,
  browser, time, name, bundle and batch positions), so the same event in two exports is one.
What GA4 cannot give: a user agent (no bot filtering), an email (GA4 forbids it: orders join
through `transaction_id` only), and `page_referrer` on hits after the first of a page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from touchline.landing.values import BadValue
from touchline.sources.format import FileContext, Output, SourceFormat, dig, text
from touchline.sources.formats.common import with_params
from touchline.sources.formats.events_sql_mapping import SqlEvents

_IDENTITY = (
    "stream_id",
    "user_pseudo_id",
    "event_timestamp",
    "event_name",
    "event_bundle_sequence_id",
    "batch_event_index",
    "batch_page_id",
    "batch_ordering_id",
)
# collected_traffic_source field -> the URL parameter the classifier reads
_COLLECTED = (
    ("gclid", "gclid"),
    ("dclid", "dclid"),
    ("srsltid", "srsltid"),
    ("manual_source", "utm_source"),
    ("manual_medium", "utm_medium"),
    ("manual_campaign_name", "utm_campaign"),
    ("manual_campaign_id", "utm_id"),
    ("manual_term", "utm_term"),
    ("manual_content", "utm_content"),
)


def _params(record: Mapping[str, Any]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    entries = record.get("event_params")
    if not isinstance(entries, list):  # absent, null, or not the export's list: no parameters
        return params
    for param in entries:
        if not isinstance(param, Mapping):
            continue
        value = param.get("value") or {}
        for kind in ("string_value", "int_value", "double_value", "float_value"):
            if isinstance(value, Mapping) and value.get(kind) is not None:
                params[str(param.get("key"))] = value[kind]
                break
    return params


def _event_ts(value: Any) -> str:
    try:
        micros = int(value)
    except (TypeError, ValueError):
        raise BadValue("unparseable event_timestamp") from None
    try:
        moment = datetime.fromtimestamp(micros / 1_000_000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise BadValue("unparseable event_timestamp") from None
    return moment.isoformat()


def _with_collected(url: str | None, record: Mapping[str, Any]) -> str | None:
    collected = record.get("collected_traffic_source")
    if not isinstance(collected, Mapping):
        return url
    return with_params(
        url, [(param, str(collected[field])) for field, param in _COLLECTED if collected.get(field) not in (None, "")]
    )


def _event_id(record: Mapping[str, Any]) -> str:
    identity = "|".join(str(record.get(field, "")) for field in _IDENTITY)
    return "ga4:" + hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]


def _map(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    params = _params(record)
    name = text(record.get("event_name"))
    event: dict[str, Any] = {
        "event_id": _event_id(record),
        "event_type": {"page_view": "page_view", "purchase": "checkout_completed"}.get(name or "", name),
        "ts": _event_ts(record.get("event_timestamp")),
        "visitor_id": text(record.get("user_pseudo_id")),
        "url": _with_collected(text(params.get("page_location")), record),
        "referrer": text(params.get("page_referrer")),
        "customer_id": text(record.get("user_id")),
    }
    if name == "purchase":
        event["order_id"] = text(dig(record, "ecommerce.transaction_id")) or text(params.get("transaction_id"))
        revenue = dig(record, "ecommerce.purchase_revenue")
        event["revenue"] = revenue if revenue is not None else params.get("value")
        event["currency"] = text(params.get("currency"))
    return [("pixel", event)]


FORMAT = SourceFormat(
    name="ga4_bigquery",
    folder="pixel",
    title="GA4 BigQuery export (newline-delimited JSON or Parquet)",
    container="json",
    keys=("event_timestamp", "event_name", "user_pseudo_id"),
    map=_map,
    outputs=("pixel",),
    # _map in SQL, for the events DuckDB can vouch for (events_sql.py)
    sql=SqlEvents("ga4", reads="json", macros=("events_ga4_macro_identity", "events_macro_is_text")),
)
