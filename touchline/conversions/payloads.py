"""Each destination's event, built from one row of marts.conversion_events as its API or upload
template documents it (docs/conversions.md, "Payloads"). Optional fields the order lacks are
left out rather than sent empty."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from touchline.conversions.formats import (
    google_time,
    meta_fbc,
    microsoft_time,
    money_number,
    money_text,
    sha256_identifier,
    unix_millis,
    unix_seconds,
)

Row = Mapping[str, Any]


def _present(mapping: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in mapping.items() if value not in (None, [], {})}


def _list(value: str | None) -> list[str]:
    return [value] if value else []


def _hashes(row: Row) -> tuple[str | None, str | None]:
    return sha256_identifier(row["email_hash"]), sha256_identifier(row["external_id_hash"])


def _click(row: Row, parameter: str) -> str | None:
    return row["click_id"] if row["click_id_type"] == parameter else None


def meta_event(row: Row, settings: Mapping[str, str]) -> dict[str, Any]:
    email, external_id = _hashes(row)
    fbclid = _click(row, "fbclid")
    return _present(
        {
            "event_name": row["event_name"],
            "event_time": unix_seconds(row["event_at"]),
            "event_id": row["event_id"],
            "action_source": "website",
            "event_source_url": row["event_source_url"],
            "user_data": _present(
                {
                    "em": _list(email),
                    "external_id": _list(external_id),
                    "fbc": meta_fbc(row["clicked_at"], fbclid) if fbclid else None,
                    "client_user_agent": row["user_agent"],
                }
            ),
            "custom_data": {
                "value": money_number(row["value"]),
                "currency": row["currency"],
                "order_id": row["order_id"],
            },
        }
    )


def pinterest_event(row: Row, settings: Mapping[str, str]) -> dict[str, Any]:
    email, external_id = _hashes(row)
    return _present(
        {
            "event_name": row["event_name"],
            "action_source": "web",
            "event_time": unix_seconds(row["event_at"]),
            "event_id": row["event_id"],
            "event_source_url": row["event_source_url"],
            "user_data": _present(
                {
                    "em": _list(email),
                    "external_id": _list(external_id),
                    "click_id": _click(row, "epik"),
                    "client_user_agent": row["user_agent"],
                }
            ),
            # Pinterest documents value as a string it parses
            "custom_data": {
                "currency": row["currency"],
                "value": money_text(row["value"]),
                "order_id": row["order_id"],
            },
        }
    )


def tiktok_event(row: Row, settings: Mapping[str, str]) -> dict[str, Any]:
    email, external_id = _hashes(row)
    return _present(
        {
            "event": row["event_name"],
            "event_time": unix_seconds(row["event_at"]),
            "event_id": row["event_id"],
            "user": _present(
                {
                    "email": email,
                    "external_id": external_id,
                    "ttclid": _click(row, "ttclid"),
                    "user_agent": row["user_agent"],
                }
            ),
            "page": _present({"url": row["event_source_url"]}),
            "properties": {
                "value": money_number(row["value"]),
                "currency": row["currency"],
                "order_id": row["order_id"],
            },
        }
    )


def snapchat_event(row: Row, settings: Mapping[str, str]) -> dict[str, Any]:
    email, external_id = _hashes(row)
    return _present(
        {
            "event_name": row["event_name"],
            "event_time": unix_seconds(row["event_at"]),
            "event_id": row["event_id"],
            "action_source": "WEB",
            "event_source_url": row["event_source_url"],
            "user_data": _present(
                {
                    "em": _list(email),
                    "external_id": _list(external_id),
                    "sc_click_id": _click(row, "sccid"),
                    "client_user_agent": row["user_agent"],
                }
            ),
            "custom_data": {
                "currency": row["currency"],
                "value": money_text(row["value"]),
                "order_id": row["order_id"],
            },
        }
    )


def reddit_event(row: Row, settings: Mapping[str, str]) -> dict[str, Any]:
    email, external_id = _hashes(row)
    return _present(
        {
            "event_at": unix_millis(row["event_at"]),
            "action_source": "WEBSITE",
            "type": {"tracking_type": row["event_name"]},
            "click_id": _click(row, "rdt_cid"),
            "user": _present({"email": email, "external_id": external_id, "user_agent": row["user_agent"]}),
            "metadata": {
                "conversion_id": row["event_id"],
                "currency": row["currency"],
                "value": money_number(row["value"]),
            },
        }
    )


def linkedin_event(row: Row, settings: Mapping[str, str]) -> dict[str, Any]:
    email, _ = _hashes(row)
    user_ids = []
    if email:
        user_ids.append({"idType": "SHA256_EMAIL", "idValue": email})
    if _click(row, "li_fat_id"):
        user_ids.append({"idType": "LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID", "idValue": row["click_id"]})
    return {
        "conversion": f"urn:lla:llaPartnerConversion:{settings['TOUCHLINE_LINKEDIN_CONVERSION_RULE_ID']}",
        "conversionHappenedAt": unix_millis(row["event_at"]),
        "conversionValue": {"currencyCode": row["currency"], "amount": money_text(row["value"])},
        "user": {"userIds": user_ids},
        "eventId": row["event_id"],
    }


GOOGLE_CONVERSION_HEADER = [
    "Google Click ID",
    "Conversion Name",
    "Conversion Time",
    "Conversion Value",
    "Conversion Currency",
    "Order ID",
]
GOOGLE_ADJUSTMENT_HEADER = [
    "Order ID",
    "Conversion Name",
    "Adjustment Time",
    "Adjustment Type",
    "Adjusted Value",
    "Adjusted Value Currency",
]


def google_conversion_row(row: Row, settings: Mapping[str, str]) -> list[str]:
    return [
        row["click_id"],
        settings["TOUCHLINE_GOOGLE_ADS_CONVERSION_NAME"],
        google_time(row["event_at"]),
        money_text(row["value"]),
        row["currency"],
        row["order_id"],
    ]


def google_adjustment_row(row: Row, settings: Mapping[str, str], adjusted_at: dt.datetime) -> list[str]:
    retraction = row["export_action"] == "retraction"
    return [
        row["order_id"],
        settings["TOUCHLINE_GOOGLE_ADS_CONVERSION_NAME"],
        google_time(adjusted_at),
        "RETRACTION" if retraction else "RESTATEMENT",
        # a retraction carries no value (Google rejects one)
        "" if retraction else money_text(row["value"]),
        "" if retraction else row["currency"],
    ]


MICROSOFT_HEADER = [
    "Type",
    "Status",
    "Id",
    "Parent Id",
    "Client Id",
    "Name",
    "Conversion Currency Code",
    "Conversion Name",
    "Conversion Time",
    "Conversion Value",
    "Microsoft Click Id",
    "Adjustment Type",
    "Adjustment Value",
    "Adjustment Time",
    "Adjustment Currency Code",
]
MICROSOFT_FORMAT_ROW = ["Format Version", "", "", "", "", "6.0", "", "", "", "", "", "", "", "", ""]


def microsoft_row(row: Row, settings: Mapping[str, str], adjusted_at: dt.datetime) -> list[str]:
    name = settings["TOUCHLINE_MICROSOFT_ADS_CONVERSION_NAME"]
    base = ["Offline Conversion", "", "", "", row["order_id"], "", ""]
    if row["export_action"] == "conversion":
        return [
            *base[:6],
            row["currency"],
            name,
            microsoft_time(row["event_at"]),
            money_text(row["value"]),
            row["click_id"],
            "",
            "",
            "",
            "",
        ]
    # an adjustment names the original conversion by its name, time and click ID
    if row["export_action"] == "retraction":
        return [
            *base[:6],
            "",
            name,
            microsoft_time(row["event_at"]),
            "",
            row["click_id"],
            "Retract",
            "",
            microsoft_time(adjusted_at),
            "",
        ]
    return [
        *base[:6],
        "",
        name,
        microsoft_time(row["event_at"]),
        "",
        row["click_id"],
        "Restate",
        money_text(row["value"]),
        microsoft_time(adjusted_at),
        row["currency"],
    ]
