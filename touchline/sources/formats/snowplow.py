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
`tr_currency`).
Self-describing (`unstruct`) events are read from their schema (`event_vendor` /
`event_name`, and the event's JSON: the TSV's `unstruct_event` and `contexts` fields, or the
SDK's `unstruct_event_<vendor>_<name>_<major>` / `contexts_<vendor>_<name>_<major>` keys):
- the ecommerce plugin's `snowplow_ecommerce_action`: `transaction` -> checkout_completed
  from its `transaction` entity (`transaction_id`, `revenue`, `currency`); `add_to_cart`,
  `remove_from_cart`, `product_view` -> Touchline's name for the step (ecommerce_events.py);
  other actions -> `ecommerce:<type>`;
- the original tracker's `add_to_cart` / `remove_from_cart` events -> add_to_cart /
  remove_from_cart;
- any other -> `unstruct:<event_name>` (`unstruct:link_click`).
Structured events -> `struct:<se_category>:<se_action>` (both free text the store chose:
which one is an add to cart is not guessed). Other events keep their name (`page_ping`).
The ecommerce plugin's `user` entity gives an email (hashed on load; a 64-hex value is taken
as the hash) on whatever event carries it.
What it cannot give: an email without that entity (Snowplow stores none by default; orders
link through the order id); `se_label`, `se_property`, `se_value` and the schemas' other
fields (products, cart, checkout step), which the landing contract has no place for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

import orjson

from touchline.landing.values import BadValue
from touchline.sources.format import FileContext, Output, SourceFormat, text
from touchline.sources.formats.ecommerce_events import CHECKOUT_COMPLETED, SNOWPLOW_ACTIONS, email_fields
from touchline.sources.formats.events_sql_mapping import SqlEvents
from touchline.sources.formats.snowplow_fields import ENRICHED_FIELDS

_EVENT_TYPES = {"page_view": "page_view", "transaction": "checkout_completed"}
# schemas by `<vendor>_<name>` in snake case, as the Analytics SDKs name their keys
_ECOMMERCE_ACTION = "com_snowplowanalytics_snowplow_ecommerce_snowplow_ecommerce_action"
_ECOMMERCE_TRANSACTION = "com_snowplowanalytics_snowplow_ecommerce_transaction"
_ECOMMERCE_USER = "com_snowplowanalytics_snowplow_ecommerce_user"
_ORIGINAL_CART_EVENTS = {
    "com_snowplowanalytics_snowplow_add_to_cart": "add_to_cart",
    "com_snowplowanalytics_snowplow_remove_from_cart": "remove_from_cart",
}
# the event types identity stitching reads (landing contract); an email elsewhere gets an identify
_LINKING_TYPES = frozenset({"page_view", "identify", "checkout_completed"})
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_MAJOR = re.compile(r"(_\d+)+$")  # `_1` (Analytics SDK) or `_1_0_0` (warehouse columns)
# the versions of the shredded keys looked up by name: every schema read here is at major 1
_MAJOR_SUFFIXES = ("_1", "_1_0_0", "_1_0_1", "_1_0_2")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_TSTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?Z?")


@cache  # a file has a handful of schemas: each key is built once
def _schema_key(vendor: str, name: str) -> str:
    """`com.snowplowanalytics.snowplow.ecommerce` + `snowplow_ecommerce_action` as the SDKs'
    snake-case key (`com_snowplowanalytics_snowplow_ecommerce_snowplow_ecommerce_action`)."""
    return (vendor.replace(".", "_").replace("-", "_") + "_" + _CAMEL.sub(r"\1_\2", name)).lower()


def _uri_key(uri: Any) -> str | None:
    """`iglu:com.acme/thing/jsonschema/1-0-0` -> `com_acme_thing`."""
    parts = str(uri or "").removeprefix("iglu:").split("/")
    return _schema_key(parts[0], parts[1]) if len(parts) == 4 else None


def _json_field(record: Mapping[str, Any], field: str) -> Any:
    """The TSV's JSON fields (`unstruct_event`, `contexts`) parsed; a JSON form's as they are."""
    value = record.get(field)
    if type(value) is not str:
        return value
    if not value.strip():
        return None
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        raise BadValue(f"unparseable {field} JSON") from None


@cache
def _shredded_keys(prefix: str, schema: str) -> tuple[str, ...]:
    return tuple(f"{prefix}{schema}{suffix}" for suffix in _MAJOR_SUFFIXES)


def _unstruct(record: Mapping[str, Any], schema: str | None) -> tuple[str | None, Mapping[str, Any]]:
    """The self-describing event's schema key and its data (`schema`: the key its
    `event_vendor` / `event_name` give, looked up directly before any scan)."""
    envelope = _json_field(record, "unstruct_event")
    inner = envelope.get("data") if isinstance(envelope, Mapping) else None
    if isinstance(inner, Mapping) and isinstance(inner.get("data"), Mapping):
        return _uri_key(inner.get("schema")), inner["data"]
    if schema is not None:  # the Analytics SDK's shredded key, by its name
        for key in _shredded_keys("unstruct_event_", schema):
            value = record.get(key)
            if isinstance(value, Mapping):
                return schema, value
    for key, value in record.items():
        if key.startswith("unstruct_event_") and isinstance(value, Mapping):
            return _MAJOR.sub("", key.removeprefix("unstruct_event_")), value
    return schema, {}


def _entities(record: Mapping[str, Any], schema: str) -> list[Mapping[str, Any]]:
    """The data of every context entity of one schema (`<vendor>_<name>`) on the event."""
    found: list[Mapping[str, Any]] = []
    raw = record.get("contexts")
    if raw and (type(raw) is not str or "snowplow.ecommerce/" in raw):  # parsed only when it can matter
        envelope = _json_field(record, "contexts")
        for entity in envelope.get("data") or [] if isinstance(envelope, Mapping) else []:
            if isinstance(entity, Mapping) and _uri_key(entity.get("schema")) == schema:
                found.append(entity.get("data") or {})
    for key in _shredded_keys("contexts_", schema):  # the Analytics SDK's keys, looked up by name
        value = record.get(key)
        if isinstance(value, list):
            found.extend(entity for entity in value if isinstance(entity, Mapping))
    return found


def _event_type(record: Mapping[str, Any], name: str | None) -> tuple[str | None, dict[str, Any]]:
    """The landing event type, and the order fields of a transaction."""
    if name == "struct":
        labels = [label for label in (text(record.get("se_category")), text(record.get("se_action"))) if label]
        return ":".join(["struct", *labels]), {}
    if name != "unstruct":
        return _EVENT_TYPES.get(name or "", name), {}
    vendor, event_name = text(record.get("event_vendor")), text(record.get("event_name"))
    named = _schema_key(vendor, event_name) if vendor and event_name else None
    schema, data = _unstruct(record, named)
    schema = named or schema
    if schema in _ORIGINAL_CART_EVENTS:
        return _ORIGINAL_CART_EVENTS[schema], {}
    if schema == _ECOMMERCE_ACTION:
        action = text(data.get("type"))
        step = SNOWPLOW_ACTIONS.get(action or "")
        if step != CHECKOUT_COMPLETED:
            return step or f"ecommerce:{action or ''}".rstrip(":"), {}
        transaction = next(iter(_entities(record, _ECOMMERCE_TRANSACTION)), {})
        return step, {
            "order_id": text(transaction.get("transaction_id")),
            "revenue": transaction.get("revenue"),
            "currency": text(transaction.get("currency")),
        }
    return f"unstruct:{event_name or schema or ''}".rstrip(":"), {}


def _email(record: Mapping[str, Any]) -> dict[str, str]:
    for user in _entities(record, _ECOMMERCE_USER):
        if text(user.get("email")) is not None:
            return email_fields(user["email"])
    return {}


# The shredded keys under which an event can carry the ecommerce user entity (its email),
# besides `contexts`: most events carry neither, and `record.keys().isdisjoint` says so in
# one call (it looks these four up in the event, the smaller side) instead of `_email`'s
_USER_KEYS = frozenset(_shredded_keys("contexts_", _ECOMMERCE_USER))


def _map(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    """Runs once per event, so it reads each field once and skips what cannot matter: the
    self-describing event of an event that is not one, and the user entity (the email) of
    an event that has neither `contexts` nor a shredded user key. A field that is a
    non-blank string (nearly all) is taken as it is, as text() would return it, without the
    call (~400 instructions each, ten a record)."""
    get = record.get
    v = get("event")
    name = v if type(v) is str and v and not v.isspace() else text(v)
    if name == "struct" or name == "unstruct":
        event_type, order = _event_type(record, name)
    else:
        event_type, order = _EVENT_TYPES.get(name or "", name), None
    v = get("collector_tstamp")
    collector = v if type(v) is str and v and not v.isspace() else text(v)
    v = get("derived_tstamp")
    ts = v if type(v) is str and v and not v.isspace() else text(v)
    if ts is None:
        ts = text(get("dvce_created_tstamp")) or collector
    v = get("domain_userid")
    visitor = v if type(v) is str and v and not v.isspace() else text(v)
    if visitor is None:
        visitor = text(get("network_userid"))
    v = get("event_id")
    event_id = v if type(v) is str and v and not v.isspace() else text(v)
    v = get("page_url")
    url = v if type(v) is str and v and not v.isspace() else text(v)
    v = get("page_referrer")
    referrer = v if type(v) is str and v and not v.isspace() else text(v)
    v = get("useragent")
    user_agent = v if type(v) is str and v and not v.isspace() else text(v)
    v = get("user_id")
    event: dict[str, Any] = {
        "event_id": event_id,
        "event_type": event_type,
        "ts": ts,
        "received_at": collector,
        "visitor_id": visitor,
        "url": url,
        "referrer": referrer,
        "user_agent": user_agent,
        "customer_id": None if v is None else text(v),
    }
    if order:
        event.update(order)
    # `_entities` parses `contexts` only when it holds an ecommerce schema, and looks the
    # shredded keys up by name: with neither, it finds no user entity
    email = _email(record) if get("contexts") or not record.keys().isdisjoint(_USER_KEYS) else None
    if email:
        event.update(email)
    if name == "transaction":
        event["order_id"] = text(get("tr_orderid"))
        event["revenue"] = get("tr_total")
        event["currency"] = text(get("tr_currency"))
    if email and event_type not in _LINKING_TYPES:
        # Snowplow has no identify event: the email of an add to cart (the ecommerce user
        # entity) links the browser to the person through an identify of its own
        identify = {**event, "event_id": f"{event['event_id']}:identify", "event_type": "identify"}
        return [("pixel", event), ("pixel", identify)]
    return [("pixel", event)]


def _utc(value: str | None) -> str | None:
    """The TSV's `2026-03-14 09:00:00.600` (UTC, no zone) as ISO-8601 UTC."""
    if value is None or not _TSTAMP.fullmatch(value):
        return value  # refused by the timestamp parser with a reason
    return value.replace(" ", "T", 1) + ("" if value.endswith("Z") else "Z")


def _map_tsv(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    return [
        (kind, {**event, "ts": _utc(event["ts"]), "received_at": _utc(event["received_at"])})
        for kind, event in _map(record, context)
    ]


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
    # _map_tsv in SQL, for the rows DuckDB can vouch for (events_sql.py)
    sql=SqlEvents("snowplow_tsv", reads="tsv", macros=("events_macro_is_text",)),
)
