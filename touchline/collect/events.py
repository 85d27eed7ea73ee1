"""Checking one pixel event from a browser and turning it into a landed line.

A request is written whole or not at all: one bad event makes the whole request a 400, so a
line in `landing/pixel/` is always an event the loader can parse. Only the fields of the pixel
format (docs/landing.md) are kept; the user agent comes from the request header and the IP
address is never written.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Any

from touchline.landing.values import hash_email, redact_emails
from touchline.pixel.snippet import TRACKED_PARAMETERS

MAX_EVENTS_PER_REQUEST = 100
MAX_TEXT = 2048
MAX_URL = 8192
MAX_USER_AGENT = 512

_EVENT_TYPE = re.compile(r"[a-z][a-z0-9_]{0,63}")
_EMAIL_HASH = re.compile(r"[0-9a-f]{64}")
_CURRENCY = re.compile(r"[A-Za-z]{3}")
_TOUCH_KEYS = frozenset(TRACKED_PARAMETERS) | {"at"}


class BadEvent(ValueError):
    """Why an event (and so its request) was refused; the text goes back in the 400."""


def _text(obj: dict[str, Any], field: str, *, required: bool = False, limit: int = MAX_TEXT) -> str | None:
    value = obj.get(field)
    if isinstance(value, bool):
        raise BadEvent(f"{field}: not a string")
    if isinstance(value, int):
        value = str(value)
    if value is None or value == "":
        if required:
            raise BadEvent(f"missing required field: {field}")
        return None
    if not isinstance(value, str):
        raise BadEvent(f"{field}: not a string")
    if required and value.isspace():
        raise BadEvent(f"missing required field: {field}")
    if len(value) > limit:
        raise BadEvent(f"{field}: longer than {limit} characters")
    return value


def _redacted(value: str | None) -> str | None:
    """URLs may carry an address (`?email=...`): it is written as its hash, never plain."""
    return redact_emails(value) if value else value


def _timestamp(value: str, field: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
    except ValueError:
        raise BadEvent(f"{field}: not an ISO-8601 timestamp") from None
    if parsed.tzinfo is None:
        raise BadEvent(f"{field}: timestamp without Z or an offset")
    return parsed


def _revenue(value: Any) -> float | int | str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise BadEvent("revenue: not a number")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise BadEvent("revenue: not a finite number")
        return value
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            raise BadEvent("revenue: not a number") from None
        return value
    raise BadEvent("revenue: not a number")


def _touch(value: Any, field: str) -> dict[str, str] | None:
    """first_touch / last_touch: the stored UTM fields and click IDs, text values only."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise BadEvent(f"{field}: not an object")
    touch: dict[str, str] = {}
    for key, item in value.items():
        if key not in _TOUCH_KEYS:
            continue  # unknown keys are dropped, not stored
        if not isinstance(item, str) or len(item) > MAX_TEXT:
            raise BadEvent(f"{field}.{key}: not a string of at most {MAX_TEXT} characters")
        touch[key] = redact_emails(item)
    return touch or None


def landed_event(obj: Any, received_at: datetime, user_agent: str | None) -> dict[str, Any]:
    """The line to write for one event, or BadEvent."""
    if not isinstance(obj, dict):
        raise BadEvent("an event is not a JSON object")
    event_type = _text(obj, "event_type", required=True, limit=64)
    if not _EVENT_TYPE.fullmatch(event_type or ""):
        raise BadEvent("event_type: lowercase letters, digits and _ only")
    ts_text = _text(obj, "ts", required=True, limit=64)
    assert ts_text is not None
    # A ts far ahead of received_at (a wrong client clock) is written: the loader quarantines
    # it with its reason, so it stays visible instead of vanishing here.
    _timestamp(ts_text, "ts")
    line: dict[str, Any] = {
        "event_id": _text(obj, "event_id", required=True, limit=128),
        "event_type": event_type,
        "ts": ts_text,
        "received_at": received_at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "visitor_id": _text(obj, "visitor_id", required=True, limit=128),
        "url": _redacted(_text(obj, "url", required=event_type == "page_view", limit=MAX_URL)),
        "referrer": _redacted(_text(obj, "referrer", limit=MAX_URL)),
        "user_agent": user_agent[:MAX_USER_AGENT] if user_agent else None,
    }
    email_hash = _text(obj, "email_hash", limit=64)
    if email_hash is not None and not _EMAIL_HASH.fullmatch(email_hash):
        raise BadEvent("email_hash: not a lowercase hex SHA-256")
    # A plain email (sent by hand-written integrations) is hashed here and never written.
    email = _text(obj, "email", limit=320)
    line["email_hash"] = hash_email(email) if email else email_hash
    # Some stores use the email as their customer id: hashed like any address (as the loader does).
    line["customer_id"] = _redacted(_text(obj, "customer_id", limit=256))
    line["order_id"] = _redacted(_text(obj, "order_id", required=event_type == "checkout_completed", limit=256))
    line["revenue"] = _revenue(obj.get("revenue"))
    currency = _text(obj, "currency", limit=3)
    if currency is not None and not _CURRENCY.fullmatch(currency):
        raise BadEvent("currency: not a three-letter code")
    line["currency"] = currency.upper() if currency else None
    line["first_touch"] = _touch(obj.get("first_touch"), "first_touch")
    line["last_touch"] = _touch(obj.get("last_touch"), "last_touch")
    return {key: value for key, value in line.items() if value is not None}


def events_of(payload: Any) -> list[Any]:
    """The events of a request body: {"events": [...]} as the snippet sends, or one event."""
    if isinstance(payload, dict) and "events" in payload:
        events = payload["events"]
        if not isinstance(events, list):
            raise BadEvent("events: not a list")
    elif isinstance(payload, dict):
        events = [payload]
    else:
        raise BadEvent('body: not {"events": [...]} nor one event object')
    if not events:
        raise BadEvent("events: empty")
    if len(events) > MAX_EVENTS_PER_REQUEST:
        raise BadEvent(f"events: more than {MAX_EVENTS_PER_REQUEST} in one request")
    return events
