"""The value formats the ad platforms document: hashes, click IDs, times and money."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal

_SHA256_HEX = re.compile(r"[0-9a-fA-F]{64}")
_CENT = Decimal("0.01")


def sha256_identifier(value: str | None) -> str | None:
    """SHA-256 lowercase hex of a trimmed, lowercased identifier; a value that already is a
    SHA-256 hex digest (Touchline's email_hash) is passed through lowercased, never hashed twice."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if _SHA256_HEX.fullmatch(value):
        return value.lower()
    return hashlib.sha256(value.lower().encode("utf-8")).hexdigest()


def as_utc(moment: dt.datetime) -> dt.datetime:
    """DuckDB returns naive timestamps; Touchline stores UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def unix_seconds(moment: dt.datetime) -> int:
    return int(as_utc(moment).timestamp())


def unix_millis(moment: dt.datetime) -> int:
    return int(as_utc(moment).timestamp() * 1000)


def meta_fbc(clicked_at: dt.datetime, fbclid: str) -> str:
    """Meta's fbc parameter: fb.<subdomain index 1>.<click time in ms>.<fbclid>."""
    return f"fb.1.{unix_millis(clicked_at)}.{fbclid}"


def google_time(moment: dt.datetime) -> str:
    """Google Ads' conversion time: yyyy-mm-dd hh:mm:ss+|-hh:mm (UTC here: +00:00)."""
    return as_utc(moment).strftime("%Y-%m-%d %H:%M:%S+00:00")


def microsoft_time(moment: dt.datetime) -> str:
    """Microsoft Advertising bulk files' date-time, UTC: M/D/YYYY h:mm:ss AM|PM."""
    moment = as_utc(moment)
    hour = moment.hour % 12 or 12
    return f"{moment.month}/{moment.day}/{moment.year} {hour}:{moment:%M:%S} {'AM' if moment.hour < 12 else 'PM'}"


def money_text(value: Decimal) -> str:
    """The exact amount as text: at least two decimals (12.50), more only when the order has them."""
    return str(value.quantize(_CENT)) if value == value.quantize(_CENT) else str(value.normalize())


def money_number(value: Decimal) -> float:
    """The amount as a JSON number. The shortest float repr of a decimal(18,4) below 2**53 / 10**4
    prints back as the same decimal digits, so the cents survive."""
    return float(money_text(value))
