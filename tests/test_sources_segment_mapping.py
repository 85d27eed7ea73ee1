"""formats/segment.py maps a call field by field as format.dig() and format.text() read it,
whichever way each level arrives: dicts (the parsed JSON, read with dict.get), other
mappings, values that are not objects, blank texts that fall back to the next field, and
non-string values. The calls are made up here from the Segment spec's field names."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import pytest

from touchline.sources.formats.segment import segment_event

UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0"


def _call(**fields: Any) -> dict[str, Any]:
    call: dict[str, Any] = {
        "type": "page",
        "messageId": "m-1",
        "anonymousId": "a-1",
        "timestamp": "2026-03-14T09:00:00.000Z",
        "receivedAt": "2026-03-14T09:00:01.000Z",
        "context": {
            "page": {"url": "https://shop.example.com/a", "referrer": "https://www.google.com/"},
            "userAgent": UA,
        },
        "properties": {"url": "https://shop.example.com/from-properties", "referrer": "https://ref.example.org/"},
    }
    call.update(fields)
    return call


def _frozen(value: Any) -> Any:
    """The same call with every object a read-only mapping, not a dict."""
    if isinstance(value, dict):
        return MappingProxyType({key: _frozen(item) for key, item in value.items()})
    return value


def test_a_plain_page_call():
    assert segment_event(_call()) == {
        "event_id": "m-1",
        "ts": "2026-03-14T09:00:00.000Z",
        "received_at": "2026-03-14T09:00:01.000Z",
        "visitor_id": "a-1",
        "url": "https://shop.example.com/a",
        "referrer": "https://www.google.com/",
        "user_agent": UA,
        "customer_id": None,
        "event_type": "page_view",
    }


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"type": "TRACK", "event": " Product Added "},
        {"type": "track", "event": "Order Completed", "properties": {"order_id": 7, "revenue": 9.5, "currency": "EUR"}},
        {"type": "identify", "userId": "u-1", "traits": {"email": "Buyer@Example.com"}},
        {"context": {"page": "not an object", "traits": {"email_hash": "A" * 64}}},
    ],
)
def test_other_mappings_read_as_dicts(fields):
    call = _call(**fields)
    assert segment_event(_frozen(call)) == segment_event(call)


def test_a_context_or_page_that_is_not_an_object_reads_as_absent():
    event = segment_event(_call(context="https://shop.example.com/a"))
    assert (event["url"], event["referrer"], event["user_agent"]) == (
        "https://shop.example.com/from-properties",
        "https://ref.example.org/",
        None,
    )
    event = segment_event(_call(context={"page": ["x"], "userAgent": UA}))
    assert (event["url"], event["referrer"], event["user_agent"]) == (
        "https://shop.example.com/from-properties",
        "https://ref.example.org/",
        UA,
    )


def test_blank_texts_fall_back_and_other_values_are_written_as_text():
    event = segment_event(
        _call(
            timestamp=" \t",
            originalTimestamp="2026-03-14T08:59:59.000Z",
            anonymousId="\u00a0",
            userId=42,
            messageId=" ",
            context={"page": {"url": "", "referrer": "\n"}, "userAgent": " "},
        )
    )
    assert event["ts"] == "2026-03-14T08:59:59.000Z"
    assert event["visitor_id"] == "user:42"
    assert event["customer_id"] == "42"
    assert event["event_id"] is None
    assert (event["url"], event["referrer"], event["user_agent"]) == (
        "https://shop.example.com/from-properties",
        "https://ref.example.org/",
        None,
    )


def test_emails_from_traits_or_context_traits_and_none_without_traits():
    assert "email" not in segment_event(_call(traits=None, context={"traits": None}))
    assert segment_event(_call(type="identify", traits={"email": "buyer@example.com"}))["email"] == "buyer@example.com"
    event = segment_event(_call(context={"traits": {"email": "phone@example.com"}, "userAgent": UA}))
    assert event["email"] == "phone@example.com"
    event = segment_event(_call(traits="not an object", context={"traits": {"sha256_email": "B" * 64}}))
    assert event["email_hash"] == "b" * 64 and "email" not in event
