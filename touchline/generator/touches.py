"""How a visit arrives: its landing query string and referrer, and the touch that the
classification rules (classification.md) must derive from them.

Every template states its expected source / medium / campaign next to the URL it builds, so
the ground truth never depends on re-implementing the classifier.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from urllib.parse import quote

from touchline.generator.campaigns import UNSPENT_UTM_CAMPAIGN, UNSPENT_UTM_SHARE, Campaign

DIRECT = ("(direct)", "(none)")
_TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@dataclass(frozen=True, slots=True)
class Touch:
    query: str  # '' or '?a=b&…', appended to the landing path
    referrer: str | None
    source: str
    medium: str
    campaign: str  # trimmed utm_campaign, '' when the link has none
    ad_platform: str = ""  # set when paid spend bought this visit
    campaign_id: str = ""  # the spend campaign behind it, when there is one

    @property
    def is_direct(self) -> bool:
        return self.source == "(direct)"


DIRECT_TOUCH = Touch("", None, *DIRECT, "")


def _token(rng: random.Random, n: int) -> str:
    return "".join(rng.choices(_TOKEN_CHARS, k=n))


def _qs(pairs: list[tuple[str, str]]) -> str:
    return "?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in pairs)


# (weight, referrer, source, medium): visits whose only signal is the referrer.
_ORGANIC_SEARCH = (
    (40, "https://www.google.com/", "google", "organic"),
    (10, "https://www.google.co.uk/", "google", "organic"),
    (4, "https://www.google.de/", "google", "organic"),
    (5, "android-app://com.google.android.googlequicksearchbox/", "google", "organic"),
    (12, "https://www.bing.com/", "bing", "organic"),
    (10, "https://duckduckgo.com/", "duckduckgo", "organic"),
    (5, "https://search.yahoo.com/", "yahoo", "organic"),
    (3, "https://uk.search.yahoo.com/", "yahoo", "organic"),
    (3, "https://www.ecosia.org/", "ecosia", "organic"),
)
_ORGANIC_SOCIAL = (
    (14, "https://www.facebook.com/", "facebook", "social"),
    (8, "https://m.facebook.com/", "facebook", "social"),
    (14, "https://l.instagram.com/", "instagram", "social"),
    (10, "https://www.pinterest.co.uk/", "pinterest", "social"),
    (8, "https://www.pinterest.com/", "pinterest", "social"),
    (8, "https://www.reddit.com/", "reddit", "social"),
    (4, "android-app://com.reddit.frontpage/", "reddit", "social"),
    (6, "https://t.co/", "x", "social"),
    (3, "https://www.linkedin.com/", "linkedin", "social"),
    (4, "https://www.youtube.com/", "youtube", "video"),
)
_AI = (
    (40, "https://chatgpt.com/", "chatgpt", "ai-assistant"),
    (20, "https://www.perplexity.ai/", "perplexity", "ai-assistant"),
    (10, "https://claude.ai/", "claude", "ai-assistant"),
    (10, "https://gemini.google.com/", "gemini", "ai-assistant"),
    (6, "https://copilot.microsoft.com/", "copilot", "ai-assistant"),
)
_REFERRAL = (
    (3, "https://www.thegiftedit-blog.com/best-gifts-2026/", "thegiftedit-blog.com", "referral"),
    (2, "https://outdoorgearreview.net/reviews/rain-shells", "outdoorgearreview.net", "referral"),
)


def _pick(rng: random.Random, table: tuple[tuple[int, str, str, str], ...]) -> Touch:
    _, ref, source, medium = rng.choices(table, weights=[t[0] for t in table])[0]
    return Touch("", ref, source, medium, "")


def organic_search(rng: random.Random) -> Touch:
    if rng.random() < 0.08:
        # Google Merchant free listing: srsltid is not a paid click ID.
        return Touch(_qs([("srsltid", "AfmBOo" + _token(rng, 40))]), "https://www.google.com/", "google", "organic", "")
    return _pick(rng, _ORGANIC_SEARCH)


def organic_social(rng: random.Random) -> Touch:
    if rng.random() < 0.15:
        # Meta appends fbclid to organic clicks too: the referrer picks facebook or instagram.
        ref, source = rng.choice((("https://l.facebook.com/", "facebook"), ("https://l.instagram.com/", "instagram")))
        return Touch(_qs([("fbclid", "IwAR" + _token(rng, 50))]), ref, source, "social", "")
    return _pick(rng, _ORGANIC_SOCIAL)


def ai_assistant(rng: random.Random) -> Touch:
    if rng.random() < 0.2:
        # ChatGPT tags its links; the medium falls back to the AI category's.
        return Touch(_qs([("utm_source", "chatgpt.com")]), None, "chatgpt", "ai-assistant", "")
    return _pick(rng, _AI)


def email(rng: random.Random) -> Touch:
    r = rng.random()
    if r < 0.6:
        campaign = rng.choice(("Weekly Newsletter", "Abandoned Cart Flow", "Autumn Launch 2026"))
        q = _qs(
            [("utm_source", "klaviyo"), ("utm_medium", "email"), ("utm_campaign", campaign), ("_kx", _token(rng, 24))]
        )
        return Touch(q, None, "klaviyo", "email", campaign)
    if r < 0.85:
        return Touch("", "https://mail.google.com/", "gmail", "email", "")
    return Touch("", "android-app://com.google.android.gm/", "gmail", "email", "")


def referral(rng: random.Random) -> Touch:
    return _pick(rng, _REFERRAL)


def direct(rng: random.Random) -> Touch:
    return DIRECT_TOUCH


# Channel mixes: (weight, template). Arrivals are how new people find the store without
# paid media; returns are later visits of people who already know it.
ARRIVAL_MIX = ((34, organic_search), (26, direct), (16, organic_social), (7, ai_assistant), (10, email), (4, referral))
RETURN_MIX = ((40, direct), (20, organic_search), (20, email), (9, organic_social), (6, ai_assistant), (5, referral))


def from_mix(rng: random.Random, mix: tuple) -> Touch:
    return rng.choices(mix, weights=[m[0] for m in mix])[0][1](rng)


def paid(rng: random.Random, c: Campaign) -> Touch:
    """A click on campaign c: tagged the ways each ad platform's users really tag links."""
    p = c.ad_platform
    camp = c.utm_campaign
    utm = [("utm_campaign", camp)] + ([("utm_id", c.campaign_id)] if c.use_utm_id else [])
    r = rng.random()
    cid = c.campaign_id
    if p == "google":
        gclid = ("gclid", "Cj0KCQjw" + _token(rng, 80))
        if r < 0.55:
            q = [("utm_source", "google"), ("utm_medium", "cpc"), *utm, gclid]
            return Touch(_qs(q), "https://www.google.com/", "google", "cpc", camp, p, cid)
        if r < 0.62:
            # An alias as utm_source and a non-standard paid medium.
            q = [("utm_source", "AdWords"), ("utm_medium", "ppc"), *utm, gclid]
            return Touch(_qs(q), "https://www.google.com/", "google", "ppc", camp, p, cid)
        if r < 0.85:
            return Touch(_qs([gclid]), "https://www.google.com/", "google", "cpc", "", p, cid)
        name = "gbraid" if r < 0.93 else "wbraid"
        return Touch(_qs([(name, "0AAAAA" + _token(rng, 40))]), None, "google", "cpc", "", p, cid)
    if p == "meta":
        fbclid = ("fbclid", "IwZXh0bgNhZW0B" + _token(rng, 60))
        if rng.random() < UNSPENT_UTM_SHARE:
            camp, cid, utm = UNSPENT_UTM_CAMPAIGN, "", [("utm_campaign", UNSPENT_UTM_CAMPAIGN)]
        if r < 0.5:
            q = [("utm_source", "facebook"), ("utm_medium", "paid_social"), *utm, fbclid]
            return Touch(_qs(q), "https://m.facebook.com/", "facebook", "paid_social", camp, p, cid)
        if r < 0.65:
            q = [("utm_source", "Facebook"), ("utm_medium", "Paid"), *utm, fbclid]
            return Touch(_qs(q), "https://l.facebook.com/", "facebook", "paid", camp, p, cid)
        if r < 0.9:
            q = [("utm_source", "ig"), ("utm_medium", "paid"), *utm, fbclid]
            return Touch(_qs(q), "https://l.instagram.com/", "instagram", "paid", camp, p, cid)
        q = [("utm_source", "fb"), ("utm_medium", "paid_social"), *utm]
        return Touch(_qs(q), None, "facebook", "paid_social", camp, p, cid)
    if p == "microsoft":
        msclkid = ("msclkid", _token(rng, 32).lower())
        if r < 0.7:
            q = [("utm_source", "bing"), ("utm_medium", "cpc"), *utm, msclkid]
            return Touch(_qs(q), "https://www.bing.com/", "bing", "cpc", camp, p, cid)
        # A paid click ID wins over the referrer: msclkid from DuckDuckGo is bing / cpc.
        return Touch(_qs([msclkid]), "https://duckduckgo.com/", "bing", "cpc", "", p, cid)
    if p == "pinterest":
        epik = ("epik", "dj0yJnU9" + _token(rng, 40))
        if r < 0.5:
            return Touch(_qs([epik]), "https://www.pinterest.com/", "pinterest", "cpc", "", p, cid)
        q = [("utm_source", "pinterest"), ("utm_medium", "paid"), *utm, epik]
        return Touch(_qs(q), "https://www.pinterest.co.uk/", "pinterest", "paid", camp, p, cid)
    if p == "tiktok":
        ttclid = ("ttclid", "E.C.P." + _token(rng, 60))
        if r < 0.7:
            q = [("utm_source", "tiktok"), ("utm_medium", "paid_social"), *utm, ttclid]
            return Touch(_qs(q), None, "tiktok", "paid_social", camp, p, cid)
        return Touch(_qs([ttclid]), None, "tiktok", "cpc", "", p, cid)
    if p == "snapchat":
        # Parameter names match case-insensitively (landing.md): Snap writes ScCid.
        sccid = ("ScCid", _token(rng, 36))
        if r < 0.5:
            return Touch(_qs([sccid]), None, "snapchat", "cpc", "", p, cid)
        q = [("utm_source", "snap"), ("utm_medium", "paid"), *utm, sccid]
        return Touch(_qs(q), None, "snapchat", "paid", camp, p, cid)
    if p == "reddit":
        rdt = ("rdt_cid", _token(rng, 19))
        if r < 0.5:
            return Touch(_qs([rdt]), "https://www.reddit.com/", "reddit", "cpc", "", p, cid)
        q = [("utm_source", "reddit"), ("utm_medium", "paid_social"), *utm, rdt]
        return Touch(_qs(q), "https://www.reddit.com/", "reddit", "paid_social", camp, p, cid)
    if p == "linkedin":
        li = ("li_fat_id", _token(rng, 36).lower())
        if r < 0.75:
            # A leading blank in the campaign: the truth keeps it trimmed.
            q = [("utm_source", "linkedin"), ("utm_medium", "paid_social"), ("utm_campaign", " " + camp), *utm[1:], li]
            return Touch(_qs(q), "https://www.linkedin.com/", "linkedin", "paid_social", camp, p, cid)
        return Touch(_qs([li]), "https://www.linkedin.com/", "linkedin", "cpc", "", p, cid)
    if p == "x":
        twclid = ("twclid", "2-" + _token(rng, 30))
        if r < 0.6:
            q = [("utm_source", "twitter"), ("utm_medium", "cpc"), *utm, twclid]
            return Touch(_qs(q), "https://t.co/", "x", "cpc", camp, p, cid)
        return Touch(_qs([twclid]), "https://t.co/", "x", "cpc", "", p, cid)
    raise ValueError(f"no link template for ad platform {p!r}")
