"""The 12 click IDs, in the spec's order: when a URL carries several, the first one wins."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClickId:
    parameter: str
    platform: str
    ad_platform: str
    is_paid: bool
    # The medium a touch gets from this click ID when it carries no utm_medium.
    medium: str


CLICK_IDS: tuple[ClickId, ...] = (
    ClickId("gclid", "google", "google", True, "cpc"),
    ClickId("gbraid", "google", "google", True, "cpc"),
    ClickId("wbraid", "google", "google", True, "cpc"),
    ClickId("dclid", "google", "google", True, "display"),
    # Meta appends fbclid to organic clicks too, so it is not proof of a paid click.
    ClickId("fbclid", "facebook", "meta", False, "social"),
    ClickId("msclkid", "bing", "microsoft", True, "cpc"),
    ClickId("ttclid", "tiktok", "tiktok", True, "cpc"),
    ClickId("epik", "pinterest", "pinterest", True, "cpc"),
    ClickId("li_fat_id", "linkedin", "linkedin", True, "cpc"),
    ClickId("twclid", "x", "x", True, "cpc"),
    ClickId("sccid", "snapchat", "snapchat", True, "cpc"),
    ClickId("rdt_cid", "reddit", "reddit", True, "cpc"),
)

CLICK_ID_PARAMETERS: tuple[str, ...] = tuple(c.parameter for c in CLICK_IDS)

# fbclid is credited to the Meta app the visitor actually came from.
FBCLID_REFERRER_PLATFORMS: tuple[str, ...] = ("instagram", "threads")

# A paid click arriving from its own ad network's video or display host keeps its source but
# takes that host's category for the channel (gclid from YouTube is Paid Video).
CLICK_CHANNEL_REFERRER_CATEGORIES: tuple[str, ...] = ("video", "display")

# Google Merchant free listings: not a paid click ID, but it marks Organic Shopping.
FREE_LISTING_PARAMETER = "srsltid"
