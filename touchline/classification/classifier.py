"""The Python path of the classifier: one hit (landing URL + referrer) to a touch.

It applies the precedence of classification.md exactly as the dbt models do
(int_hits_classified / the classify_hits macro); the parity test feeds one corpus to both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from touchline.classification.channels import channel_for
from touchline.classification.click_ids import (
    CLICK_CHANNEL_REFERRER_CATEGORIES,
    CLICK_IDS,
    FBCLID_REFERRER_PLATFORMS,
    FREE_LISTING_PARAMETER,
    ClickId,
)
from touchline.classification.hosts import host_in, match_referrer
from touchline.classification.registry import CATEGORY_MEDIA, PLATFORMS_BY_NAME, UNWANTED_REFERRERS
from touchline.classification.sources import alias_index
from touchline.classification.urls import parse_referrer, query_param, url_host, url_query

DIRECT = "(direct)"
NOT_SET = "(not set)"
_CAMPAIGN_KEY_RUNS = re.compile(r"[ _+\-]+")


@dataclass(frozen=True)
class Touch:
    source: str
    medium: str
    campaign: str | None
    content: str | None
    term: str | None
    campaign_key: str | None
    campaign_id: str | None
    platform: str | None
    ad_platform: str | None
    channel: str
    click_id_type: str | None
    click_id: str | None
    # How the touch was reached, for sessionisation and debugging.
    source_category: str | None
    referrer_kind: str
    page_host: str | None
    referrer_host: str | None
    click_ids: tuple[tuple[str, str | None], ...]

    @property
    def is_direct(self) -> bool:
        return self.source == DIRECT

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("click_ids")
        out["is_direct"] = self.is_direct
        out.update(dict(self.click_ids))
        return out


@dataclass(frozen=True)
class _Origin:
    """Who a touch is credited to: source, platform, ad platform, category."""

    source: str
    platform: str | None
    ad_platform: str | None
    category: str | None


def campaign_key(campaign: str | None) -> str | None:
    return None if campaign is None else _CAMPAIGN_KEY_RUNS.sub("-", campaign.lower())


def _platform_origin(name: str) -> _Origin:
    p = PLATFORMS_BY_NAME[name]
    return _Origin(p.name, p.name, p.ad_platform, p.category)


def _referrer_kind(host: str, is_app: bool, page_host: str, internal: Sequence[str], unwanted: Sequence[str]) -> str:
    if host == "":
        return "none"
    # the landing page's host and the configured hosts count with their sub-domains
    if not is_app and (host == page_host or host_in(host, [page_host, *internal])):
        return "internal"
    if not is_app and host_in(host, unwanted):
        return "unwanted"
    return "external"


def _norm_hosts(hosts: Sequence[str]) -> list[str]:
    return [h[4:] if h.startswith("www.") else h for h in (x.strip().lower() for x in hosts) if h]


def classify_hit(
    url: str,
    referrer: str | None = None,
    internal_hosts: Sequence[str] = (),
    unwanted_referrers: Sequence[str] = (),
) -> Touch:
    page_host = url_host(url)
    query = url_query(url)
    utm = {k: query_param(query, "utm_" + k) for k in ("source", "medium", "campaign", "content", "term", "id")}
    clicks = {c.parameter: query_param(query, c.parameter) for c in CLICK_IDS}
    first_click: ClickId | None = next((c for c in CLICK_IDS if clicks[c.parameter]), None)
    paid_click: ClickId | None = next((c for c in CLICK_IDS if c.is_paid and clicks[c.parameter]), None)

    ref = parse_referrer(referrer)
    kind = _referrer_kind(
        ref.host,
        ref.is_app,
        page_host,
        _norm_hosts(internal_hosts),
        [*UNWANTED_REFERRERS, *_norm_hosts(unwanted_referrers)],
    )
    entry = match_referrer(ref.host, ref.path, ref.is_app) if kind == "external" else None
    ref_origin: _Origin | None = None
    ref_medium = "referral"
    if entry is not None:
        ref_origin = _Origin(entry.source, entry.platform, entry.ad_platform, entry.category)
        ref_medium = entry.medium
    elif kind == "external":
        ref_origin = _Origin(ref.host, None, None, None)

    def click_origin(click: ClickId) -> _Origin:
        ref_platform = ref_origin.platform if ref_origin else None
        if click.parameter == "fbclid" and ref_platform in FBCLID_REFERRER_PLATFORMS:
            return _platform_origin(ref_platform)
        return _platform_origin(click.platform)

    origin: _Origin
    term = utm["term"]
    if utm["source"] or utm["medium"]:  # 1. UTM-tagged
        if utm["source"]:
            alias = alias_index().get(utm["source"].lower())
            origin = (
                _Origin(alias.source, alias.platform, alias.ad_platform, alias.category)
                if alias
                else _Origin(utm["source"].lower(), None, None, None)
            )
        elif first_click is not None:
            origin = click_origin(first_click)
        else:
            origin = ref_origin or _Origin(NOT_SET, None, None, None)
        if utm["medium"]:
            medium = utm["medium"].lower()
        elif paid_click is not None:
            medium = paid_click.medium
        else:
            medium = CATEGORY_MEDIA.get(origin.category or "", NOT_SET)
    elif paid_click is not None:  # 2. paid click ID
        origin = click_origin(paid_click)
        medium = paid_click.medium
        # The ad network the click came through (YouTube, Google display) sets the channel.
        if (
            entry is not None
            and entry.ad_platform == paid_click.ad_platform
            and entry.category in CLICK_CHANNEL_REFERRER_CATEGORIES
        ):
            origin = _Origin(origin.source, origin.platform, origin.ad_platform, entry.category)
    elif first_click is not None:  # 3. fbclid only
        origin = click_origin(first_click)
        medium = first_click.medium
    elif query_param(query, FREE_LISTING_PARAMETER) and (
        ref_origin is None or ref_origin.platform == "google"
    ):  # 4. Google free listing
        origin = _Origin("google", "google", "google", "shopping")
        medium = "organic"
    elif ref_origin is not None:  # 5. referrer only
        origin, medium = ref_origin, ref_medium
        # a search engine's referrer may carry the visitor's query: the organic term
        if term is None and entry is not None and entry.category == "search":
            term = next((t for t in (query_param(ref.query, p) for p in entry.search_params) if t), None)
    else:  # 6. nothing
        origin, medium = _Origin(DIRECT, None, None, None), "(none)"

    return Touch(
        source=origin.source,
        medium=medium,
        campaign=utm["campaign"],
        content=utm["content"],
        term=term,
        campaign_key=campaign_key(utm["campaign"]),
        campaign_id=utm["id"],
        platform=origin.platform,
        ad_platform=origin.ad_platform,
        channel=channel_for(origin.source, medium, utm["campaign"], origin.category),
        click_id_type=first_click.parameter if first_click else None,
        click_id=clicks[first_click.parameter] if first_click else None,
        source_category=origin.category,
        referrer_kind=kind,
        page_host=page_host or None,
        referrer_host=ref.host or None,
        click_ids=tuple(clicks.items()),
    )
