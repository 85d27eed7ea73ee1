"""formats/snowplow.py maps an enriched event as it did before its per-event shortcuts: the
self-describing event read only for `unstruct` (and `struct`'s labels) events, the ecommerce
user entity (the email) looked for only when the event has `contexts` or one of its shredded
`contexts_..._user_<version>` keys, each field read once. Each case is compared with the
mapping as it was written before them (`_field_by_field`, main at 97b8caf), so a shortcut
that skips something that matters fails here. The events are made up from the enriched
event's field names and the ecommerce plugin's schemas."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import orjson
import pytest

from touchline.landing.values import BadValue
from touchline.sources.format import FileContext, Output, text
from touchline.sources.formats.snowplow import (
    _EVENT_TYPES,
    _LINKING_TYPES,
    _MAJOR_SUFFIXES,
    _email,
    _event_type,
    _map,
    _map_tsv,
)

CONTEXT = FileContext("pixel/snowplow/part-00001.json", [])
ECOMMERCE = "com_snowplowanalytics_snowplow_ecommerce"
USER = {"id": "cust-1", "email": "Finn@Example.com"}
TRANSACTION = {"transaction_id": "6003", "revenue": 35.0, "currency": "EUR"}


def _field_by_field(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    """The mapping before the shortcuts (main at 97b8caf)."""
    name = text(record.get("event"))
    event_type, order = _event_type(record, name)
    event: dict[str, Any] = {
        "event_id": text(record.get("event_id")),
        "event_type": event_type,
        "ts": text(record.get("derived_tstamp"))
        or text(record.get("dvce_created_tstamp"))
        or text(record.get("collector_tstamp")),
        "received_at": text(record.get("collector_tstamp")),
        "visitor_id": text(record.get("domain_userid")) or text(record.get("network_userid")),
        "url": text(record.get("page_url")),
        "referrer": text(record.get("page_referrer")),
        "user_agent": text(record.get("useragent")),
        "customer_id": text(record.get("user_id")),
        **order,
        **_email(record),
    }
    if name == "transaction":
        event["order_id"] = text(record.get("tr_orderid"))
        event["revenue"] = record.get("tr_total")
        event["currency"] = text(record.get("tr_currency"))
    outputs: list[Output] = [("pixel", event)]
    if ("email" in event or "email_hash" in event) and event_type not in _LINKING_TYPES:
        outputs.append(("pixel", {**event, "event_id": f"{event['event_id']}:identify", "event_type": "identify"}))
    return outputs


def _event(**fields: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "app_id": "shop",
        "platform": "web",
        "collector_tstamp": "2026-03-14T12:00:00.900Z",
        "dvce_created_tstamp": "2026-03-14T12:00:00.000Z",
        "derived_tstamp": "2026-03-14T12:00:00.100Z",
        "event": "page_view",
        "event_id": "a0f10000-0000-4000-8000-000000000001",
        "domain_userid": "sp-phone",
        "network_userid": "f00d0000-0000-4000-8000-0000000000ff",
        "page_url": "https://shop.example.com/?utm_source=tiktok",
        "page_referrer": "https://www.tiktok.com/",
        "useragent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X)",
        "event_vendor": "com.snowplowanalytics.snowplow",
        "event_name": "page_view",
    }
    event.update(fields)
    return {key: value for key, value in event.items() if value is not ...}  # `...`: the field left out


def _action(kind: str, **fields: Any) -> dict[str, Any]:
    return _event(
        event="unstruct",
        event_vendor="com.snowplowanalytics.snowplow.ecommerce",
        event_name="snowplow_ecommerce_action",
        **{f"unstruct_event_{ECOMMERCE}_snowplow_ecommerce_action_1": {"type": kind}},
        **fields,
    )


def _contexts(*entities: tuple[str, Mapping[str, Any]]) -> str:
    """The TSV's `contexts` field: the entities' JSON, as the enrich job writes it."""
    data = [
        {"schema": f"iglu:com.snowplowanalytics.snowplow.ecommerce/{name}/jsonschema/1-0-0", "data": entity}
        for name, entity in entities
    ]
    return orjson.dumps(
        {"schema": "iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0", "data": data}
    ).decode()


EVENTS = [
    _event(),
    _event(event="page_ping"),
    _event(event=None),
    _event(event=" "),
    _event(event="struct", se_category="video", se_action="play"),
    _event(event="struct", se_category=" "),
    _event(
        event="unstruct",
        event_name="link_click",
        **{"unstruct_event_com_snowplowanalytics_snowplow_link_click_1": {"a": 1}},
    ),
    _event(event="unstruct", event_vendor="com.snowplowanalytics.snowplow", event_name="add_to_cart"),
    _action("add_to_cart"),
    _action("list_view"),
    _action("transaction"),
    _action("transaction", **{f"contexts_{ECOMMERCE}_transaction_1": [TRANSACTION]}),
    _event(event="transaction", tr_orderid="6004", tr_total="12.50", tr_currency="EUR"),
    _event(event="transaction", tr_orderid=6004, tr_total=None),
    # the user entity's email, under each version's shredded key, on events that link and not
    *[_action("add_to_cart", **{f"contexts_{ECOMMERCE}_user{suffix}": [USER]}) for suffix in _MAJOR_SUFFIXES],
    *[_event(**{f"contexts_{ECOMMERCE}_user{suffix}": [USER]}) for suffix in _MAJOR_SUFFIXES],
    _action("add_to_cart", **{f"contexts_{ECOMMERCE}_user_1": [{"email": "B" * 64}]}),
    _action("add_to_cart", **{f"contexts_{ECOMMERCE}_user_1": None}),
    _action("add_to_cart", **{f"contexts_{ECOMMERCE}_user_1": [{"email": " "}, "not an object", {"email": "x@y.z"}]}),
    _action("add_to_cart", **{f"contexts_{ECOMMERCE}_user_2": [USER]}),  # a major version not read
    _action(
        "transaction", **{f"contexts_{ECOMMERCE}_transaction_1": [TRANSACTION], f"contexts_{ECOMMERCE}_user_1": [USER]}
    ),
    # the TSV's `contexts` field, as text, and an Analytics SDK's parsed form
    _action("add_to_cart", contexts=_contexts(("user", USER))),
    _action("transaction", contexts=_contexts(("transaction", TRANSACTION), ("user", USER))),
    _event(contexts=_contexts(("user", USER))),
    _event(contexts=orjson.loads(_contexts(("user", USER)))),
    _event(contexts='{"schema":"iglu:com.acme/contexts/jsonschema/1-0-0","data":[]}'),
    _event(contexts=""),
    _event(derived_tstamp=" "),
    _event(derived_tstamp=" ", dvce_created_tstamp=...),
    _event(derived_tstamp=..., dvce_created_tstamp=None, collector_tstamp="2026-03-14 12:00:00.900"),
    _event(derived_tstamp="", dvce_created_tstamp="", collector_tstamp=" "),
    _event(domain_userid="", network_userid="nu-1"),
    _event(domain_userid=..., network_userid=...),
    _event(user_id=42, event_id=7, page_url=" ", page_referrer="\u00a0", useragent=True),
    _event(user_id="", page_url=None, page_referrer=..., useragent=12.5),
]


@pytest.mark.parametrize("record", EVENTS)
def test_the_same_events_as_field_by_field(record):
    assert _map(record, CONTEXT) == _field_by_field(record, CONTEXT)


@pytest.mark.parametrize("record", EVENTS)
def test_other_mappings_read_as_dicts(record):
    assert _map(MappingProxyType(record), CONTEXT) == _field_by_field(record, CONTEXT)


def test_an_unparseable_contexts_field_is_still_refused():
    record = _event(contexts='{"data": [snowplow.ecommerce/ not JSON')
    with pytest.raises(BadValue, match="unparseable contexts JSON"):
        _map(record, CONTEXT)
    with pytest.raises(BadValue, match="unparseable contexts JSON"):
        _field_by_field(record, CONTEXT)


def test_the_tsv_rows_map_as_before():
    """The TSV's Python fallback (`_map_tsv`): every field a text, blank when empty."""
    tsv = _action("add_to_cart", contexts=_contexts(("user", USER)), user_id="", network_userid="", page_referrer="")
    tsv["collector_tstamp"] = "2026-03-14 12:00:00.900"
    outputs = _map_tsv(tsv, CONTEXT)
    assert [event["event_type"] for _, event in outputs] == ["add_to_cart", "identify"]
    assert outputs[0][1]["received_at"] == "2026-03-14T12:00:00.900Z"
    assert outputs[0][1]["email"] == "Finn@Example.com"


def test_a_page_view_reads_no_entity_and_has_no_identify():
    ((kind, event),) = _map(_event(), CONTEXT)
    assert kind == "pixel" and event["event_type"] == _EVENT_TYPES["page_view"] and "email" not in event
