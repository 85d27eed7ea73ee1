"""Rewrite the generated pixel files as the trackers stores already run write them
(`touchline generate --events-format segment ...`), so the demo shows a real store's folder.

Each record keeps what the tracker's own format can carry, spelled as its archive spells it,
so touchline/sources maps it back to the same event; what a format cannot carry is lost
exactly as in the real archive (docs/sources.md, "Generated event formats"):
- an identify that carries only the browser's email hash is written with the person's plain
  email (a Segment/RudderStack `identify` holds `traits.email`): the hash loads back the same;
- GA4 has no user agent, email, event id or receive time, and leaves out known bots;
- Shopify Web Pixels have no receive time and no identify call: the email comes with
  `checkout_contact_info_submitted` (Shopify's event for it, loaded as an identify),
  add_to_cart is `product_added_to_cart`;
- Snowplow has no identify event: the email travels in the ecommerce plugin's `user` entity,
  so an identify is the plugin's `checkout_step` action (step 1, where a shopper gives the
  email) with that entity; it loads as `ecommerce:checkout_step` plus the identify the loader
  derives from the entity (event id `<id>:identify`). add_to_cart is the original tracker's
  self-describing `add_to_cart` event.
A line that is not JSON stays as it is (the archive would hold the same broken line).
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from touchline.generator.config import GZIP_LEVEL
from touchline.landing.pixel import BotDetector

EVENTS_FORMATS = (
    "touchline",
    "segment",
    "rudderstack",
    "shopify_web_pixels",
    "ga4_bigquery",
    "snowplow_enriched_json",
    "snowplow_enriched_tsv",
)
# each tracker's name for the canonical event types it has (others keep the canonical name)
_SEGMENT_TRACK = {"add_to_cart": "Product Added", "checkout_completed": "Order Completed"}
_WEB_PIXELS = {
    "page_view": "page_viewed",
    "checkout_completed": "checkout_completed",
    "add_to_cart": "product_added_to_cart",
    "identify": "checkout_contact_info_submitted",
}
_GA4 = {"page_view": "page_view", "checkout_completed": "purchase", "add_to_cart": "add_to_cart", "identify": "login"}
_SNOWPLOW = {"page_view": "page_view", "checkout_completed": "transaction"}
_STREAM_ID = "4178032956"  # the demo store's GA4 web stream


def rewrite_events(landing: Path, fmt: str, emails: Mapping[str, str]) -> int:
    """Rewrite every pixel/*.jsonl.gz file in `fmt`; `emails` maps an email hash to the plain
    email the tracker would have sent. Returns the files rewritten."""
    if fmt == "touchline":
        return 0
    writer = _WRITERS[fmt]
    bots = BotDetector()
    files = sorted((landing / "pixel").rglob("*.jsonl.gz"))
    for path in files:
        good: list[bytes] = []
        broken: list[bytes] = []
        with gzip.open(path, "rb") as handle:
            for line in handle:
                try:
                    event = orjson.loads(line)
                except orjson.JSONDecodeError:
                    broken.append(line.rstrip(b"\n"))
                    continue
                record = writer(event, emails, bots)
                if record is not None:
                    good.append(record)
        # a broken line last: the loader recognises a file's format from its first record
        payload = b"\n".join(good + broken) + b"\n" if good or broken else b""
        target = path.with_name(path.name.replace(".jsonl.gz", ".tsv.gz")) if fmt.endswith("_tsv") else path
        path.unlink()
        with (
            target.open("wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=GZIP_LEVEL, mtime=0, filename="") as gz,
        ):
            gz.write(payload)
    return len(files)


def _email(event: Mapping[str, Any], emails: Mapping[str, str]) -> str | None:
    if event.get("email"):
        return event["email"]
    return emails.get(event.get("email_hash") or "")


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if value is not None}


def _segment(event: dict[str, Any], emails: Mapping[str, str], bots: BotDetector, *, rudder: bool = False) -> bytes:
    kind = event.get("event_type")
    record: dict[str, Any] = {
        "messageId": event.get("event_id"),
        "anonymousId": event.get("visitor_id"),
        "userId": event.get("customer_id"),
        "timestamp": event.get("ts"),
        "receivedAt": event.get("received_at"),
        "context": {
            "page": _compact({"url": event.get("url"), "referrer": event.get("referrer")}),
            "userAgent": event.get("user_agent"),
            "library": {"name": "RudderLabs JavaScript SDK", "version": "3.11.0"}
            if rudder
            else {"name": "analytics.js", "version": "next-1.72.0"},
        },
    }
    if kind == "page_view":
        record.update(type="page", properties=_compact({"url": event.get("url"), "referrer": event.get("referrer")}))
    elif kind == "identify":
        record.update(type="identify", traits=_compact({"email": _email(event, emails)}))
    elif kind is None:
        record["type"] = None  # a broken record stays broken (quarantined: no event type)
    else:
        properties = {}
        if kind == "checkout_completed":
            properties = _compact(
                {"order_id": event.get("order_id"), "revenue": event.get("revenue"), "currency": event.get("currency")}
            )
        record.update(type="track", event=_SEGMENT_TRACK.get(kind, kind), properties=properties)
    if rudder:
        record.update(rudderId=event.get("event_id"), channel="web")
    return orjson.dumps(_compact(record))


def _web_pixels(event: dict[str, Any], emails: Mapping[str, str], bots: BotDetector) -> bytes:
    kind = event.get("event_type")
    checkout: dict[str, Any] = {}
    if kind == "identify":
        checkout = _compact({"email": _email(event, emails)})
    elif kind == "checkout_completed":
        checkout = _compact(
            {
                "email": _email(event, emails),
                "order": {"id": f"gid://shopify/Order/{event.get('order_id')}"},
                "totalPrice": {"amount": event.get("revenue"), "currencyCode": event.get("currency")},
            }
        )
    record = {
        "id": event.get("event_id"),
        "name": _WEB_PIXELS.get(kind, kind) if kind else None,
        "type": "standard",
        "clientId": event.get("visitor_id"),
        "timestamp": event.get("ts"),
        "context": {
            "document": _compact({"location": {"href": event.get("url")}, "referrer": event.get("referrer")}),
            "navigator": _compact({"userAgent": event.get("user_agent")}),
        },
        "data": {"checkout": checkout} if checkout else {},
    }
    return orjson.dumps(_compact(record))


def _micros(ts: Any) -> Any:
    try:
        moment = datetime.fromisoformat(str(ts).replace("Z", "+00:00"))
    except ValueError:
        return ts  # a broken timestamp stays broken (quarantined)
    return round(moment.timestamp() * 1000) * 1000  # the canonical times are whole milliseconds


def _param(key: str, value: Any) -> dict[str, Any]:
    kind = "string_value" if isinstance(value, str) else "double_value" if isinstance(value, float) else "int_value"
    return {"key": key, "value": {kind: value}}


def _ga4(event: dict[str, Any], emails: Mapping[str, str], bots: BotDetector) -> bytes | None:
    agent = event.get("user_agent")
    if agent and bots.is_bot(agent):
        return None  # GA4 leaves known bots and spiders out of its data
    kind = event.get("event_type")
    micros = _micros(event.get("ts"))
    params = [
        _param(key, event[field])
        for key, field in (("page_location", "url"), ("page_referrer", "referrer"))
        if event.get(field)
    ]
    record: dict[str, Any] = {
        "event_date": f"{datetime.fromtimestamp(micros / 1e6, tz=UTC):%Y%m%d}" if isinstance(micros, int) else None,
        "event_timestamp": micros,
        "event_name": _GA4.get(kind, kind) if kind else None,
        "event_params": params,
        "user_pseudo_id": event.get("visitor_id"),
        "user_id": event.get("customer_id"),
        "stream_id": _STREAM_ID,
        "platform": "WEB",
    }
    if kind == "checkout_completed":
        params.append(_param("currency", event.get("currency")))
        record["ecommerce"] = {"transaction_id": event.get("order_id"), "purchase_revenue": event.get("revenue")}
    return orjson.dumps(_compact(record))


def _snowplow_utc(ts: Any) -> Any:
    try:
        moment = datetime.fromisoformat(str(ts).replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return ts
    return moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


def _snowplow_fields(event: dict[str, Any]) -> dict[str, Any]:
    kind = event.get("event_type")
    name = _SNOWPLOW.get(kind, "unstruct") if kind else None
    ts, received = _snowplow_utc(event.get("ts")), _snowplow_utc(event.get("received_at"))
    fields: dict[str, Any] = {
        "app_id": "shop",
        "platform": "web",
        "collector_tstamp": received,
        "dvce_created_tstamp": ts,
        "derived_tstamp": ts,
        "event": name,
        "event_id": event.get("event_id"),
        "name_tracker": "sp",
        "v_tracker": "js-3.24.0",
        "user_id": event.get("customer_id"),
        "domain_userid": event.get("visitor_id"),
        "page_url": event.get("url"),
        "page_referrer": event.get("referrer") or None,
        "useragent": event.get("user_agent"),
        "event_vendor": "com.snowplowanalytics.snowplow",
        "event_name": kind,
        "event_format": "jsonschema",
        "event_version": "1-0-0",
    }
    if kind == "checkout_completed":
        fields.update(
            tr_orderid=event.get("order_id"), tr_total=event.get("revenue"), tr_currency=event.get("currency")
        )
    if kind == "identify":
        fields.update(event_vendor=_SNOWPLOW_ECOMMERCE, event_name="snowplow_ecommerce_action", event_version="1-0-2")
    return fields


# The ecommerce plugin's schemas (iglu:com.snowplowanalytics.snowplow.ecommerce/<name>/...)
_SNOWPLOW_ECOMMERCE = "com.snowplowanalytics.snowplow.ecommerce"
_SNOWPLOW_KEY = "com_snowplowanalytics_snowplow_ecommerce_"  # the Analytics SDK's key prefix


def _snowplow_identity(
    event: Mapping[str, Any], emails: Mapping[str, str]
) -> tuple[dict[str, Any] | None, list[tuple[str, dict[str, Any]]]]:
    """An identify's self-describing event data and its context entities, by schema name:
    the `checkout_step` action with the `user` entity holding the email (none without one)."""
    if event.get("event_type") != "identify":
        return None, []
    entities: list[tuple[str, dict[str, Any]]] = [("checkout_step", {"step": 1})]
    email = _email(event, emails)
    if email:
        customer = event.get("customer_id")
        # `id` is required by the schema: a guest's is the browser's id
        user = {"id": customer or event.get("visitor_id"), "is_guest": not customer, "email": email}
        entities.append(("user", user))
    return {"type": "checkout_step"}, entities


def _iglu(name: str, version: str = "1-0-0") -> str:
    return f"iglu:{_SNOWPLOW_ECOMMERCE}/{name}/jsonschema/{version}"


def _snowplow_json(event: dict[str, Any], emails: Mapping[str, str], bots: BotDetector) -> bytes:
    fields = _snowplow_fields(event)
    for key in ("collector_tstamp", "dvce_created_tstamp", "derived_tstamp"):
        # the Analytics SDK's JSON spells its times ISO-8601 UTC
        if isinstance(fields[key], str) and len(fields[key]) == 23 and fields[key][10] == " ":
            fields[key] = fields[key].replace(" ", "T") + "Z"
    action, entities = _snowplow_identity(event, emails)
    if action is not None:  # the SDK's shredded keys, one per schema (major version 1)
        fields[f"unstruct_event_{_SNOWPLOW_KEY}snowplow_ecommerce_action_1"] = action
    for name, data in entities:
        fields[f"contexts_{_SNOWPLOW_KEY}{name}_1"] = [data]
    return orjson.dumps(_compact(fields))


def _snowplow_tsv(event: dict[str, Any], emails: Mapping[str, str], bots: BotDetector) -> bytes:
    from touchline.sources.formats.snowplow import ENRICHED_FIELDS

    fields = _snowplow_fields(event)
    action, entities = _snowplow_identity(event, emails)
    if action is not None:  # the enriched TSV's two JSON envelopes
        fields["unstruct_event"] = orjson.dumps(
            {
                "schema": "iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0",
                "data": {"schema": _iglu("snowplow_ecommerce_action", "1-0-2"), "data": action},
            }
        ).decode()
        fields["contexts"] = orjson.dumps(
            {
                "schema": "iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0",
                "data": [{"schema": _iglu(name), "data": data} for name, data in entities],
            }
        ).decode()
    cells = ["" if fields.get(name) is None else str(fields[name]) for name in ENRICHED_FIELDS]
    return "\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in cells).encode("utf-8")


_WRITERS: dict[str, Callable[[dict[str, Any], Mapping[str, str], BotDetector], bytes | None]] = {
    "segment": _segment,
    "rudderstack": lambda event, emails, bots: _segment(event, emails, bots, rudder=True),
    "shopify_web_pixels": _web_pixels,
    "ga4_bigquery": _ga4,
    "snowplow_enriched_json": _snowplow_json,
    "snowplow_enriched_tsv": _snowplow_tsv,
}
