"""How each API answers a request body, per its documentation: how many of its events it took
and whether the rest is worth sending again (docs/conversions.md, "Sending")."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    status: str  # delivered, partial (some events rejected), rejected (the whole body), retry
    events_failed: int
    message: str


def _json(text: str) -> dict:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def interpret(destination: str, http_status: int, text: str, events: int) -> Outcome:
    body = _json(text)
    if http_status == 429 or http_status >= 500:
        return Outcome("retry", events, f"HTTP {http_status}: {text[:300]}")
    if http_status >= 400:
        # Meta: {"error": {"message", "type", "code", "fbtrace_id"}}; Reddit: {"error": {"code", "message"}};
        # the others alike: the whole request was refused and would be again
        error = body.get("error") if isinstance(body.get("error"), dict) else {}
        return Outcome(
            "rejected", events, f"HTTP {http_status}: {error.get('message') or body.get('message') or text[:300]}"
        )
    if destination == "meta":
        received = int(body.get("events_received", 0))
        return Outcome(
            "delivered" if received == events else "partial",
            events - received,
            "; ".join(map(str, body.get("messages", []))),
        )
    if destination == "pinterest":
        results = body.get("events", [])
        failed = [item for item in results if item.get("status") != "processed"]
        return Outcome(
            "partial" if failed else "delivered",
            len(failed),
            "; ".join(item.get("error_message", "") for item in failed),
        )
    if destination == "tiktok":
        # TikTok answers HTTP 200 with a non-zero code on errors
        if body.get("code", 0) != 0:
            return Outcome("rejected", events, f"code {body.get('code')}: {body.get('message')}")
        return Outcome("delivered", 0, body.get("message", ""))
    if destination == "snapchat":
        if str(body.get("status", "")).upper() in ("INVALID", "FAILED", "ERROR"):
            return Outcome("rejected", events, str(body.get("reason") or body))
        return Outcome("delivered", 0, str(body.get("status", "")))
    if destination == "linkedin":
        results = body.get("elements", [])
        failed = [item for item in results if int(item.get("status", 500)) >= 300]
        return Outcome(
            "partial" if failed else "delivered",
            len(failed),
            "; ".join(str(item.get("error", item.get("status"))) for item in failed),
        )
    return Outcome("delivered", 0, str(body.get("data", "")))  # reddit
