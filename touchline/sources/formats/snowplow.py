"""Snowplow enriched events, as the enrich job writes them (TSV) and as the Analytics SDKs'
`transform` turns them into JSON lines: the canonical enriched event's own field names.

- TSV: no header row; the 131 fields of the canonical enriched event in their fixed order
  (`ENRICHED_FIELDS`), tab-separated, unquoted, timestamps `2026-03-14 09:00:00.600` in UTC.
  Recognised by a first row of exactly 131 tab-separated fields whose `event_id` is a UUID
  and whose `collector_tstamp` is a timestamp.
- JSON lines: the same fields by name (`event_id`, `event`, `collector_tstamp`, `app_id`).
`event_id` is the id, `domain_userid` the browser (`network_userid` without it),
`derived_tstamp` (else `dvce_created_tstamp`, else `collector_tstamp`) the time and
`collector_tstamp` the collector's, `page_url` / `page_referrer`, `useragent`, `user_id`.
`page_view` -> page_view; `transaction` -> checkout_completed (`tr_orderid`, `tr_total`,
`tr_currency`); other events keep their name (`page_ping`, `struct`, `unstruct`, ...).
What it cannot give: an email (Snowplow stores none by default; orders link through
`tr_orderid`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from touchline.sources.format import FileContext, Output, SourceFormat, text

_EVENT_TYPES = {"page_view": "page_view", "transaction": "checkout_completed"}

# The canonical enriched event, in the order of the enriched TSV (Snowplow's Analytics SDKs
# and atomic.events list the same fields; `contexts`, `unstruct_event` and `derived_contexts`
# are the three JSON fields the warehouse loaders shred into their own tables).
ENRICHED_FIELDS: tuple[str, ...] = (
    "app_id",
    "platform",
    "etl_tstamp",
    "collector_tstamp",
    "dvce_created_tstamp",
    "event",
    "event_id",
    "txn_id",
    "name_tracker",
    "v_tracker",
    "v_collector",
    "v_etl",
    "user_id",
    "user_ipaddress",
    "user_fingerprint",
    "domain_userid",
    "domain_sessionidx",
    "network_userid",
    "geo_country",
    "geo_region",
    "geo_city",
    "geo_zipcode",
    "geo_latitude",
    "geo_longitude",
    "geo_region_name",
    "ip_isp",
    "ip_organization",
    "ip_domain",
    "ip_netspeed",
    "page_url",
    "page_title",
    "page_referrer",
    "page_urlscheme",
    "page_urlhost",
    "page_urlport",
    "page_urlpath",
    "page_urlquery",
    "page_urlfragment",
    "refr_urlscheme",
    "refr_urlhost",
    "refr_urlport",
    "refr_urlpath",
    "refr_urlquery",
    "refr_urlfragment",
    "refr_medium",
    "refr_source",
    "refr_term",
    "mkt_medium",
    "mkt_source",
    "mkt_term",
    "mkt_content",
    "mkt_campaign",
    "contexts",
    "se_category",
    "se_action",
    "se_label",
    "se_property",
    "se_value",
    "unstruct_event",
    "tr_orderid",
    "tr_affiliation",
    "tr_total",
    "tr_tax",
    "tr_shipping",
    "tr_city",
    "tr_state",
    "tr_country",
    "ti_orderid",
    "ti_sku",
    "ti_name",
    "ti_category",
    "ti_price",
    "ti_quantity",
    "pp_xoffset_min",
    "pp_xoffset_max",
    "pp_yoffset_min",
    "pp_yoffset_max",
    "useragent",
    "br_name",
    "br_family",
    "br_version",
    "br_type",
    "br_renderengine",
    "br_lang",
    "br_features_pdf",
    "br_features_flash",
    "br_features_java",
    "br_features_director",
    "br_features_quicktime",
    "br_features_realplayer",
    "br_features_windowsmedia",
    "br_features_gears",
    "br_features_silverlight",
    "br_cookies",
    "br_colordepth",
    "br_viewwidth",
    "br_viewheight",
    "os_name",
    "os_family",
    "os_manufacturer",
    "os_timezone",
    "dvce_type",
    "dvce_ismobile",
    "dvce_screenwidth",
    "dvce_screenheight",
    "doc_charset",
    "doc_width",
    "doc_height",
    "tr_currency",
    "tr_total_base",
    "tr_tax_base",
    "tr_shipping_base",
    "ti_currency",
    "ti_price_base",
    "base_currency",
    "geo_timezone",
    "mkt_clickid",
    "mkt_network",
    "etl_tags",
    "dvce_sent_tstamp",
    "refr_domain_userid",
    "refr_dvce_tstamp",
    "derived_contexts",
    "domain_sessionid",
    "derived_tstamp",
    "event_vendor",
    "event_name",
    "event_format",
    "event_version",
    "event_fingerprint",
    "true_tstamp",
)
assert len(ENRICHED_FIELDS) == 131

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_TSTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?Z?")


def _map(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    name = text(record.get("event"))
    event: dict[str, Any] = {
        "event_id": text(record.get("event_id")),
        "event_type": _EVENT_TYPES.get(name or "", name),
        "ts": text(record.get("derived_tstamp"))
        or text(record.get("dvce_created_tstamp"))
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


def _utc(value: str | None) -> str | None:
    """The TSV's `2026-03-14 09:00:00.600` (UTC, no zone) as ISO-8601 UTC."""
    if value is None or not _TSTAMP.fullmatch(value):
        return value  # refused by the timestamp parser with a reason
    return value.replace(" ", "T", 1) + ("" if value.endswith("Z") else "Z")


def _map_tsv(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    kind, event = _map(record, context)[0]
    return [(kind, {**event, "ts": _utc(event["ts"]), "received_at": _utc(event["received_at"])})]


def _is_enriched_row(row: Mapping[str, str]) -> bool:
    return bool(_UUID.fullmatch(row.get("event_id", ""))) and bool(_TSTAMP.fullmatch(row.get("collector_tstamp", "")))


FORMAT = SourceFormat(
    name="snowplow_enriched_json",
    folder="pixel",
    title="Snowplow enriched events (JSON lines, Analytics SDK form)",
    container="json",
    keys=("event_id", "event", "collector_tstamp", "app_id"),
    map=_map,
    outputs=("pixel",),
)

TSV = SourceFormat(
    name="snowplow_enriched_tsv",
    folder="pixel",
    title="Snowplow enriched events (TSV, as the enrich job writes them)",
    container="table",
    fixed_columns=ENRICHED_FIELDS,
    accept=_is_enriched_row,
    map=_map_tsv,
    outputs=("pixel",),
)
