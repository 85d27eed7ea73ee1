"""Per-store settings the formats need: the currency of ad accounts whose exports lack one.

TOUCHLINE_ACCOUNT_CURRENCIES holds JSON, `{"123-456-7890": "EUR", "google": "EUR"}`: an
account id, or a platform for all its accounts. A spend row with no currency of its own
takes its account's, then its platform's; with neither it is quarantined (never taken as USD).
"""

from __future__ import annotations

import json
import os
from typing import Any

from touchline.landing.values import BadValue, parse_currency
from touchline.settings import ConfigError

ENV = "TOUCHLINE_ACCOUNT_CURRENCIES"


class SourceSettingError(ConfigError):
    """A bad setting: the message names it; it stops the load (never a file's rejection)."""


def source_settings() -> dict[str, Any]:
    return {"account_currencies": account_currencies()}


def account_currencies() -> dict[str, str]:
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise SourceSettingError(f"{ENV} is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise SourceSettingError(f'{ENV} must be a JSON object such as {{"123-456-7890": "EUR"}}')
    currencies = {}
    for key, code in value.items():
        try:
            currencies[str(key).strip().lower()] = parse_currency(str(code))
        except BadValue:
            raise SourceSettingError(f"{ENV}: {code!r} for {key!r} is not an ISO-4217 currency code") from None
    return currencies


# A platform may be configured under its connector name or its id (docs/sources.md).
_PLATFORM_IDS = {"facebook": "meta", "instagram": "meta", "bing": "microsoft", "twitter": "x"}


def _platform_id(name: str) -> str:
    bare = name.strip().lower().removesuffix("_ads")
    return _PLATFORM_IDS.get(bare, bare)


def account_currency(settings: dict[str, Any], platform: str, account_id: str | None) -> str:
    """The configured currency of an account, else of its platform (configured under its id,
    an alias or a connector name: `x`, `twitter`, `twitter_ads`), or BadValue."""
    currencies = settings.get("account_currencies", {})
    if account_id and account_id.strip().lower() in currencies:
        return currencies[account_id.strip().lower()]
    wanted = _platform_id(platform)
    for key, code in currencies.items():
        if _platform_id(key) == wanted:
            return code
    raise BadValue(f"no currency in the export and none configured for the account ({ENV})")
