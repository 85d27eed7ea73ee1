"""The eight destinations: how their export files are shaped and where `send` posts them."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from touchline.conversions import payloads
from touchline.settings import ConfigError


@dataclass(frozen=True)
class Api:
    """Where and how `touchline conversions send` posts one request body."""

    url: str  # with {placeholders} filled from settings
    auth: Callable[[Mapping[str, str]], dict[str, str]]  # headers (or {} when the token is in the URL)
    credentials: tuple[str, ...]  # environment variables send needs
    requests_per_minute: int


@dataclass(frozen=True)
class Destination:
    name: str
    file_format: str  # jsonl (one request body per line) or csv (the upload template)
    has_adjustments: bool
    batch_size: int = 1000  # events per request body
    event: Callable[[payloads.Row, Mapping[str, str]], dict[str, Any]] | None = None
    body: Callable[[list[dict[str, Any]], Mapping[str, str]], dict[str, Any]] | None = None
    export_settings: tuple[str, ...] = ()  # environment variables the payloads need
    api: Api | None = None
    defaults: Mapping[str, str] = field(default_factory=dict)

    def settings(self, environ: Mapping[str, str] | None = None) -> dict[str, str]:
        """The export settings from the environment; a missing one fails fast, naming it."""
        environ = os.environ if environ is None else environ
        values = {}
        for name in self.export_settings:
            value = (environ.get(name) or self.defaults.get(name, "")).strip()
            if not value:
                raise ConfigError(f"{name} must be set to export conversions to {self.name}")
            values[name] = value
        return values

    def api_settings(self, environ: Mapping[str, str] | None = None) -> dict[str, str]:
        environ = os.environ if environ is None else environ
        assert self.api is not None
        missing = [name for name in self.api.credentials if not (environ.get(name) or "").strip()]
        if missing:
            raise ConfigError(f"{', '.join(missing)} must be set to send conversions to {self.name}")
        return {name: environ[name].strip() for name in self.api.credentials}


def _bearer(variable: str) -> Callable[[Mapping[str, str]], dict[str, str]]:
    return lambda settings: {"Authorization": f"Bearer {settings[variable]}"}


DESTINATIONS: dict[str, Destination] = {
    destination.name: destination
    for destination in [
        Destination(
            "meta",
            "jsonl",
            False,
            batch_size=1000,
            event=payloads.meta_event,
            body=lambda events, settings: {"data": events},
            api=Api(
                "https://graph.facebook.com/v21.0/{TOUCHLINE_META_PIXEL_ID}/events?access_token={TOUCHLINE_META_ACCESS_TOKEN}",
                lambda settings: {},
                ("TOUCHLINE_META_PIXEL_ID", "TOUCHLINE_META_ACCESS_TOKEN"),
                600,
            ),
        ),
        Destination(
            "google_ads",
            "csv",
            True,
            export_settings=("TOUCHLINE_GOOGLE_ADS_CONVERSION_NAME",),
            defaults={"TOUCHLINE_GOOGLE_ADS_CONVERSION_NAME": "Purchase"},
        ),
        Destination(
            "pinterest",
            "jsonl",
            False,
            batch_size=1000,
            event=payloads.pinterest_event,
            body=lambda events, settings: {"data": events},
            api=Api(
                "https://api.pinterest.com/v5/ad_accounts/{TOUCHLINE_PINTEREST_AD_ACCOUNT_ID}/events",
                _bearer("TOUCHLINE_PINTEREST_ACCESS_TOKEN"),
                ("TOUCHLINE_PINTEREST_AD_ACCOUNT_ID", "TOUCHLINE_PINTEREST_ACCESS_TOKEN"),
                5000,
            ),
        ),
        Destination(
            "tiktok",
            "jsonl",
            False,
            batch_size=1000,
            event=payloads.tiktok_event,
            body=lambda events, settings: {
                "event_source": "web",
                "event_source_id": settings["TOUCHLINE_TIKTOK_PIXEL_CODE"],
                "data": events,
            },
            export_settings=("TOUCHLINE_TIKTOK_PIXEL_CODE",),
            api=Api(
                "https://business-api.tiktok.com/open_api/v1.3/event/track/",
                lambda settings: {"Access-Token": settings["TOUCHLINE_TIKTOK_ACCESS_TOKEN"]},
                ("TOUCHLINE_TIKTOK_ACCESS_TOKEN",),
                600,
            ),
        ),
        Destination(
            "snapchat",
            "jsonl",
            False,
            batch_size=1000,
            event=payloads.snapchat_event,
            body=lambda events, settings: {"data": events},
            api=Api(
                "https://tr.snapchat.com/v3/{TOUCHLINE_SNAPCHAT_PIXEL_ID}/events?access_token={TOUCHLINE_SNAPCHAT_ACCESS_TOKEN}",
                lambda settings: {},
                ("TOUCHLINE_SNAPCHAT_PIXEL_ID", "TOUCHLINE_SNAPCHAT_ACCESS_TOKEN"),
                600,
            ),
        ),
        Destination(
            "microsoft_ads",
            "csv",
            True,
            export_settings=("TOUCHLINE_MICROSOFT_ADS_CONVERSION_NAME",),
            defaults={"TOUCHLINE_MICROSOFT_ADS_CONVERSION_NAME": "Purchase"},
        ),
        Destination(
            "reddit",
            "jsonl",
            False,
            batch_size=1000,
            event=payloads.reddit_event,
            body=lambda events, settings: {"data": {"events": events}},
            api=Api(
                "https://ads-api.reddit.com/api/v3/pixels/{TOUCHLINE_REDDIT_PIXEL_ID}/conversion_events",
                _bearer("TOUCHLINE_REDDIT_ACCESS_TOKEN"),
                ("TOUCHLINE_REDDIT_PIXEL_ID", "TOUCHLINE_REDDIT_ACCESS_TOKEN"),
                600,
            ),
        ),
        Destination(
            "linkedin",
            "jsonl",
            False,
            batch_size=5000,
            event=payloads.linkedin_event,
            body=lambda events, settings: {"elements": events},
            export_settings=("TOUCHLINE_LINKEDIN_CONVERSION_RULE_ID",),
            api=Api(
                "https://api.linkedin.com/rest/conversionEvents",
                lambda settings: {
                    "Authorization": f"Bearer {settings['TOUCHLINE_LINKEDIN_ACCESS_TOKEN']}",
                    "LinkedIn-Version": "202511",
                    "X-Restli-Protocol-Version": "2.0.0",
                    "X-RestLi-Method": "BATCH_CREATE",
                },
                ("TOUCHLINE_LINKEDIN_ACCESS_TOKEN",),
                600,
            ),
        ),
    ]
}


def destination(name: str) -> Destination:
    try:
        return DESTINATIONS[name]
    except KeyError:
        raise ConfigError(f"--destination must be one of {', '.join(DESTINATIONS)}, got {name!r}") from None
